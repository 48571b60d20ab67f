#!/usr/bin/env bash
# Times our builds of the synthetic tree with and without the build cache,
# as whole processes: a full build (-clean, no output and no cache before
# it), a build with nothing changed, and a build after one note was
# edited. Each run does the three in turn (a different note is edited each
# time); the script prints medians and the ratios against the full build.
#
#   bench/incremental.sh                 # N = 2000 and 10000; 5 runs
#   RUNS=3 SIZES=10000 bench/incremental.sh
#
# Needs Go and /usr/bin/time. Work files go to $BENCH_DIR (default
# /tmp/statuscodes-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${SIZES:-"2000 10000"}
runs=${RUNS:-5}
work=${BENCH_DIR:-/tmp/statuscodes-bench}
mkdir -p "$work"
. bench/lib.sh
[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }

go build -o "$work/statuscodes" .
echo "ours: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(go version | cut -d' ' -f3)"
echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GB"
echo

# build DIR [FLAGS]: one timed build; prints "seconds kilobytes".
build() {
	local dir=$1 log
	shift
	log=$(mktemp)
	/usr/bin/time -v "$work/statuscodes" build "$@" -content "$dir/content" -templates "$root/templates" \
		-static "$root/static" -out "$dir/public-inc" -search-limit 0 >"$log.out" 2>"$log" ||
		{ cat "$log.out" "$log" >&2; exit 1; }
	timed "$log"
	rm -f "$log" "$log.out"
}

printf '| notes | build | wall (s) | wall / full | peak RSS (MB) |\n'
printf '|---:|---|---:|---:|---:|\n'
for n in $sizes; do
	dir=$work/inc$n
	go run ./bench/fixture -n "$n" -out "$dir"
	: >"$dir/full.txt"; : >"$dir/none.txt"; : >"$dir/edit.txt"
	notes=("$dir"/content/bench/*.md)
	for i in $(seq "$runs"); do
		rm -rf "$dir/public-inc" "$dir/.public-inc.spare" "$dir/.public-inc.cache"
		build "$dir" -clean >>"$dir/full.txt"
		build "$dir" >>"$dir/none.txt"
		note=${notes[$((i * 7919 % ${#notes[@]}))]}
		printf '\nEdited by bench/incremental.sh, run %d.\n' "$i" >>"$note"
		build "$dir" >>"$dir/edit.txt"
	done
	fw=$(cut -d' ' -f1 "$dir/full.txt" | median)
	for kind in full none edit; do
		case $kind in
		full) l="full (-clean)" ;;
		none) l="nothing changed" ;;
		edit) l="one note edited" ;;
		esac
		w=$(cut -d' ' -f1 "$dir/$kind.txt" | median)
		m=$(cut -d' ' -f2 "$dir/$kind.txt" | median)
		awk -v n="$n" -v l="$l" -v w="$w" -v fw="$fw" -v m="$m" 'BEGIN {
			printf "| %d | %s | %.2f | %.3f | %.0f |\n", n, l, w, w / fw, m / 1024 }'
	done
done
echo
echo "runs: $runs (medians); raw \"seconds kilobytes\" per run in $work/inc*/{full,none,edit}.txt"

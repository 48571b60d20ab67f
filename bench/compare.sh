#!/usr/bin/env bash
# Times whole-process builds of the same synthetic content with our
# generator and with Hugo (Debian's package), alternating runs, and prints
# the median wall time and peak RSS of each, with the ratios.
#
#   bench/compare.sh                 # N = 250, 2000, 10000; 3 runs each
#   RUNS=5 SIZES="250 2000" bench/compare.sh
#
# Needs /usr/bin/time (package time) and hugo; installs both when missing
# and run as root. Work files go to $BENCH_DIR (default /tmp/statuscodes-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${SIZES:-"250 2000 10000"}
runs=${RUNS:-3}
work=${BENCH_DIR:-/tmp/statuscodes-bench}
mkdir -p "$work"

need() {
	if ! command -v "$1" >/dev/null 2>&1 && ! [ -x "$2" ]; then
		echo "installing $3" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$3" >/dev/null
	fi
}
need hugo /usr/bin/hugo hugo
need time /usr/bin/time time

go build -o "$work/statuscodes" .
echo "ours: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(go version | cut -d' ' -f3)"
echo "hugo: $(hugo version | cut -d' ' -f2)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
echo

# measure TOOL DIR: one timed build; prints "seconds kilobytes".
measure() {
	local tool=$1 dir=$2 out log
	log=$(mktemp)
	if [ "$tool" = ours ]; then
		out=$dir/public
		rm -rf "$out" "$dir/.public.spare" # a cold build, as Hugo's is
		/usr/bin/time -v "$work/statuscodes" build -content "$dir/content" -templates "$root/templates" \
			-static "$root/static" -out "$out" -search-limit 0 >/dev/null 2>"$log"
	else
		out=$dir/hugo-public
		rm -rf "$out"
		/usr/bin/time -v hugo --quiet --source "$root/bench/hugo" --contentDir "$dir/content" \
			--destination "$out" >/dev/null 2>"$log"
	fi
	awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; secs = s }
		/Maximum resident set size/ { kb = $NF }
		END { printf "%.2f %d\n", secs, kb }' "$log"
	rm -f "$log"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '| notes | ours wall (s) | Hugo wall (s) | Hugo / ours | ours peak RSS (MB) | Hugo peak RSS (MB) | ours / Hugo RSS |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
	dir=$work/n$n
	go run ./bench/fixture -n "$n" -out "$dir"
	: >"$dir/ours.txt"
	: >"$dir/hugo.txt"
	for i in $(seq "$runs"); do
		# Alternate which goes first, so that neither always meets a warm cache.
		if [ $((i % 2)) = 1 ]; then order="ours hugo"; else order="hugo ours"; fi
		for tool in $order; do
			measure "$tool" "$dir" >>"$dir/$tool.txt"
		done
	done
	ow=$(cut -d' ' -f1 "$dir/ours.txt" | median)
	hw=$(cut -d' ' -f1 "$dir/hugo.txt" | median)
	om=$(cut -d' ' -f2 "$dir/ours.txt" | median)
	hm=$(cut -d' ' -f2 "$dir/hugo.txt" | median)
	awk -v n="$n" -v ow="$ow" -v hw="$hw" -v om="$om" -v hm="$hm" 'BEGIN {
		printf "| %d | %.2f | %.2f | %.1f× | %.0f | %.0f | 1/%.1f |\n", n, ow, hw, hw / ow, om / 1024, hm / 1024, hm / om }'
done
echo
echo "runs per tool and size: $runs (medians); raw numbers in $work/n*/{ours,hugo}.txt"

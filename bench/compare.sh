#!/usr/bin/env bash
# Times whole-process builds of the same synthetic content with our
# generator and with two Hugo versions: v0.150.0, built from the Go module
# proxy (once, cached in $BENCH_DIR), and Debian's package (0.111.3 on
# bookworm). Runs alternate the order of the tools; the script prints the
# median wall time and peak RSS of each, with ratios against ours.
#
#   bench/compare.sh                 # N = 250, 2000, 10000; 3 runs each
#   RUNS=5 SIZES="250 2000" bench/compare.sh
#
# Needs Go, /usr/bin/time (package time) and hugo; installs the last two
# with apt when missing and run as root. Work files, the Hugo source module
# and the Hugo binary go to $BENCH_DIR (default /tmp/statuscodes-bench).
# HUGO_VERSION picks the proxy-built version (default v0.150.0).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${SIZES:-"250 2000 10000"}
runs=${RUNS:-3}
work=${BENCH_DIR:-/tmp/statuscodes-bench}
hugo_version=${HUGO_VERSION:-v0.150.0}
mkdir -p "$work"
. bench/lib.sh

need() {
	if ! command -v "$1" >/dev/null 2>&1 && ! [ -x "$2" ]; then
		if [ "$(id -u)" != 0 ]; then
			echo "$3 is missing: apt-get install $3 (as root)" >&2
			exit 1
		fi
		echo "installing $3" >&2
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$3" >/dev/null
	fi
}
need hugo /usr/bin/hugo hugo
need time /usr/bin/time time
debian_hugo=$(command -v hugo || echo /usr/bin/hugo)

# Hugo from the module proxy: a throwaway module outside the repository
# whose main.go is Hugo's own, built once (a few minutes) and kept.
new_hugo=$work/hugo-${hugo_version#v}
if ! [ -x "$new_hugo" ]; then
	echo "building Hugo $hugo_version from the Go module proxy into $new_hugo" >&2
	src=$work/hugo-src
	rm -rf "$src"
	mkdir -p "$src"
	moddir=$(go mod download -json "github.com/gohugoio/hugo@$hugo_version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	(
		cd "$src"
		cp "$moddir/main.go" main.go
		chmod u+w main.go
		go mod init hugo-bench >/dev/null 2>&1
		go get "github.com/gohugoio/hugo@$hugo_version" 2>/dev/null
		go mod tidy 2>/dev/null
		CGO_ENABLED=0 go build -o "$new_hugo.tmp" .
	)
	mv "$new_hugo.tmp" "$new_hugo"
fi

go build -o "$work/statuscodes" .
tools="ours hugonew hugodeb"
label() {
	case $1 in
	ours) echo "ours" ;;
	hugonew) echo "Hugo ${hugo_version#v} (proxy build)" ;;
	hugodeb) echo "Hugo $("$debian_hugo" version | cut -d' ' -f2 | sed 's/^v//; s/+.*//') (Debian)" ;;
	esac
}
echo "ours: $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(go version | cut -d' ' -f3)"
echo "hugo: $("$new_hugo" version)"
echo "hugo: $("$debian_hugo" version)"
echo "machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GB"
echo

# measure TOOL DIR: one timed, cold build (output folder removed first);
# prints "seconds kilobytes".
measure() {
	local tool=$1 dir=$2 out log bin
	log=$(mktemp)
	out=$dir/public-$tool
	rm -rf "$out" "$dir/.public-$tool.spare" "$dir/.public-$tool.cache"
	case $tool in
	ours)
		/usr/bin/time -v "$work/statuscodes" build -clean -content "$dir/content" -templates "$root/templates" \
			-static "$root/static" -out "$out" -search-limit 0 >/dev/null 2>"$log"
		;;
	*)
		if [ "$tool" = hugonew ]; then bin=$new_hugo; else bin=$debian_hugo; fi
		/usr/bin/time -v "$bin" --quiet --source "$root/bench/hugo" --contentDir "$dir/content" \
			--destination "$out" >/dev/null 2>"$log"
		;;
	esac
	timed "$log"
	rm -f "$log"
}

printf '| notes | tool | wall (s) | wall / ours | peak RSS (MB) | RSS / ours |\n'
printf '|---:|---|---:|---:|---:|---:|\n'
for n in $sizes; do
	dir=$work/n$n
	go run ./bench/fixture -n "$n" -out "$dir"
	for tool in $tools; do : >"$dir/$tool.txt"; done
	for i in $(seq "$runs"); do
		# Rotate which tool goes first, so that none always meets a warm cache.
		case $((i % 3)) in
		1) order="ours hugonew hugodeb" ;;
		2) order="hugonew hugodeb ours" ;;
		0) order="hugodeb ours hugonew" ;;
		esac
		for tool in $order; do
			measure "$tool" "$dir" >>"$dir/$tool.txt"
		done
	done
	ow=$(cut -d' ' -f1 "$dir/ours.txt" | median)
	om=$(cut -d' ' -f2 "$dir/ours.txt" | median)
	for tool in $tools; do
		w=$(cut -d' ' -f1 "$dir/$tool.txt" | median)
		m=$(cut -d' ' -f2 "$dir/$tool.txt" | median)
		awk -v n="$n" -v l="$(label "$tool")" -v ow="$ow" -v w="$w" -v om="$om" -v m="$m" 'BEGIN {
			printf "| %d | %s | %.2f | %.2f× | %.0f | %.2f× |\n", n, l, w, w / ow, m / 1024, m / om }'
	done
done
echo
echo "runs per tool and size: $runs (medians); raw \"seconds kilobytes\" per run in $work/n*/{$(echo $tools | tr ' ' ,)}.txt"

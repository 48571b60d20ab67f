# Shared by the benchmark scripts: sourced, not run.

# timed LOG: the wall seconds and peak kilobytes of a `/usr/bin/time -v`
# report, as "seconds kilobytes".
timed() {
	awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; secs = s }
		/Maximum resident set size/ { kb = $NF }
		END { printf "%.2f %d\n", secs, kb }' "$1"
}

# median: the median of the numbers on standard input, one a line.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

#!/bin/sh
# calltree.sh -- times making and printing the call tree of a
# 5,000-child township (target: both together within 1 s), as a
# principal would run them, and printing it as PDF (target: within 1 s;
# with the bytes a page).  Called by bench.sh as
#	bench/calltree.sh SHOUHU WORKDIR
# and usable alone.  Prints the figures: medians of $RUNS runs.
set -eu

shouhu=$1
work=$2
runs=${RUNS:-5}
db="$work/calltree-db"
export LC_ALL=C.UTF-8

now_ns() { date +%s%N; }

# median_ms CMD...: the median wall time of $runs runs, in ms.
median_ms() {
	i=0
	: >"$work/ct-times"
	while [ $i -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$work/ct-times"
		i=$((i + 1))
	done
	sort -n "$work/ct-times" | awk '{ a[NR] = $1 } END {
		m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}

rm -rf "$db"
"$shouhu" --db "$db" demo --children 5000 --seed 1 >/dev/null
"$shouhu" --db "$db" --lang en calltree generate --township --name bench >"$work/ct-gen.txt"
gen=$(median_ms "$shouhu" --db "$db" --lang en calltree generate --township --name bench)
print=$(median_ms "$shouhu" --db "$db" --lang en calltree print --tree bench -o "$work/ct-sheet.txt")
"$shouhu" --db "$db" --lang en calltree print --tree bench -o "$work/ct-sheet.txt"
lines=$(grep -c '\[ \]' "$work/ct-sheet.txt")
pages=$(($(tr -cd '\f' <"$work/ct-sheet.txt" | wc -c) + 1))
total=$(awk -v a="$gen" -v b="$print" 'BEGIN { printf "%.1f", a + b }')
echo "call tree, 5,000 children: generate $gen ms + print $print ms = $total ms (target <= 1000 ms); $lines lines on $pages pages"
# The same sheet as PDF, as `-o FILE.pdf` and `--lp` make it.
pdf=$(median_ms "$shouhu" --db "$db" --lang zh calltree print --tree bench -o "$work/ct-sheet.pdf")
# CPU seconds of one run: the wall time on an idle machine.
cpu=unknown
[ -x /usr/bin/time ] && cpu=$( { /usr/bin/time -f '%U %S' "$shouhu" --db "$db" --lang zh calltree print \
    --tree bench -o "$work/ct-sheet.pdf" 2>&1 >/dev/null; } | awk '{ printf "%.0f", ($1 + $2) * 1000 }')
bytes=$(wc -c <"$work/ct-sheet.pdf")
pdfpages=$(grep -c '/Type */Page[^s]' "$work/ct-sheet.pdf" || true)
[ "$pdfpages" -gt 0 ] || pdfpages=$pages
echo "call tree PDF, 5,000 children: $pdf ms, CPU $cpu ms (target <= 1000 ms); $pdfpages pages, $((bytes / pdfpages)) bytes a page"
rm -rf "$db"

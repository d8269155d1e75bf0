#!/bin/sh
# pdf.sh -- times drawing the call sheet of a 5,000-child township as
# A4 PDF (target: well within 1 s) and reports its bytes per page.  The
# sheet's text comes from the program (calltree print, in Chinese); the
# PDF is drawn by the test driver tests/pdf-sheet (make check builds it).
# Usage, from a built tree:  bench/pdf.sh [SHOUHU [WORKDIR]]
# Prints the figures: the median of $RUNS runs, and the CPU time of one
# (what the wall time would be on an idle machine).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shouhu=${1:-$top/src/shouhu}
work=${2:-$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bench.XXXXXX")}
sheet=$top/tests/pdf-sheet
runs=${RUNS:-5}
db="$work/pdf-db"
export LC_ALL=C.UTF-8

[ -x "$sheet" ] || (cd "$top" && make tests/pdf-sheet >/dev/null)

now_ns() { date +%s%N; }

rm -rf "$db"
"$shouhu" --db "$db" demo --children 5000 --seed 1 >/dev/null
"$shouhu" --db "$db" calltree generate --township --name bench >/dev/null
"$shouhu" --db "$db" --lang zh calltree print --tree bench \
    -o "$work/pdf-sheet.txt"
i=0
: >"$work/pdf-times"
while [ $i -lt "$runs" ]; do
	t0=$(now_ns)
	"$sheet" render "$work/pdf-sheet.pdf" bench <"$work/pdf-sheet.txt"
	t1=$(now_ns)
	echo $(( (t1 - t0) / 1000 )) >>"$work/pdf-times"
	i=$((i + 1))
done
ms=$(sort -n "$work/pdf-times" | awk '{ a[NR] = $1 } END {
	m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	printf "%.1f", m / 1000 }')
cpu=n/a
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%U %S' -o "$work/pdf-cpu" "$sheet" render \
	    "$work/pdf-sheet.pdf" bench <"$work/pdf-sheet.txt"
	cpu=$(awk '{ printf "%.0f", ($1 + $2) * 1000 }' "$work/pdf-cpu")
fi
bytes=$(wc -c <"$work/pdf-sheet.pdf")
pages=$(($(tr -cd '\f' <"$work/pdf-sheet.txt" | wc -c) + 1))
echo "call sheet as PDF, 5,000 children: $pages pages in $ms ms" \
    "($cpu ms of CPU; target < 1000 ms); $bytes bytes," \
    "$((bytes / pages)) per page"
rm -rf "$db"

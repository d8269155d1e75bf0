#!/bin/sh
# worklist.sh -- times `shouhu due --school` (target <= 0.2 s) on the
# largest school of a demo township of 100,000 children, whose care log
# holds a term of entries for every mentored child (about 10 each), and
# a mentor's own worklist.  Called by bench.sh as
#	bench/worklist.sh SHOUHU DB WORKDIR
# on its database, or alone (bench/worklist.sh [CHILDREN]), when it
# makes one.  Prints the figures: medians of $RUNS runs.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-15}
export LC_ALL=C.UTF-8
if [ $# -ge 3 ]; then
	shouhu=$1
	db=$2
	work=$3
else
	shouhu=${SHOUHU:-$top/src/shouhu}
	work=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	db="$work/db"
	echo "building a demo of ${1:-100000} children..."
	"$shouhu" --db "$db" demo --children "${1:-100000}" --seed 1 >/dev/null
fi

now_ns() { date +%s%N; }

# median_ms CMD...: the median wall time of $runs runs, in ms.
median_ms() {
	i=0
	: >"$work/wl-times"
	while [ $i -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$work/wl-times"
		i=$((i + 1))
	done
	sort -n "$work/wl-times" | awk '{ a[NR] = $1 } END {
		m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}

# The school with the most children, and a mentor with the most mentees.
school=$("$shouhu" --db "$db" list schools --format csv | tail -n +2 |
    awk -F, '{ print $NF "," $2 }' | sort -t, -k1 -rn | head -1 | cut -d, -f2)
kids=$("$shouhu" --db "$db" list children --school "$school" --format csv |
    tail -n +2 | wc -l | tr -d ' ')
mentor=$("$shouhu" --db "$db" list staff --school "$school" --format csv |
    tail -n +2 | awk -F, '{ print $NF "," $1 }' | sort -t, -k1 -rn |
    head -1 | cut -d, -f2)
logs=$("$shouhu" --db "$db" log list --school "$school" --format csv 2>/dev/null |
    tail -n +2 | wc -l | tr -d ' ')
items=$("$shouhu" --db "$db" due --school "$school" --format csv |
    tail -n +2 | wc -l | tr -d ' ')
ms=$(median_ms "$shouhu" --db "$db" due --school "$school")
echo "worklist of a school:  $ms ms median (target <= 200 ms): $school," \
    "$kids children, $logs log entries, $items things to do"
ms=$(median_ms "$shouhu" --db "$db" due --staff "$mentor")
echo "  a mentor's worklist: $ms ms median"

#!/bin/sh
# report.sh -- times `report summary --township` over a whole county
# (target: within 0.5 s for 100,000 children), as text and as CSV, next
# to the baseline it replaces: exporting the children's list as CSV and
# counting it by hand (here: list children --format csv, then awk).
# Called by bench.sh as
#	bench/report.sh SHOUHU DB WORKDIR
# and usable alone.  Prints medians of $RUNS runs: wall time and CPU
# time (user + system, bench/measure.c), which is what a loaded machine
# does not change.
set -eu

shouhu=$1
db=$2
work=$3
runs=${RUNS:-11}
top=$(cd "$(dirname "$0")/.." && pwd)
export LC_ALL=C.UTF-8

cc=${CC:-cc}
[ -x "$work/measure" ] || $cc -O2 -o "$work/measure" "$top/bench/measure.c"

# med CMD...: the medians "cpu_ms wall_ms" of $runs runs of CMD.
med() {
	: >"$work/rep-times"
	i=0
	while [ $i -lt "$runs" ]; do
		"$work/measure" "$@" >>"$work/rep-times" || true
		i=$((i + 1))
	done
	for k in 1 2; do
		sort -n -k$k "$work/rep-times" | awk -v k=$k '{ a[NR] = $k }
		    END { printf "%s ", a[int((NR + 1) / 2)] }'
	done
}

# The baseline: the children's CSV list, counted by class with awk.
cat >"$work/rep-count.sh" <<EOS
#!/bin/sh
"$shouhu" --db "$db" list children --format csv |
    awk -F, 'NR > 1 { n[\$6 "," \$7 "," \$8 "," \$13 "," \$14]++ } END { for (k in n) print k, n[k] }'
EOS
chmod +x "$work/rep-count.sh"

children=$("$shouhu" --db "$db" report summary --township --format csv |
    awk -F, '$1 == "all" { print $5 }')
set -- $(med "$shouhu" --db "$db" report summary --township --format csv)
csv_cpu=$1 csv_wall=$2
set -- $(med "$shouhu" --db "$db" report summary --township)
txt_cpu=$1 txt_wall=$2
set -- $(med "$work/rep-count.sh")
base_cpu=$1 base_wall=$2
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
echo "report summary --township, $children children (medians of $runs):"
echo "  CSV:  $csv_wall ms wall, $csv_cpu ms CPU (target <= 500 ms)"
echo "  text: $txt_wall ms wall, $txt_cpu ms CPU (target <= 500 ms)"
echo "  baseline, list children --format csv | awk: $base_wall ms wall;" \
    "ratio $(ratio "$csv_wall" "$base_wall")"

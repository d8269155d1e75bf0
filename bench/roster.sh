#!/bin/sh
# roster.sh -- the roster part of the benchmark, called by bench.sh:
#
#	bench/roster.sh SHOUHU DB WORK
#
# DB is the demo database bench.sh built (100,000 children); WORK a
# scratch directory, removed by the caller.  Prints the time and peak
# resident memory (GNU time's %M) of each step, with the rows done:
# exporting the roster (UTF-8, then GB18030), importing it into an empty
# database (targets: <= 10 s, <= 64 MB), importing it once more (nothing
# to change), and a dry run of it.
set -eu

shouhu=$1
db=$2
work=$3
export LC_ALL=C.UTF-8

[ -x /usr/bin/time ] || { echo "roster: GNU time (/usr/bin/time) is needed"; exit 1; }

now_ns() { date +%s%N; }

# measure LABEL NOTE CMD...: runs CMD once; prints its time, peak RSS and
# NOTE (in which "@rows@" becomes the rows the command reports).
measure() {
	label=$1
	note=$2
	shift 2
	t0=$(now_ns)
	if ! /usr/bin/time -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err"; then
		echo "$label: failed"
		tail -5 "$work/err"
		exit 1
	fi
	t1=$(now_ns)
	rows=$(sed -n 's/^\([0-9]*\) rows* of children read.*/\1/p; s/^Wrote \([0-9]*\) child.*/\1/p' \
	    "$work/out" | head -1)
	printf '%-22s %6s s, peak RSS %7s KiB, %s\n' "$label:" \
	    "$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')" \
	    "$(tail -1 "$work/rss")" "$(echo "$note" | sed "s/@rows@/${rows:-?}/")"
}

measure "roster export" "@rows@ rows, UTF-8 with a BOM" \
    "$shouhu" --db "$db" export roster -o "$work/roster.csv"
size=$(du -k "$work/roster.csv" | cut -f1)
measure "roster export GB18030" "@rows@ rows, ${size} KiB in UTF-8" \
    "$shouhu" --db "$db" export roster --encoding gb18030 -o "$work/roster-gb.csv"
"$shouhu" --db "$work/roster-db" init >/dev/null
measure "roster import" "@rows@ rows into an empty database (targets <= 10 s, <= 64 MB)" \
    "$shouhu" --db "$work/roster-db" import roster "$work/roster.csv"
measure "roster import again" "@rows@ rows, nothing to change" \
    "$shouhu" --db "$work/roster-db" import roster "$work/roster.csv"
measure "roster dry run" "@rows@ rows, GB18030, checked against the demo database" \
    "$shouhu" --db "$db" import roster --dry-run "$work/roster-gb.csv"
echo "roster database size:  $(du -m "$work/roster-db/data.mdb" | cut -f1) MB after the import"

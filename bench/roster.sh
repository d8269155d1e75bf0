#!/bin/sh
# roster.sh -- the roster part of the benchmark, called by bench.sh:
#
#	bench/roster.sh SHOUHU DB WORK
#
# DB is the demo database bench.sh built (100,000 children); WORK a
# scratch directory, removed by the caller.  Prints the time (wall and
# CPU), the peak resident memory, and the peaks of private memory
# (RssAnon: the program's own) and of mapped file pages (RssFile: the
# database, which the kernel can drop) of each step, with the rows done:
# exporting the roster (UTF-8, then GB18030), importing it into an empty
# database (targets: <= 10 s, <= 64 MB), importing it once more (nothing
# to change), and a dry run of it.
set -eu

shouhu=$1
db=$2
work=$3
export LC_ALL=C.UTF-8

[ -x /usr/bin/time ] || { echo "roster: GNU time (/usr/bin/time) is needed"; exit 1; }
[ -r /proc/self/status ] || { echo "roster: /proc is needed"; exit 1; }

# peak PID: samples /proc/PID/status while the process runs; leaves in
# $work/mem the peaks of its private memory (RssAnon) and of the mapped
# file pages (RssFile: the database, which the kernel may drop), in KiB.
peak() {
	anon=0 file=0
	while [ -r "/proc/$1/status" ]; do
		set -- "$1" $(awk '/^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 }
		    END { print a + 0, f + 0 }' "/proc/$1/status" 2>/dev/null)
		[ $# -eq 3 ] || break
		[ "$2" -gt "$anon" ] && anon=$2
		[ "$3" -gt "$file" ] && file=$3
		set -- "$1"
		sleep 0.02
	done
	echo "$anon $file" >"$work/mem"
}

# measure LABEL NOTE CMD...: runs CMD once; prints its time (wall and
# CPU: on a busy machine the CPU time is the one to compare), its peak
# RSS (GNU time's %M), the peaks of its private memory and file pages,
# and NOTE (in which "@rows@" becomes the rows the command reports).
measure() {
	label=$1
	note=$2
	shift 2
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" \
	    2>"$work/err" &
	pid=$!
	child=
	while [ -z "$child" ] && kill -0 $pid 2>/dev/null; do
		child=$(cat /proc/$pid/task/$pid/children 2>/dev/null || true)
	done
	if [ -n "$child" ]; then peak $child; else echo "0 0" >"$work/mem"; fi
	if ! wait $pid; then
		echo "$label: failed"
		tail -5 "$work/err"
		exit 1
	fi
	rows=$(sed -n 's/^\([0-9]*\) rows* of children read.*/\1/p; s/^Wrote \([0-9]*\) child.*/\1/p' \
	    "$work/out" | head -1)
	read -r anon file <"$work/mem"
	read -r wall user sys rss <"$work/time"
	printf '%-22s %6s s (CPU %6s s), peak RSS %7s KiB (private %7s, file %7s), %s\n' \
	    "$label:" "$wall" "$(awk -v u="$user" -v s="$sys" \
	    'BEGIN { printf "%.2f", u + s }')" "$rss" "$anon" "$file" \
	    "$(echo "$note" | sed "s/@rows@/${rows:-?}/")"
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
echo "roster database size:  $(du -k "$work/roster-db/data.mdb" | cut -f1) KiB after the import"

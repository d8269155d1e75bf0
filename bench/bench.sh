#!/bin/sh
# bench.sh -- measures shouhu on a 100,000-child database and prints the
# figures.  Run from a built tree:  bench/bench.sh [CHILDREN]
# Needs: the built program (src/shouhu), GNU time (/usr/bin/time, Debian
# package "time") for peak memory.  Timings are for the whole process,
# as a teacher's command would run; each is the median of several runs.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shouhu=${SHOUHU:-$top/src/shouhu}
children=${1:-100000}
runs=${RUNS:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/db"
export LC_ALL=C.UTF-8

have_time=no
[ -x /usr/bin/time ] && have_time=yes

now_ns() { date +%s%N; }

# median_ms CMD...: runs CMD $runs times, prints the median in ms.
median_ms() {
	i=0
	: >"$work/times"
	while [ $i -lt "$runs" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		echo $(( (t1 - t0) / 1000 )) >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{ a[NR] = $1 } END {
		m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf "%.1f", m / 1000 }'
}

# peak_kb CMD...: peak resident memory of one run, in KiB.
peak_kb() {
	if [ $have_time = yes ]; then
		/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1
		cat "$work/rss"
	else
		echo "n/a"
	fi
}

# over_queries FILE CMD...: median over the queries in FILE (one per line).
over_queries() {
	file=$1
	shift
	: >"$work/qtimes"
	while IFS= read -r q; do
		median_ms "$@" "$q" >>"$work/qtimes"
		echo >>"$work/qtimes"
	done <"$file"
	sort -n "$work/qtimes" | awk 'NF { a[++n] = $1 } END {
		m = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		printf "%.1f", m }'
}

echo "shouhu benchmark: $children children, median of $runs runs per query"
echo "machine: $(nproc) cores, $(uname -sr)"

t0=$(now_ns)
if [ $have_time = yes ]; then
	/usr/bin/time -f %M -o "$work/rss" "$shouhu" --db "$db" demo \
	    --children "$children" --seed 1 >/dev/null
	demo_rss=$(cat "$work/rss")
else
	"$shouhu" --db "$db" demo --children "$children" --seed 1 >/dev/null
	demo_rss=n/a
fi
t1=$(now_ns)
build_s=$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.2f", n / 1e9 }')
size_mb=$(du -m "$db/data.mdb" | cut -f1)
echo "demo build:            $build_s s (target <= 15 s), peak RSS $demo_rss KiB"
echo "database size:         $size_mb MB (target <= 200 MB)"

"$shouhu" --db "$db" list children --format csv >"$work/all.csv"
# Queries a teacher would type, taken from real rows: the initials and a
# two-character part of 25 children's names, the last four digits of 25
# guardians' phones, and 25 children to show.
awk -F, 'NR > 1 && NR % 4000 == 2 { print $2 }' "$work/all.csv" | head -25 \
    >"$work/names"
awk -F, 'NR > 1 && NR % 4000 == 2 && $17 != "" { print substr($17, length($17) - 3) }' \
    "$work/all.csv" | head -25 >"$work/phones"
awk -F, 'NR > 1 && NR % 4000 == 2 { print $1 }' "$work/all.csv" | head -25 \
    >"$work/ids"
# Initials from the pinyin column ("zhang san feng" -> "zsf"); a part:
# the given name in characters.
awk -F, 'NR > 1 && NR % 4000 == 2 { n = split($19, w, " "); s = "";
	for (i = 1; i <= n; i++) s = s substr(w[i], 1, 1); print s }' \
    "$work/all.csv" | head -25 >"$work/initials"
while IFS= read -r n; do
	printf '%s\n' "$n" | cut -c1-6
done <"$work/names" >"$work/parts"
while IFS= read -r n; do
	printf '%s\n' "$n" | cut -c4-9
done <"$work/names" >"$work/given"

# hits FILE: the mean number of children the queries in FILE find.
hits() {
	total=0
	count=0
	while IFS= read -r q; do
		n=$("$shouhu" --db "$db" list children --search "$q" --format csv |
		    wc -l)
		total=$((total + n - 1))
		count=$((count + 1))
	done <"$1"
	echo $((total / count))
}

if [ -s "$work/initials" ]; then
	ms=$(over_queries "$work/initials" "$shouhu" --db "$db" list children --search)
	echo "search by initials:    $ms ms median, $(hits "$work/initials") children found on average (target <= 10 ms)"
fi
ms=$(over_queries "$work/parts" "$shouhu" --db "$db" list children --search)
echo "search by Chinese:     $ms ms median, $(hits "$work/parts") found (the first two characters; target <= 10 ms)"
ms=$(over_queries "$work/given" "$shouhu" --db "$db" list children --search)
echo "  by the given name:   $ms ms median, $(hits "$work/given") found"
ms=$(over_queries "$work/phones" "$shouhu" --db "$db" list children --search)
echo "search by phone:       $ms ms median, $(hits "$work/phones") found (last four digits; target <= 10 ms)"
ms=$(over_queries "$work/ids" "$shouhu" --db "$db" show child)
echo "show child:            $ms ms median (target <= 5 ms)"

q=$(head -1 "$work/parts")
rss_search=$(peak_kb "$shouhu" --db "$db" list children --search "$q")
rss_show=$(peak_kb "$shouhu" --db "$db" show child "$(head -1 "$work/ids")")
echo "peak RSS:              search $rss_search KiB, show $rss_show KiB (target <= 16 MB)"

# Lists side by side, in one run: each shouhu run alternates with the
# run it is compared with, so both see the same machine.  CPU is user +
# system time of the whole process (bench/measure.c); memory is the peak
# of private pages (RssAnon) and of mapped file pages (RssFile), which
# are the database's pages the kernel shares and drops as it likes.
cc=${CC:-cc}
lmdb_flags=$(pkg-config --cflags --libs lmdb 2>/dev/null || echo -llmdb)
if $cc -O2 -o "$work/floor" "$top/bench/floor.c" $lmdb_flags &&
    $cc -O2 -o "$work/rows" "$top/bench/rows.c" $lmdb_flags &&
    $cc -O2 -o "$work/measure" "$top/bench/measure.c"; then
	# Each program as installed, by install(1)'s copy: a file the
	# linker has just written sits in the page cache a page at a time,
	# and each start of it costs more than of the same file copied (the
	# README gives the figures; the last line below shows it).
	inst="$work/shouhu"
	install -m 755 "$shouhu" "$inst"
	for p in floor rows; do
		install -m 755 "$work/$p" "$work/$p.i" && mv "$work/$p.i" "$work/$p"
	done
	# pair: runs $cmd_a and $cmd_b in turn, $runs times; prints the
	# medians "cpu_a wall_a anon_a file_a cpu_b wall_b".
	pair() {
		: >"$work/pa"
		: >"$work/pb"
		i=0
		while [ $i -lt "$runs" ]; do
			# shellcheck disable=SC2086
			"$work/measure" $cmd_a >>"$work/pa" || true
			# shellcheck disable=SC2086
			"$work/measure" $cmd_b >>"$work/pb" || true
			i=$((i + 1))
		done
		med() { sort -n -k"$2" "$1" | awk -v k="$2" '{ a[NR] = $k }
			END { printf "%s", a[int((NR + 1) / 2)] }'; }
		echo "$(med "$work/pa" 1) $(med "$work/pa" 2) $(med "$work/pa" 3)" \
		    "$(med "$work/pa" 4) $(med "$work/pb" 1) $(med "$work/pb" 2)"
	}
	ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
	# A common given name (about 1,700 children), and a name part that
	# finds about 20.
	common=$(cut -d, -f2 "$work/all.csv" | tail -n +2 | cut -c4- |
	    sort | uniq -c | sort -rn | awk '$1 <= 1800 { print $2; exit }')
	few=$(cut -d, -f2 "$work/all.csv" | tail -n +2 | cut -c1-6 |
	    sort | uniq -c | awk '$1 >= 18 && $1 <= 22 { print $2; exit }')
	nc=$(grep -c "$common" "$work/all.csv")
	nf=$("$shouhu" --db "$db" list children --search "$few" --format csv |
	    tail -n +2 | wc -l)
	echo "lists side by side (medians of $runs, CPU ms):"
	cmd_a="$inst --db $db list children --search $common"
	cmd_b="grep -c $common $work/all.csv"
	set -- $(pair)
	echo "  search \"$common\" ($nc found): $1 ms; grep -c on the CSV: $5 ms;" \
	    "ratio $(ratio "$1" "$5") (target <= 2)"
	# What the layout alone costs: the rows the index keeps for the
	# same children, written as stored by a bare LMDB program
	# (bench/rows.c).  The given name is a later part of the name: the
	# index's tag "o".
	cmd_a="$work/rows $db o $common"
	cmd_b="grep -c $common $work/all.csv"
	set -- $(pair)
	echo "    the same rows written as stored by a bare LMDB program" \
	    "(bench/rows.c): $1 ms, RssFile $4 KiB; ratio to grep -c" \
	    "$(ratio "$1" "$5")"
	cmd_a="$inst --db $db list children --search z"
	cmd_b="$work/floor $db"
	set -- $(pair)
	echo "  --search z: $1 ms CPU (target <= 250), RssAnon $3 KiB" \
	    "(target <= 16384), RssFile $4 KiB (mapped database pages)"
	cmd_a="$inst --db $db list children --search $few"
	cmd_b="$work/floor $db"
	set -- $(pair)
	echo "  search \"$few\" ($nf found): $1 ms; the floor (open, one get):" \
	    "$5 ms; ratio $(ratio "$1" "$5") (target <= 1.5)"
	cmd_a="$inst --version"
	cmd_b="$work/floor $db"
	set -- $(pair)
	echo "  of which starting: shouhu --version $1 ms; the floor: $5 ms"
	cmd_a="$shouhu --db $db list children --search $few"
	cmd_b="$work/floor $db"
	set -- $(pair)
	echo "  search \"$few\" run from the file as the linker left it:" \
	    "$1 ms; the floor: $5 ms; ratio $(ratio "$1" "$5")"
else
	echo "lists side by side: cannot build bench/floor.c (liblmdb-dev)"
fi

# The screens (bytes on the wire, first screen) and the roster.
"$top/bench/screens.sh" "$shouhu" "$db" "$work" || true
"$top/bench/calltree.sh" "$shouhu" "$work" || true
"$top/bench/report.sh" "$shouhu" "$db" "$work" || true
"$top/bench/worklist.sh" "$shouhu" "$db" "$work" || true
[ -x "$top/bench/roster.sh" ] && "$top/bench/roster.sh" "$shouhu" "$db" "$work" || true

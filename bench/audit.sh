#!/bin/sh
# audit.sh -- the cost of the audit trail.  Run from a built tree:
#
#	bench/audit.sh [OPENINGS] [CHILDREN]
#
# Builds a demo township of CHILDREN children (default 1,000), then
# records OPENINGS openings of a child's file (default 100,000) through
# the core's audit_view() path, a thousand to a transaction (one commit
# per opening would measure the disk's fsync, not the trail; `show
# child` below includes one).  Prints the trail's size and bytes per
# opening, the median time of `shouhu audit --child` on it, and of
# `shouhu show child` with its audit entry.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
shouhu=${SHOUHU:-$top/src/shouhu}
openings=${1:-100000}
children=${2:-1000}
runs=${RUNS:-9}
work=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bench-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
db="$work/db"
export LC_ALL=C.UTF-8
cc=${CC:-cc}

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

# audit_bytes: the pages of the trail's database, in bytes.
audit_bytes() {
	mdb_stat -s audit "$db" | awk '/Branch pages|Leaf pages|Overflow pages/ {
		n += $NF } END { print n * 4096 }'
}
audit_entries() {
	mdb_stat -s audit "$db" | awk '/Entries/ { print $NF }'
}
# pages NAME, entries NAME: of any named database.
pages() {
	mdb_stat -s "$1" "$db" | awk '/Branch pages|Leaf pages|Overflow pages/ {
		n += $NF } END { print n * 4096 }'
}
entries() { mdb_stat -s "$1" "$db" | awk '/Entries/ { print $NF }'; }

# carelog: the care log's bytes an entry, and two of its lists.
carelog() {
	n=$(entries carelog)
	# The log's index keys (tags j, J) and all keys, with LMDB's node
	# header and pointer (10 bytes) each.
	mdb_dump -s ix "$db" | awk '
		/^HEADER=END/ { h = 1; key = 1; next }
		h && /^ / {
			if (key) {
				len = length($1) / 2 + 10
				all += len
				t = substr($1, 1, 2)
				if (t == "6a" || t == "4a")
					logk += len
			}
			key = !key
		}
		END { print logk + 0, all + 0 }' >"$work/ix"
	read -r ixlog ixall <"$work/ix"
	awk -v n="$n" -v r="$(pages carelog)" -v p="$(pages ix)" \
	    -v a="$ixlog" -v b="$ixall" -v t="$(audit_bytes)" \
	    -v tn="$(audit_entries)" 'BEGIN {
		i = p * a / b
		printf "care log: %d entries of the demo, bytes an entry:\n", n
		printf "  record %.1f, index keys %.1f: %.1f (target <= 200)\n",
		    r / n, i / n, (r + i) / n
		printf "  with its audit entry (%.1f): %.1f\n", t / tn,
		    (r + i) / n + t / tn }'
	child=$("$shouhu" --db "$db" log list --format csv | sed -n 2p |
	    cut -d, -f4 | cut -d' ' -f1)
	school=$("$shouhu" --db "$db" list schools --format csv | sed -n 2p |
	    cut -d, -f2)
	since=$(date -d '30 days ago' +%Y-%m-%d)
	echo "log list --child:      $(median_ms "$shouhu" --db "$db" log list --child "$child") ms"
	echo "log list --school --since (30 days): $(median_ms "$shouhu" --db "$db" log list --school "$school" --since "$since") ms"
}

command -v mdb_stat >/dev/null || { echo "audit: mdb_stat (Debian: lmdb-utils) is needed"; exit 1; }

cat >"$work/open.c" <<'C'
/* Records openings of children's files, a thousand to a transaction. */
#include "config.h"
#include <stdio.h>
#include <stdlib.h>
#include "audit.h"
#include "store.h"

static unsigned long done, total, children;

static int
batch(struct txn *t, void *arg, char **cause)
{
	unsigned long *at = arg, i;

	for (i = *at; i < total && i < *at + 1000; i++)
		audit_append(t, AUDIT_VIEW, RT_CHILD,
		    (uint32_t)(i % children + 1), NULL);
	done = i;
	return t->err;
}

int
main(int argc, char **argv)
{
	struct db_opts o = { 0 };
	struct db *db;
	char *cause = NULL;
	unsigned long at;

	total = strtoul(argv[2], NULL, 10);
	children = strtoul(argv[3], NULL, 10);
	if (db_open(argv[1], &o, &db, &cause) != 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	for (at = 0; at < total; at = done)
		if (db_write(db, batch, &at, &cause) != 0) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
	db_close(db);
	return 0;
}
C
# shellcheck disable=SC2046
$cc -std=c11 -I"$top" -I"$top/src" -o "$work/open" "$work/open.c" \
    "$top/src/libshouhu.a" $(pkg-config --libs nettle) -llmdb -lcsv \
    $(pkg-config --libs cairo fontconfig 2>/dev/null) -lm

"$shouhu" --db "$db" demo --children "$children" >/dev/null
command -v mdb_dump >/dev/null && carelog
b0=$(audit_bytes)
e0=$(audit_entries)
t0=$(now_ns)
"$work/open" "$db" "$openings" "$children"
t1=$(now_ns)
b1=$(audit_bytes)
e1=$(audit_entries)
echo "audit trail: $e0 entries (the demo's $children children), $b0 bytes"
printf '%s openings:  %s s to record, trail %s bytes (%s MB), %s bytes per opening\n' \
    "$openings" "$(awk -v n=$((t1 - t0)) 'BEGIN { printf "%.1f", n / 1e9 }')" \
    "$b1" "$(awk -v b="$b1" 'BEGIN { printf "%.1f", b / 1048576 }')" \
    "$(awk -v a="$b0" -v b="$b1" -v n=$((e1 - e0)) 'BEGIN { printf "%.1f", (b - a) / n }')"
echo "database file: $(wc -c <"$db/data.mdb") bytes"
echo "audit --child:         $(median_ms "$shouhu" --db "$db" audit --child 7) ms (median of $runs)"
echo "audit --kind change:   $(median_ms "$shouhu" --db "$db" audit --kind change --format csv) ms"
echo "show child (+ entry):  $(median_ms "$shouhu" --db "$db" show child 7) ms"
"$shouhu" --db "$db" check >/dev/null && echo "check: the trail is unbroken"

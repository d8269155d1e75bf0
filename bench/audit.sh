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

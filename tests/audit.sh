#!/bin/sh
# The audit trail as an administrator reads it: a change made by a
# roster import with its old and new values, a child's file opened, an
# export; the selections of `shouhu audit`; and `shouhu check` naming an
# audit entry removed and a record changed with raw LMDB tools.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"

run 0 init --school 柳树乡中心学校
run 0 import roster "$D/roster-utf8.csv"
run 0 import roster "$D/roster-update.csv" && has "updated" "the second roster changes a phone"
me=$(id -un 2>/dev/null || echo "uid$(id -u)")

# ---- changes ----
run 0 audit --child 1 && has "Phone 1: 13812345678 → 13800009999" "audit --child shows the phone's old and new value"
has "create   child #1 张小明" "the child's creation is there"
run 0 audit --child 2 --kind change && has "13812345678 → 13800009999" "a contact shared by siblings is in both files"
run 0 audit --child 1 --format csv &&
	has "seq,time,login,staff,kind,type,id,field,old,new,what" "the CSV's columns"
ntest=$((ntest + 1))
if printf '%s\n' "$OUT" | grep -q "^[0-9]*,[-0-9 :]*,$me,,change,contact,[0-9]*,phone1,13812345678,13800009999,"
then pass "the change as a CSV row"
else fail "the change as a CSV row: $OUT"
fi
run 0 audit --user nobody-at-all && has "No audit entries match." "another login did nothing"
run 0 audit --user "$me" --kind change && has "create" "this login's changes"
run 0 audit --since 2999-01-01 && has "No audit entries match." "nothing from the future"
run 0 audit --until 2000-01-01 && has "No audit entries match." "nothing from long ago"

# ---- opening, exporting ----
run 0 audit --kind view && has "No audit entries match." "no file opened yet"
run 0 show child 3 && run 0 audit --kind view && has "view     child #3" "show child is recorded"
run 0 export roster -o "$WORK/out.csv" &&
	run 0 audit --kind export && has "export   $WORK/out.csv" "an export is recorded"
run 0 audit --kind print && has "No audit entries match." "nothing printed"
run 0 print cards --school 柳树乡中心学校 -o "$WORK/cards.txt" &&
	run 0 audit --kind print && hasnt "No audit entries match." "printed cards are recorded" &&
	has "print    " "as a print"

# ---- every write run twice (abandoned, then done): one entry each ----
views() { "$SHOUHU" --db "$DB" audit --kind view --format csv | tail -n +2 | wc -l; }
before=$(views)
export SHOUHU_TEST_REDO=1
run 0 show child 4
run 0 import roster "$D/roster-utf8.csv" && has "1 updated" "a class changed back, each write run twice"
unset SHOUHU_TEST_REDO
same "$(views)" $((before + 1)) "one view entry for one opening"
run 0 audit --kind change --format csv
same "$(printf '%s\n' "$OUT" | grep -c ',change,child,[0-9]*,class,')" 2 "one entry for the class changed, one for it changed back"

# ---- usage ----
run 2 audit --kind look && err_has "--kind is change, view, export, print, backup or refused" "a bad kind"
run 2 audit --since yesterday && err_has "is not a date" "a bad date"
run 2 audit --child x && err_has "is not a record number" "a bad child"
run 0 help audit && has "--format FORMAT" "help audit lists the options"

# ---- changed outside the program ----
run 0 check && has "consistent" "the database is consistent"
command -v mdb_dump >/dev/null && command -v mdb_load >/dev/null ||
	skip "no mdb_dump and mdb_load (Debian: lmdb-utils)"
# LMDB's tools read only files of their own word size (a 32-bit build
# tested on a 64-bit system cannot be changed with them).
if ! mdb_dump -s meta "$DB" >/dev/null 2>&1; then
	echo "mdb_dump cannot read this build's database (another word size):" \
	    "changes made outside the program are not tried"
	finish
fi
# One child's version bumped in its stored bytes: it still decodes.
mdb_dump -s child "$DB" |
	awk 'k { sub(/^ 0102../, " 010209"); k = 0 } $0 == " 00000003" { k = 1 } { print }' >"$WORK/child.dump"
mdb_load -s child "$DB" <"$WORK/child.dump" 2>/dev/null
run 1 check && has "child #3 was changed outside the program" "check finds a record changed with mdb_load"
# The audit entry 5 left out of a copy of the database.
mdb_dump -a "$DB" |
	awk '/^database=/ { db = substr($0, 10) }
	    db == "audit" && $0 == " 00000005" { skip = 2 }
	    skip > 0 { skip--; next } { print }' >"$WORK/all.dump"
mkdir "$WORK/copy" && mdb_load -f "$WORK/all.dump" "$WORK/copy" 2>/dev/null
DB="$WORK/copy"
run 1 check && has "audit entry 6 does not follow entry 4: an entry was removed or changed outside the program" "check finds an audit entry removed"
err_has "problems found" "check says it found problems"
finish

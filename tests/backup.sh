#!/bin/sh
# Backups and restores: a checked copy of either kind, restored with
# one switch that keeps the replaced database, refused while someone
# uses the database or when the copy is damaged.
. "$TOP_SRCDIR/tests/lib.sh"

export SHOUHU_TEST_NOSYNC=1
cd "$WORK" || exit 1
DB="$WORK/db"
run 0 demo --children 300 --seed 5 || finish
run 0 export roster -o "$WORK/before.csv"

run 0 backup -o "$WORK/copy.mdb" && has "checked it" "backup writes a checked copy"
has "child 300" "and says what the copy holds"
run 0 audit --kind backup && has "copy.mdb" "the audit trail records the backup"
same "$(stat -c %a "$WORK/copy.mdb")" 600 "the copy is readable by its owner alone"
ntest=$((ntest + 1))
if [ "$(stat -c %s "$WORK/copy.mdb")" -le "$(stat -c %s "$DB/data.mdb")" ]; then
	pass "the copy is compacted"
else
	fail "the copy is larger than the database"
fi
run 0 backup && has "shouhu-backup-" "backup without -o names a file of today"
ls "$WORK"/shouhu-backup-*.mdb >/dev/null 2>&1
same $? 0 "the default file is in the current directory"
run 0 backup --portable -o "$WORK/copy.txt" &&
	has "portable" "backup --portable writes a portable dump"
head -1 "$WORK/copy.txt" >"$WORK/first"
same "$(cat "$WORK/first")" "shouhu portable backup 1" "the dump is plain text"

# Refusals: a device, a symbolic link, a damaged copy.
run 1 backup -o /dev/null && err_has "not a regular file" "backup refuses a device"
ln -s "$WORK/elsewhere" "$WORK/link.mdb"
run 1 backup -o "$WORK/link.mdb" && err_has "not a regular file" \
	"backup refuses a symbolic link"
ntest=$((ntest + 1))
[ -e "$WORK/elsewhere" ] && fail "backup wrote through a link" || pass "nothing written through the link"
head -c 20000 "$WORK/copy.mdb" >"$WORK/cut.mdb"
run 1 restore "$WORK/cut.mdb" && err_has "damaged" "restore refuses a copy cut short"
head -c 3000 "$WORK/copy.txt" >"$WORK/cut.txt"
run 1 restore "$WORK/cut.txt" && err_has "cut short" "restore refuses a dump cut short"
run 1 restore "$WORK/nothing" && err_has "nothing" "restore names a missing file"
run 1 restore "$DB/data.mdb" && err_has "the database itself" \
	"restore refuses the database's own data file"
run 0 export roster -o "$WORK/still.csv"
cmp -s "$WORK/before.csv" "$WORK/still.csv"
same $? 0 "a refused restore leaves the database as it was"

# Restore each kind, into a new place and over the database.
DB="$WORK/fromcopy"
run 0 restore "$WORK/copy.mdb" && has "Restored" "restore of a compacted copy into a new place"
run 0 export roster -o "$WORK/a.csv"
cmp -s "$WORK/before.csv" "$WORK/a.csv"
same $? 0 "the restored copy exports the same roster"
DB="$WORK/fromtext"
run 0 restore "$WORK/copy.txt" && has "Restored" "restore of a portable dump"
run 0 export roster -o "$WORK/b.csv"
cmp -s "$WORK/before.csv" "$WORK/b.csv"
same $? 0 "the restored dump exports the same roster"
run 0 check && has "consistent" "the restored dump is consistent"

DB="$WORK/db"
run 0 init --school 后来的学校
run 0 restore "$WORK/copy.txt" && has "kept as" "restore keeps the replaced database"
newer=$(printf '%s\n' "$OUT" | sed -n 's/^It holds \([0-9]*\) audit entr.*/\1/p')
kept=$(ls "$DB"/data.mdb.before-restore-* 2>/dev/null | head -1)
ntest=$((ntest + 1))
[ -n "$kept" ] && pass "the replaced data file is beside it" || fail "no data.mdb.before-restore-*"
run 0 list schools && hasnt "后来的学校" "the database is the copy again"
run 0 export roster -o "$WORK/c.csv"
cmp -s "$WORK/before.csv" "$WORK/c.csv"
same $? 0 "backup then restore gives the same roster"

# The restored trail says that newer entries were replaced, and where
# they are; its chain goes on from the copy's.
ntest=$((ntest + 1))
[ "${newer:-0}" -ge 2 ] && pass "restore says how many audit entries only the kept database holds" ||
	fail "no count of newer audit entries (\"$newer\")"
run 0 audit --kind backup && has "restore of $WORK/" "the audit trail records the restore"
run 0 audit --kind backup --format csv
has "restore of $WORK/copy.txt: $newer newer audit entries are only in ${kept##*/}" \
    "with the count and the kept database"
run 0 check && has "consistent" "the restored database is consistent, its trail too"
run 0 restore "$kept" && has "Restored" "the kept database can be restored in turn"
run 0 list schools && has "后来的学校" "and brings back what the copy lacked"
run 0 check && has "consistent" "which is consistent"

# A directory shared by a group keeps its files for the group.
DB="$WORK/shared"
mkdir "$DB"
chmod 2770 "$DB"
run 0 restore "$WORK/copy.mdb"
same "$(stat -c %a "$DB/data.mdb")" 660 "a restore into a shared directory is for the group"

# Someone still has the database open: a demo (it opens the database,
# then writes for a while) stopped with Ctrl-Z.
DB="$WORK/busy"
"$SHOUHU" --db "$DB" demo --children 20000 >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s "$DB/write.lock" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
kill -STOP $pid
run 1 restore "$WORK/copy.mdb" && err_has "in use" "restore refuses while the database is open"
kill -CONT $pid
wait $pid
wait
run 0 restore "$WORK/copy.mdb" && has "Restored" "and restores once everyone has left"

finish

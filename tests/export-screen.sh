#!/bin/sh
# The roster's export from the screens, in tmux at 80x24: the file it
# suggests is named for the school and the day in the current directory,
# never the file imported just before; an existing file is replaced only
# when the user says so, after being shown its size and date.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 40 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
"$SHOUHU" --db "$DB" export roster -o "$WORK/mine.csv" >/dev/null ||
	{ echo "FAIL: export"; exit 1; }
cp "$WORK/mine.csv" "$WORK/mine.orig"
day=$(date +%Y%m%d)
file="花名册-$day.csv"
cd "$WORK" || exit 1

start app 80 24
wait_for app "守护 - "
keys app 6
wait_for app "花名册"
# The school's own roster is checked (imported without writing).
keys app 1
wait_for app "+-"
keys app C-u
type_text app "$WORK/mine.csv"
keys app Enter
wait_for app "（每行"
keys app Enter
wait_for app "只检查"
keys app Enter
wait_for app "1-"
keys app q
# Then the export.
keys app 2
wait_for app "（全部学校）"
keys app Enter
expect app "$file" "the export suggests $file"
not_suggested() {
	ntest=$((ntest + 1))
	if screen app | grep -qF "mine.csv"; then
		fail "the file imported is suggested"
		screen app
	else
		pass "the file imported is not suggested"
	fi
}
not_suggested
keys app Enter
wait_for app "UTF-8"
keys app Enter
expect app "40" "the export says how many children it wrote"
ntest=$((ntest + 1))
[ -f "$WORK/$file" ] && pass "the file is in the current directory" ||
	fail "no $WORK/$file"
ntest=$((ntest + 1))
cmp -s "$WORK/mine.csv" "$WORK/mine.orig" && pass "the imported file is untouched" ||
	fail "the imported file was changed"

# The same export again: the file exists.
echo "a note kept by the school" >"$WORK/$file"
size=$(wc -c <"$WORK/$file" | tr -d ' ')
keys app 2
wait_for app "（全部学校）"
keys app Enter
wait_for app "$file"
keys app Enter
expect app "已存在" "an existing file is not replaced without asking"
expect app "$size 字节" "the question shows its size"
expect app "$(date +%Y-%m-%d)" "and its date"
keys app n
keys_done app
same "$(cat "$WORK/$file")" "a note kept by the school" "no: the file is kept"
keys app 2
wait_for app "（全部学校）"
keys app Enter
wait_for app "$file"
keys app Enter
wait_for app "已存在"
keys app y
wait_for app "UTF-8"
keys app Enter
wait_for app "40"
keys_done app
ntest=$((ntest + 1))
grep -q "a note kept" "$WORK/$file" && fail "yes: the file is not replaced" ||
	pass "yes: the file is replaced"

# A roster with bad rows, imported from the screens: the advice names
# the screen's choice, not a command-line option.
keys app q
wait_for app "守护 - "
keys app 6
wait_for app "花名册"
keys app 1
wait_for app "+-"
keys app C-u
type_text app "$TOP_SRCDIR/tests/data/roster-bad.csv"
keys app Enter
wait_for app "（每行"
keys app Enter
wait_for app "只检查"
keys app Down Enter
wait_for app "花名册导入结果"
keys app End
expect app "导入没有错误的行" "the advice names the screen's choice"
expect_not app "--skip-bad" "and no command-line option"
finish

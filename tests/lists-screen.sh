#!/bin/sh
# What the list screens and a child's file show, in tmux at 80x24: the
# search header whole, notes of several lines as lines, the principal
# as the staff roles say.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# A child with notes of two lines, through the roster.
"$SHOUHU" --db "$DB" export roster -o "$WORK/r.csv" >/dev/null ||
	{ echo "FAIL: export"; exit 1; }
{
	# The roster's own 22 columns, 备注 last.
	head -n 1 "$WORK/r.csv" | tr -d '\r' | cut -d, -f1-22
	sed -n 2p "$WORK/r.csv" | tr -d '\r' | cut -d, -f1-21 | tr -d '\n'
	printf ',"吃药：每天\r\n早晚各一次"\r\n'
} >"$WORK/notes.csv"
"$SHOUHU" --db "$DB" import roster "$WORK/notes.csv" >/dev/null ||
	{ echo "FAIL: import"; exit 1; }
kid=$(sed -n 2p "$WORK/r.csv" | cut -d, -f4)
school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p | cut -d, -f2)
principal=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p | cut -d, -f6)

start app 80 24
wait_for app "守护 - "
child_file app "$kid"
expect app "吃药：每天" "the first line of the notes"
ntest=$((ntest + 1))
if screen app | grep -q "^ *早晚各一次"; then
	pass "the second line of the notes on a line of its own"
else
	fail "the notes are not shown as lines"
	screen app
fi
keys app q
wait_for app "姓名"

# The search header of a school's class is not cut.
keys app C-u Escape
keys_done app
keys app s
wait_for app "+-"
type_text app "$school"
keys app Enter
wait_for app "$school"
keys app c
wait_for app "+-"
keys app Down Enter
keys app /
type_text app "qqqqqqqqqq"
keys app Enter
expect app "0 名儿童" "the search header is whole"
keys app q
wait_for app "守护 - "

# The schools show the principal as the staff roles say, not the name
# typed on the school's record long ago.
keys app 5
wait_for app "乡镇"
keys app e
wait_for app "校长"
keys app PageDown C-u
type_text app "旧校长"
keys app F2
wait_for app "乡镇"
expect app "$principal" "the schools list the principal from the staff roles"
expect_not app "旧校长" "not the name on the school's record"
finish

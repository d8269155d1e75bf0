#!/bin/sh
# A child leaves the lists from the screens, in tmux at 80x24: the status
# is asked for with a date and a reason and confirmed; the mentoring
# pair ends when the user says so; the child leaves the list and the
# main menu's total; l shows the children who left, marked; and d on the
# file undoes the change.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
# A child with a mentor.
row=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $18 != "" { print; exit }')
id=${row%%,*}
kid=$(printf '%s\n' "$row" | cut -d, -f2)
[ -n "$kid" ] || { echo "FAIL: no child with a mentor"; exit 1; }

start app 80 24
expect app "20 名" "the main menu counts 20 children"
child_file app "$kid"
keys app d
wait_for app "+-"
type_text app "不再留守"
keys app Enter
expect app "从哪一天起" "a date is asked for"
expect app "$(date +%Y-%m-%d)" "today unless changed"
keys app Enter
expect app "原因" "and a reason"
type_text app "父母返乡务农"
keys app Enter
expect app "同时结束这名儿童的结对帮扶" "ending the mentoring pair is asked"
keys app y
expect app "继续吗" "the change is confirmed first"
keys app y
expect app "已标记为「不再留守」" "the status is changed"
run 0 --lang zh show child "$id" && has "不再留守" "the child no longer left behind"
has "父母返乡务农" "with the reason"
has "帮扶教师：无" "the mentoring pair is ended"

keys app q
wait_for app "姓名"
keys app C-u Escape
keys_done app
expect app "19 名儿童" "the list counts 19 children"
expect_not app "$kid" "the child is no longer in the list"
keys app l
expect app "$kid" "l shows the children who left too"
expect app "含已离开" "and says so"
keys app q
expect app "19 名" "the main menu counts 19 children"

# Undone from the child's file.
keys app 1
wait_for app "姓名"
keys app l
list_find app "$kid"
keys app Enter
wait_for app "联系卡"
keys app d
wait_for app "+-"
expect app "撤销" "a child who left can come back"
keys app Home Enter
wait_for app "继续吗"
keys app y
expect app "已重新在校" "the change is undone"
run 0 --lang zh show child "$id" && has "在校" "the child is in school again"
hasnt "帮扶教师：无" "with the mentor again"
finish

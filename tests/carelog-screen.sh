#!/bin/sh
# The care log in the screens, in tmux at 80x24: a talk added from a
# child's file (l from the card, the form) is in the file's log at
# once, shows whole with Enter, and is the child's last talk in "my
# mentees" on the mentoring screen; d deletes it again.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
# A child with a mentor, the mentor's name and the school's.
for id in $("$SHOUHU" --db "$DB" list children --format csv | sed 1d | cut -d, -f1); do
	file=$("$SHOUHU" --db "$DB" show child "$id")
	mentor=$(printf '%s\n' "$file" | sed -n 's/^Mentor: \([^ ]*\) .*/\1/p')
	[ -n "$mentor" ] && break
done
[ -n "$mentor" ] || { echo "FAIL: no child has a mentor"; exit 1; }
kid=$(printf '%s\n' "$file" | sed -n '1s/^child #[0-9]*  //p')
school=$(printf '%s\n' "$file" | sed -n 's/^  School  *//p')
today=$(date +%Y-%m-%d)
"$SHOUHU" --db "$DB" log delete 1 >/dev/null	# the demo's, not needed

start app 80 24
wait_for app "守护 - "
child_file app "$kid"
expect app "帮扶记录（最新在前" "the child's file has the care log"
# The status line says the card's keys while the card has them: a adds
# a person there, l writes in the log from anywhere in the file.
ntest=$((ntest + 1))
foot=$(screen app | tail -1)
case $foot in
*"a 添加联系人"*"l 写记录"*) pass "the card's status line has a and l" ;;
*)	fail "the card's status line: $foot" ;;
esac
keys app l
expect app "新帮扶记录" "l opens a new entry's form from the card"
expect app "$today" "filled in with today"
expect app "$mentor" "and the mentor"
# The day, the author and the kind come filled in: the cursor starts
# on the text, typed at once.  Then back to the kind: the list,
# filtered to 谈心.
type_text app "聊了期中考试，心情不错"
ntest=$((ntest + 1))
if wait_re app "记录内容.*聊了期中考试，心情不错"; then
	pass "the form starts on the text"
else
	fail "the form does not start on the text; the screen:"
	screen app
fi
keys app BTab BTab BTab BTab Enter
wait_for app "学习辅导"
type_text app "谈心"
keys app Enter
keys app F2
expect app "已记入帮扶记录：$today 谈心" "the entry is saved"
expect app "聊了期中考试，心情不错" "and is in the file's log"
keys app Tab
expect app "Tab：回到联系卡" "Tab moves to the log"
ntest=$((ntest + 1))
foot=$(screen app | tail -1)
case $foot in
*"a 添加记录"*"Enter 查看"*"d 删除"*"Tab 回到联系卡"*"Esc q 返回"*)
	pass "the status line then says the log's keys" ;;
*)	fail "the log's status line: $foot" ;;
esac
keys app Enter
expect app "记录内容:" "Enter shows the entry whole"
expect app "$mentor" "with its staff member"
keys app q
wait_for app "联系卡"
keys app q
wait_for app "姓名"
keys app q
wait_for app "守护 - "

# My mentees: the talk of today is the child's last.
keys app 3
wait_for app "结对帮扶"
keys app y
wait_for app "输入筛选"
type_text app "$school"
keys app Enter
wait_for app "帮扶 "
type_text app "$mentor"
keys app Enter
expect app "我的帮扶对象" "y opens my mentees"
expect app "上次谈心" "with the last talk"
ntest=$((ntest + 1))
if screen app | grep -F "$kid" | grep -qF "（0 天前）"; then
	pass "the child's last talk is today's"
else
	fail "the child's last talk is today's: the screen:"
	screen app
fi

run 0 log list --child "$id" --kind talk --since "$today" --format csv &&
	has "聊了期中考试，心情不错" "the command line lists the talk"

# d in the log deletes the selected entry, after asking.
list_find app "$kid"
keys app Enter
wait_for app "联系卡"
keys app Tab d
expect app "删除 $today 的帮扶记录（谈心）？" "d asks before deleting an entry"
keys app y
expect app "已删除帮扶记录" "and deletes it"
run 0 log list --child "$id" --since "$today" --format csv &&
	hasnt "聊了期中考试" "the entry is gone"
finish

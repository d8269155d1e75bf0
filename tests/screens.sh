#!/bin/sh
# The screens, driven for real in tmux at 80x24 and in Chinese: a teacher
# adds a child, finds it by pinyin initials, adds the grandmother and the
# father, links the father to a sibling, corrects a phone, gives a mentor;
# the window is resized in the middle of a form; the SSH link drops in
# the middle of an edit; two people edit the same child.  Every outcome
# is checked through the command line.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 40 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p |
    cut -d, -f2)
me=$(id -un)

# Opens a child's file from the main menu: 1, search, Enter, Enter.
open_child() {
	keys "$1" 1
	wait_for "$1" "姓名" || return 1
	keys "$1" /
	type_text "$1" "$2"
	wait_for "$1" "$3" || return 1
	keys "$1" Enter
	keys "$1" Enter
	wait_for "$1" "(#" || return 1
}

# A new child through the form.
add_child() {
	keys app a
	wait_for app "姓名" || return 1
	type_text app "$1"
	keys app Tab
	type_text app "女"
	keys app Tab Tab
	type_text app "2016年3月7日"
	keys app Tab Tab
	type_text app "$school"
	keys app Tab
	type_text app "三年级"
	keys app Tab
	type_text app "（2）班"
	keys app Tab
	type_text app "柳树村"
	keys app F2
}

start app 80 24
expect app "儿童档案" "--lang zh: the main menu is in Chinese"
keys app 1
expect app "姓名" "the children's list opens with 1"
add_child "欧阳娜娜"
expect app "欧阳娜娜  (#41)" "a new child opens its file after saving"
run 0 --lang zh show child 41 && has "欧阳娜娜" "the child is stored"
has "2016-03-07" "the date typed as 2016年3月7日 is stored as 2016-03-07"
has "三年级" "the grade typed as 三年级 is kept"

# The grandmother, a new person on the card.
keys app a
wait_for app "+-"
keys app Enter
expect app "拨打顺序" "the contact form opens"
type_text app "奶奶"
keys app Tab Tab Tab
type_text app "李秀英"
keys app Tab
type_text app "138 1234 5678"
keys app F2
expect app "李秀英  祖母" "the grandmother is on the card (奶奶 is 祖母)"
run 0 --lang zh show child 41 && has "13812345678" "her phone is stored, normalised"
has "委托监护人" "the first contact is the entrusted guardian"

# The father.
keys app a
wait_for app "+-"
keys app Enter
wait_for app "拨打顺序"
type_text app "爸爸"
keys app Tab Tab Tab
type_text app "欧阳建国"
keys app Tab
type_text app "+86 139-0000-2222"
keys app F2
expect app "欧阳建国  父亲" "the father is on the card"

# A sibling, and the same father linked to her (not typed again).
keys app Escape
wait_for app "姓名"
add_child "欧阳明明"
expect app "欧阳明明  (#42)" "the sibling's file"
keys app a
wait_for app "+-"
keys app Down Enter
wait_for app "Enter"
type_text app "oyjg"
keys app Enter
expect app "欧阳建国" "the father is found by his pinyin initials"
keys app Enter
expect app "拨打顺序" "the link form opens"
type_text app "父亲"
keys app F2
expect app "欧阳建国  父亲" "the father is on the sibling's card"
run 0 list contacts --search 13900002222 --format csv
count=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
same "$count" 1 "one person for the father of both"
has "欧阳娜娜(father)" "linked to the first child"
has "欧阳明明(father)" "and to the sibling"

# Found by initials in the list.
keys app Escape
wait_for app "姓名"
keys app /
type_text app "oynn"
expect app "欧阳娜娜" "the child is found by pinyin initials"
run 0 list children --search oynn --format csv && has "欧阳娜娜" "also from the command line"
# Esc empties the search first and leaves the list only the second time.
keys app Enter
keys app Escape
expect_gone app "搜索：" "Esc empties the search line"
expect app "姓名" "and stays on the list"
keys app /
type_text app "oynn"
wait_for app "欧阳娜娜"

# Correct the grandmother's phone.
keys app Enter Enter
wait_for app "李秀英"
keys app Enter
expect app "电话1" "the contact's form"
keys app Tab Tab Tab Tab C-u
type_text app "13700001111"
keys app F2
expect_gone app "电话1" "F2 saves and closes the form"
expect app "13700001111" "the new phone is on the card"
run 0 show child 41 && has "13700001111" "the corrected phone is stored"
hasnt "13812345678" "the old phone is gone"

# A mentor.
keys app m
wait_for app "+-"
keys app Down Enter
expect_gone app "暂无（按 m 指定）" "the file names the mentor"
run 0 show child 41
case "$OUT" in
*"帮扶教师：无"* | *"Mentor: none"*) ntest=$((ntest + 1)); fail "a mentor is assigned" ;;
*) ntest=$((ntest + 1)); pass "a mentor is assigned" ;;
esac

# Resize in the middle of a form: the typing survives.
keys app e
wait_for app "出生日期"
keys app Down Down Down Down Down Down Down Down
keys app C-u
type_text app "桃花"
T resize-window -t app -x 60 -y 20
expect app "80x24" "a small window asks to be enlarged"
T resize-window -t app -x 20 -y 5
wait_for app "20x5"
T resize-window -t app -x 80 -y 24
expect app "桃花" "back at 80x24, the form and the typing are back"
ntest=$((ntest + 1))
[ "$(T display -p -t app '#{pane_dead}')" = 0 ] && pass "nothing crashed at 20x5" ||
	fail "the program died"

# The SSH link drops (SIGHUP) in the middle of the edit.
pid=$(T display -p -t app '#{pane_pid}')
kill -HUP "$pid"
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
run 0 show child 41 && hasnt "桃花" "nothing half-saved by the hang-up"
start app2 80 24
wait_for app2 "儿童档案"
open_child app2 "oynn" "欧阳娜娜"
keys app2 e
expect app2 "[是/否]" "the draft is offered when the record is opened again"
keys app2 y
expect app2 "桃花" "the draft comes back"
keys app2 F2
wait_for app2 "(#41)"
run 0 show child 41 && has "桃花" "the recovered draft is saved"

# Two people edit the same child: the second save is refused.
keys app2 e
wait_for app2 "出生日期"
keys app2 Down Down Down Down Down Down Down Down C-u
type_text app2 "石桥村"
start app3 80 24
wait_for app3 "儿童档案"
open_child app3 "oynn" "欧阳娜娜"
keys app3 e
wait_for app3 "出生日期"
keys app3 Down Down Down Down Down Down Down Down C-u
type_text app3 "大湾村"
keys app3 F2
wait_for app3 "(#41)"
keys app2 F2
expect app2 "$me" "the refused save names who saved first"
expect app2 "[是/否]" "and offers to load their version"
keys app2 y
expect app2 "大湾村" "their version is loaded"
run 0 show child 41 && has "大湾村" "the first save is kept"
hasnt "石桥村" "nothing was silently overwritten"

# A draft kept over someone else's save does not undo it: restoring it
# and saving shows the conflict.
keys app2 Escape
wait_for app2 "联系卡"
start app5 80 24
wait_for app5 "儿童档案"
open_child app5 "oynn" "欧阳娜娜"
keys app5 e
wait_for app5 "出生日期"
keys app5 Down Down Down Down Down Down Down Down C-u
type_text app5 "竹山村"
wait_for app5 "竹山村"
# Meanwhile somebody else changes the group and saves.
keys app3 e
wait_for app3 "出生日期"
keys_done app3
keys app3 Down Down Down Down Down Down Down Down Down C-u
type_text app3 "9组"
wait_for app3 "9组"
keys app3 F2
wait_for app3 "联系卡"
run 0 show child 41 && has "9组" "the other save is stored"
# Then the first connection drops.
pid=$(T display -p -t app5 '#{pane_pid}')
kill -HUP "$pid"
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
start app6 80 24
wait_for app6 "儿童档案"
open_child app6 "oynn" "欧阳娜娜"
keys app6 e
expect app6 "[是/否]" "the draft is offered"
keys app6 y
expect app6 "竹山村" "the draft comes back"
keys app6 F2
expect app6 "$me" "saving it shows who saved in between"
keys app6 n
run 0 show child 41 && has "9组" "nothing they saved is undone"

# A wrong date beeps once, when leaving the field; typing on in it
# afterwards does not beep at every key.
start app7 80 24
wait_for app7 "儿童档案"
open_child app7 "oynn" "欧阳娜娜"
keys app7 e
wait_for app7 "出生日期"
# The draft kept from the conflict above is not wanted here (its
# question is drawn with the form, in one go).
screen app7 | grep -qF "是/否" && keys app7 n
keys app7 Down Down Down C-u
type_text app7 "2016年13月40日"
bells=$(mktemp)
T pipe-pane -t app7 -o "cat >> $bells"
keys app7 Down
expect app7 "1 到 12" "leaving a wrong date says what is wrong"
keys app7 Up End 1 2 3
wait_for app7 "40日123"
keys_done app7
T pipe-pane -t app7
same "$(tr -cd '\a' < "$bells" | wc -c | tr -d ' ')" 1 \
    "one beep for the wrong date, none for the keys after it"
rm -f "$bells"
same "$(T display -p -t app7 '#{cursor_flag}')" 1 "the cursor shows where typing goes"
keys app7 Escape
wait_for app7 "是/否"
keys app7 y
wait_for app7 "联系卡"
keys_done app7
same "$(T display -p -t app7 '#{cursor_flag}')" 0 "and is hidden on the child's file"

# A field of several choices, picked from its list.
keys app7 e
wait_for app7 "受助情况"
keys_done app7
i=0
while [ $i -lt 22 ]; do keys app7 Down; i=$((i + 1)); done
keys app7 Enter
wait_for app7 "[ ]"
keys app7 Space Down Space Enter
expect app7 "两免一补、低保" "two kinds of aid are picked"
keys app7 F2
wait_for app7 "联系卡"
run 0 --lang zh show child 41 && has "两免一补、低保" "and stored"

# d on the child's file: she transfers to another school.
keys app7 d
wait_for app7 "+-"
keys app7 Down Enter
wait_for app7 "从哪一天起"
keys app7 Enter
wait_for app7 "原因"
type_text app7 "随父母转学"
keys app7 Enter
# She has a mentor: the pair ends with the move.
wait_for app7 "结对帮扶"
keys app7 y
wait_for app7 "继续吗"
keys app7 y
expect app7 "已标记为「已转学」" "d changes the status"
run 0 --lang zh show child 41 && has "转学" "the child is marked transferred"
# d in the list: the sibling's file is deleted for good.
keys app7 Escape
wait_for app7 "姓名"
keys app7 / C-u
type_text app7 "oymm"
wait_for app7 "欧阳明明"
keys app7 Enter d
wait_for app7 "+-"
keys app7 End Enter
wait_for app7 "是/否"
keys app7 y
expect app7 "欧阳明明的档案已删除" "d in the list deletes the file"
run 1 show child 42 && err_has "no child #42" "the sibling's file is gone"
expect_not app7 "联系卡" "and the list stays on the screen"

# Terminals.
for term in xterm xterm-256color putty screen vt100 linux; do
	TERM_FOR=$term start "t-$term" 80 24
	# The Linux console warns first that it cannot show Chinese.
	if [ $term = linux ]; then
		wait_for "t-$term" "cannot show Chinese"
		keys "t-$term" Enter
	fi
	ntest=$((ntest + 1))
	if wait_for "t-$term" "1" && [ "$(T display -p -t "t-$term" '#{pane_dead}')" = 0 ]; then
		pass "TERM=$term works"
	else
		fail "TERM=$term"
		screen "t-$term"
	fi
done
TERM_FOR=no-such-terminal start t-bad 80 24
expect t-bad "TERM=xterm" "an unknown TERM gives a message"
finish

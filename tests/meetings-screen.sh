#!/bin/sh
# The meetings' screens, in tmux at 80x24: from the main menu's 9, open a
# meeting and tick its attendance (Space present, x absent with a
# reason, Space again: not recorded), write its minutes, print its
# sign-in sheet to a file, and add a meeting through the form with its
# invitation; each outcome checked through the command line.  With two
# schools, the list names each meeting's school.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

SCHOOL=柳树乡中心学校
"$SHOUHU" --db "$DB" init --school "$SCHOOL" --school 石桥村小学 >/dev/null &&
"$SHOUHU" --db "$DB" import roster "$TOP_SRCDIR/tests/data/meetings-roster.csv" \
    >/dev/null &&
"$SHOUHU" --db "$DB" meeting add --school "$SCHOOL" --date 2026-11-27 \
    --kind monthly --topic 十一月座谈会 --place 会议室 --invite class:3-2 \
    >/dev/null || { echo "FAIL: setting up"; exit 1; }

start app 80 24
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
keys app 9
expect app "十一月座谈会" "9 opens the meetings' list"
expect_not app "柳树乡" "with one school, the list names no school"
expect app "邀请4人" "the list says how many are invited"
keys app Enter
expect app "陈思雨" "Enter opens the meeting with its invitees"
expect app "未登记 4" "nothing is recorded yet"

# Space: the first invitee came; the selection moves on.
keys app Space
expect app "[x]   1  陈思雨" "Space ticks the invitee present"
run 0 --lang en meeting show 1 && has "present 1, absent 0" "the tick is saved at once"
# x: the second did not come, and why.
keys app x
expect app "缺席原因" "x asks why"
type_text app "生病"
keys app Enter
expect app "[-]   2  李明轩" "x marks the invitee absent"
expect app "缺席: 生病" "with the reason"
run 0 --lang en meeting show 1 && has "absent: 生病" "the absence and its reason are saved"
# Space on a ticked invitee: not recorded again.
keys app Up Up
wait_for app ">[x]   1"
keys app Space
expect app "[ ]   1  陈思雨" "Space again takes the tick away"
run 0 --lang en meeting show 1 && has "present 0, absent 1, not recorded 3" \
    "and that is saved too"

# m: the minutes.
keys app m
expect app "会议记录：会议内容和决定" "m asks for the minutes"
type_text app "孩子们说了本月的学习"
keys app Enter
expect app "会议记录：孩子们说了本月的学习" "the minutes are shown"
run 0 meeting show 1 && has "孩子们说了本月的学习" "and saved"

# f: the follow-up and by when.
keys app f
expect app "跟进：会后要做的事" "f asks for the follow-up"
type_text app "家访陈思雨"
keys app Enter
expect app "跟进期限" "and by when"
type_text app "2026-12-20"
keys app Enter
expect app "跟进：家访陈思雨 2026-12-20" "the follow-up is shown"
run 0 --lang en meeting show 1 && has "Follow-up by: 2026-12-20" "and saved"

# p: the sign-in sheet to a file.
keys app p
expect app "打印签到表" "p asks where to print"
keys app Down Enter
expect app "写入文件" "a file is asked for"
keys app C-u
type_text app "$WORK/sheet.txt"
keys app Enter
expect app "已写入 $WORK/sheet.txt" "the screen says where the sheet is"
ntest=$((ntest + 1))
grep -q "签到表" "$WORK/sheet.txt" 2>/dev/null && pass "the sheet is written" ||
	fail "no sign-in sheet in $WORK/sheet.txt"

# a: a new meeting through the form, its invitation asked on saving.
keys app q
expect app "1 次会议" "back on the list"
keys app a
expect app "会议所属学校" "a asks for the school"
# The first school is the one highlighted (reverse video), and Enter
# takes it.
ntest=$((ntest + 1))
T capture-pane -e -p -t app | grep "$(printf '\033')\[[0-9;]*7[0-9;]*m" |
    grep -q "$SCHOOL" && pass "the school picker starts on the first school" ||
	{ fail "the school picker does not start on the first school"; screen app; }
keys app Enter
expect app "新会议" "the form of a new meeting"
keys app Down Down Down Down
type_text app "安全教育课"
keys app F2
expect app "全校儿童" "saving asks whom to invite"
keys app Down Enter
expect app "班级（3-2" "a class is asked for"
type_text app "3-1"
keys app Enter
expect app "他们的监护人" "and whether the children or their guardians"
keys app Down Enter
expect app "已添加 2 号会议" "the meeting is added"
run 0 --lang en meeting show 2 && has "赵德明 (赵子涵 grandfather)" \
    "the class's guardians are invited"
has "$SCHOOL" "the meeting is the first school's"
has "Invited: the guardians of grade 3 class 1" "the invitation is kept, in words"

# The worklist's meeting of this week opens with Enter.
soon=$(date -d '+2 days' +%F)
"$SHOUHU" --db "$DB" meeting add --school "$SCHOOL" --date "$soon" \
    --kind safety --topic 防溺水安全课 --invite school >/dev/null
row=$("$SHOUHU" --db "$DB" --lang zh due | sed 1,2d | grep -n 防溺水安全课 |
    cut -d: -f1)
keys app q
wait_for app "今日工作"
keys app w
wait_for app "项待办"
[ "${row:-1}" -gt 1 ] && T send-keys -t app -N $((row - 1)) Down
expect app "防溺水安全课）" "the worklist has this week's meeting"
keys_done app
keys app Enter
expect app "$SCHOOL  防溺水安全课" "Enter opens the meeting"
keys app q
keys app q
wait_for app "1"
keys app 0
dead app || fail "the program did not end"

# With two schools, each row names its school (short); the topic takes
# what the other columns leave of the 80 columns.
OTHER=桃花村小学
long=冬季防火防溺水安全教育主题班会
printf '学校,年级,班级,姓名,性别,出生日期\n%s,一年级,1班,周小雨,女,2019-04-02\n' \
    "$OTHER" >"$WORK/other.csv"
for args in "init --school $OTHER" "import roster $WORK/other.csv"; do
	# shellcheck disable=SC2086
	"$SHOUHU" --db "$DB" $args >/dev/null || fail "setting up: $args"
done
for school in "$SCHOOL" "$OTHER"; do
	"$SHOUHU" --db "$DB" meeting add --school "$school" --date 2026-12-07 \
	    --time 10:00 --kind safety --topic "$long" --invite school \
	    >/dev/null || fail "adding a meeting at $school"
done
start two 80 24
wait_for two "1" || fail "no menu"
keys two 9
expect two "学校" "with two schools, the list has a school column"
expect two "2026-12-07 10:00 柳树乡中…" "a long school name is cut short"
expect two "2026-12-07 10:00 桃花村小学" "a short one is whole"
ntest=$((ntest + 1))
n=$(screen two | grep -c "2026-12-07 10:00 .*冬季防火防溺水安全…")
[ "$n" -eq 2 ] && pass "the topic takes the width left (18 columns and more)" ||
	fail "the topic is cut short: $(screen two)"
keys two q
wait_for two "1"
keys two 0
dead two || fail "the program did not end"
finish

#!/bin/sh
# worklist-screen.sh -- the worklist screen (今日工作), in tmux at 80x24
# and in Chinese: w opens it from the main menu, which shows its count;
# Enter opens the child's file of an item and a staff member's form; a
# talk recorded from the item's file takes the item away, and the menu's
# count shrinks by one; f shows one kind of item.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

S=东山小学
cat >"$WORK/roster.csv" <<'EOF'
学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,帮扶教师,重点帮扶,父亲姓名,父亲电话
东山小学,三年级,2班,王小明,男,2016-03-07,王奶奶,祖母,13812340001,李芳,是,,
东山小学,三年级,2班,张小红,女,2016-05-07,,,,,是,张大山,13812340003
EOF
cat >"$WORK/staff.csv" <<'EOF'
学校,姓名,职务,任班主任,电话
东山小学,李芳,帮扶教师,,13900000001
东山小学,陈校长,校长,,
EOF
for args in "init --school $S" "import roster $WORK/roster.csv" \
    "import staff $WORK/staff.csv" "settings set talk_days_key 1"; do
	# shellcheck disable=SC2086
	"$SHOUHU" --db "$DB" $args >/dev/null || { echo "FAIL: $args"; exit 1; }
done
MENTOR=$("$SHOUHU" --db "$DB" list staff --format csv | grep ",李芳," | cut -d, -f1)
MING=$("$SHOUHU" --db "$DB" list children --format csv | grep ",王小明," | cut -d, -f1)
# The number of things to do, as the command line counts them.
count() {
	"$SHOUHU" --db "$DB" due --format csv | tail -n +2 | wc -l | tr -d ' '
}
total=$(count)

start app 80 24
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
expect app "w  今日工作" "the main menu has the worklist on w"
expect app "$total 项待办" "with the count of things to do ($total)"
keys app w
expect app "今日工作" "w opens the worklist"
expect app "王小明 (三年级2班)：没有谈心记录" "a mentee not talked with is on it"
expect app "张小红 (三年级2班)：重点帮扶儿童没有帮扶教师" "and a key-support child without a mentor"

# Enter on a child's item opens the child's file.
item_row() {
	screen app | grep -n -- "$1" | head -1 | cut -d: -f1
}
# The first item is on line 3, under the title and the column heads.
row=$(item_row "重点帮扶儿童没有帮扶教师")
keys app Home
i=3
while [ "$i" -lt "$row" ]; do keys app Down; i=$((i + 1)); done
keys app Enter
expect app "儿童 张小红" "Enter opens the child's file of the item"
keys app Escape
expect app "今日工作" "Esc goes back to the worklist"

# Enter on a staff member's item opens the staff form.
wait_for app "陈校长 没有电话" || fail "the worklist is not shown again"
row=$(item_row "陈校长 没有电话")
keys app Home
i=3
while [ "$i" -lt "$row" ]; do keys app Down; i=$((i + 1)); done
keys app Enter
expect app "陈校长" "Enter on a staff item opens the staff member"
keys app Escape

# A talk recorded from the item's file takes the item away: Enter on it,
# Tab to the care log, a, the form, F2, and back.
wait_for app "没有谈心记录" || fail "the worklist is not shown again"
row=$(item_row "没有谈心记录")
keys app Home
i=3
while [ "$i" -lt "$row" ]; do keys app Down; i=$((i + 1)); done
keys app Enter
expect app "儿童 王小明" "Enter on the talk opens the mentee's file"
keys app Tab
expect app "Tab：回到联系卡" "Tab moves to its care log"
keys app a
expect app "新帮扶记录" "a opens a new entry"
# On the text; then back to the kind, 谈心.
type_text app "聊了学习"
keys app BTab BTab BTab BTab Enter
wait_for app "学习辅导"
type_text app "谈心"
keys app Enter
keys app F2
expect app "已记入帮扶记录" "the talk is saved"
keys app q
expect app "今日工作" "q goes back to the worklist"
expect_not app "没有谈心记录" "and the talk is no longer on it"
same "$(count)" "$((total - 1))" "the command line counts one thing less"
keys app Escape
expect app "$((total - 1)) 项待办" "the menu counts one thing less after the talk"

# My mentees shows the next talk when the settings ask for it (here a
# key-support child's: talk_days_key), and a follow-up due before it.
# mine_row: 王小明's row of my mentees, opened afresh from the menu.
mine_row() {
	keys app 3
	wait_for app "结对帮扶"
	keys app y
	wait_for app "输入筛选"
	keys app Enter
	wait_for app "帮扶 "
	type_text app 李芳
	keys app Enter
	wait_for app "下次谈心或跟进"
	wait_for app "王小明"
	row=$(screen app | grep -F "王小明")
	keys app q
	wait_for app "w  今日工作"
}
day() { date -d "+$1 days" +%m-%d; }
# row_has WHAT TEXT: the row holds TEXT.
row_has() {
	ntest=$((ntest + 1))
	case $row in
	*"$2"*) pass "$1" ;;
	*) fail "$1: no \"$2\" in \"$row\"" ;;
	esac
}
mine_row
row_has "the next talk, a day after today's (talk_days_key 1)" "谈心 $(day 1)"
"$SHOUHU" --db "$DB" settings set talk_days_key 5 >/dev/null
mine_row
row_has "the next talk follows the settings (talk_days_key 5)" "谈心 $(day 5)"
run 0 log add --child "$MING" --staff "$MENTOR" --kind help --text 送了书包 \
    --follow-up "$(date -d '+2 days' +%F)" --follow-up-text 问问用得怎样
mine_row
row_has "a follow-up due before the next talk comes first" "跟进 $(day 2)"

keys app w
expect app "今日工作" "the worklist opens again"

# f narrows the list to one kind, picked from the kinds present with
# their counts; the title says so, and the cursor stays on its item.
left=$((total - 1))
phones=$("$SHOUHU" --db "$DB" due --format csv | tail -n +2 | grep -c '^phone,')
[ "$phones" -ge 2 ] || fail "the test wants two phones to verify, not $phones"
keys app f
expect app "显示哪一类" "f asks which kind to show"
expect app "全部类别（$left）" "every kind, with its count"
expect app "电话核实（$phones）" "and each kind present, with its count"
type_text app "电话核实"
keys app Enter
expect app "电话核实：$phones 项（共 $left 项待办）" "the title names the kind shown"
expect_not app "陈校长 没有电话" "the items of other kinds are gone"
ntest=$((ntest + 1))
kinds=$(screen app | sed -n '3,$p' | grep -E '^ +-?[0-9]+  ' |
    awk '{ print $2 }' | sort -u)
[ "$kinds" = "电话核实" ] && pass "every row shown is a phone to verify" ||
	fail "the rows shown are of kinds: $kinds"
keys app Home Down Enter
wait_for app "联系卡" || fail "Enter does not open the file of the item"
kid=$(screen app | sed -n 's/^ 儿童 \([^ ]*\) .*/\1/p' | head -1)
keys app Escape
wait_for app "电话核实：" || fail "the filtered worklist is not shown again"
keys app f
wait_for app "显示哪一类" || fail "f does not ask again"
type_text app "全部"
keys app Enter
expect app "$left 项待办" "every kind is shown again"
expect_not app "电话核实：" "and the title says so"
keys app Enter
expect app "儿童 $kid" "the cursor stayed on its item ($kid)"
keys app Escape
wait_for app "今日工作" || fail "the worklist is not shown again"
keys app q q
dead app || fail "the program did not end"
finish

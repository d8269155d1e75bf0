#!/bin/sh
# The call-tree screens, in tmux at 80x24: make a tree for a school,
# fold it, move a line, change a backup (a folded branch staying
# folded), add an official, print it to a file, and record a drill from
# the sheet; each outcome checked through the command line.  A child
# marked as transferred leaves the tree at once, and it says so.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
official=$("$SHOUHU" --db "$DB" list officials --format csv | sed -n 2p |
    cut -d, -f2)
school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p |
    cut -d, -f2)

# The version printed on the school's sheet.
version() {
	"$SHOUHU" --db "$DB" calltree show --school "$school" 2>/dev/null |
	    grep -o 'version [0-9]*' | head -1 | cut -d' ' -f2
}

start app 80 24
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
keys app 7
wait_for app "g"
keys app g
expect app "+-" "g asks for which school"
keys app Enter
wait_for app "+-"
keys app Enter
expect app "1-" "making the tree shows what it found"
keys app q
expect app "名称" "back on the list of trees"
expect_not app "正在生成" "the list no longer says the tree is being made"
run 0 calltree list && has "$school" "the tree is made and listed"
run 0 calltree check --school "$school" && has "every rule" "the tree keeps every rule"
same "$(version)" 1 "version 1"

keys app Enter
expect app "1.1" "the tree opens, numbered as on the sheet"
# Fold the first caller's lines, unfold them again.
keys app Down
keys app Space
expect app "+ 1.1 " "Space folds a caller's lines"
keys app Space
expect app "- 1.1 " "and unfolds them"

# Move the first family (1.1.1.1) to be called by caller 1.1.3.
keys app Home Down Down Down
wait_for app ">"
keys app m
wait_for app "+-"
type_text app "1.1.3"
keys app Enter
settle "version 2" calltree show --school "$school"
ntest=$((ntest + 1))
[ "$(version)" = 2 ] && pass "moving a line makes version 2" ||
	{ fail "version after a move: $(version)"; screen app; }
run 0 calltree show --school "$school"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q "^.*1\.1\.3\.[0-9]* *金浩" &&
	pass "the family is now called by 1.1.3" ||
	{ fail "the moved family is not under 1.1.3"; printf '%s\n' "$OUT" | head -30; }
run 0 calltree check --school "$school" && has "every rule" "the moved tree keeps every rule"

# A backup phone for the selected line.
keys app b
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "13912345678"
keys app Enter
wait_for app ">"
keys_done app
keys app Enter
expect app "13912345678" "the new backup is on the line (Enter shows it all)"
keys app q
run 0 calltree show --school "$school" && has "13912345678" "the backup is stored"

# A branch folded stays folded when another line is changed.
keys app Home Down
wait_for app ">  - 1.1 "
keys app Space
expect app "+ 1.1 " "the first caller's lines are folded"
keys app Down
wait_for app ">  - 1.2 "
keys app b
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "13912340000"
keys app Enter
settle "13912340000" calltree show --school "$school"
has "13912340000" "the backup of 1.2 is stored"
expect app "+ 1.1 " "and the first caller's lines are still folded"
expect app ">  - 1.2 " "with 1.2 still selected"
keys app Home Down Space
expect app "- 1.1 " "unfolded again"

# An official called by the top line.
keys app Home
keys app o
wait_for app "+-"
keys app Enter
settle "$official" calltree show --school "$school"
has "$official" "the official is on the tree"
# Adding another, the one on the tree is not offered again.
official2=$("$SHOUHU" --db "$DB" list officials --format csv | sed -n 3p |
    cut -d, -f2)
keys app Home
keys app o
wait_for app "$official2"
ntest=$((ntest + 1))
# (Within the picker's box, not the tree behind it.)
screen app | grep '|' | grep -qF "$official" &&
	fail "an official on the tree is offered again" ||
	pass "an official on the tree is not offered again"
keys app Escape
run 0 calltree check --school "$school" && has "every rule" "the tree still keeps every rule"

# Print to a file.
keys app p
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "$WORK/sheet.txt"
keys app Enter
keys_done app
ntest=$((ntest + 1))
[ -s "$WORK/sheet.txt" ] && grep -q "1/" "$WORK/sheet.txt" &&
    pass "the sheet is printed to the file" || fail "no sheet in the file"
mode=$(stat -c %a "$WORK/sheet.txt" 2>/dev/null)
same "$mode" 600 "the sheet's file is private"

# A drill: the top reached, the first callers reached, a family not.
keys app l
wait_for app "+-"
keys app Enter
wait_for app "+-"
type_text app "07:30"
keys app Enter
keys_done app
# Drilling, each line is wider (its result first): a phone is never cut,
# the names and children before it give way.
OUT=$(screen app)
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q '[0-9]…' &&
	fail "a phone is cut while drilling: $(printf '%s\n' "$OUT" | grep '[0-9]…' | head -3)" ||
	pass "no phone is cut while drilling"
keys app Home
# The top line has no backup: "through the backup" is refused there.
keys app Enter
wait_for app "+-"
type_text app "b07:31"
keys app Enter
expect app "没有备用号码" "a result through a backup the line does not have is refused"
for t in 07:31 07:33 07:35; do
	keys app Enter
	wait_for app "+-"
	type_text app "$t"
	keys app Enter
	keys_done app
done
keys app Enter
wait_for app "+-"
type_text app "x"
keys app Enter
wait_for app "[x      ]"
# The connection drops: the results typed so far are kept.
pid=$(T display -p -t app '#{pane_pid}')
kill -HUP "$pid"
i=0
while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
start app2 80 24
wait_for app2 "1"
keys app2 7
wait_for app2 "g"
keys app2 Enter
wait_for app2 "1.1"
keys app2 l
expect app2 "[是/否]" "an unfinished drill is offered back"
keys app2 y
expect app2 "07:33" "with the results typed before the hang-up"
keys app2 F2
expect app2 "1.1.1.1" "saving the drill shows its report, with the line not reached"
keys app2 q
run 0 calltree report --school "$school" && has "07:30" "the drill is recorded"
run 0 list contacts --to-verify --format csv
rows=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
ntest=$((ntest + 1))
[ "$rows" -ge 1 ] && pass "the number not reached is to verify" ||
	fail "no contact to verify after the drill"

# A child who leaves school leaves the tree at once, not made again:
# the sheet, its counts and check say so, and so does the tree screen.
run 0 --lang en calltree show --school "$school"
before=$(printf '%s\n' "$OUT" | sed -n 's/^Children: \([0-9]*\),.*/\1/p')
kid=$(printf '%s\n' "$OUT" | sed '/^Summary$/,$d' |
    grep -o '[^ ]*(grade [0-9] class [0-9]*)' | head -1 | sed 's/(.*//')
start app3 80 24
wait_for app3 "1"
child_file app3 "$kid"
keys app3 d
wait_for app3 "+-"
type_text app3 "转学"
keys app3 Enter
wait_for app3 "从哪一天起"
keys app3 Enter
wait_for app3 "原因"
type_text app3 "随父母进城"
keys app3 Enter
wait_re app3 "继续吗|同时结束"
screen app3 | grep -qF "同时结束" && { keys app3 y; wait_for app3 "继续吗"; }
keys app3 y
expect app3 "已转学" "the child is marked as transferred"
run 0 --lang en calltree show --school "$school"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | sed '/^Summary$/,$d' | grep -q "$kid(" &&
	fail "$kid is still on the lines of the tree" ||
	pass "the child who left is on no line of the tree"
has "Children: $((before - 1))," "the sheet counts one child fewer"
# The sheet's lines wrap: read them as one.
OUT=$(printf '%s\n' "$OUT" | tr '\n' ' ' | tr -s ' ')
has "$kid(" "the child is named"
has "left school (transferred): removed from the tree" "as left school, removed from the tree"
run 0 --lang en calltree print --school "$school" -o "$WORK/left.txt"
ntest=$((ntest + 1))
sed -n '/^Children who have left/,$p' "$WORK/left.txt" | grep -q "$kid(" &&
    ! sed '/^Summary$/,$d' "$WORK/left.txt" | grep -q "$kid(" &&
	pass "the printed sheet leaves the child out and its problems page says so" ||
	fail "the printed sheet: $(grep "$kid" "$WORK/left.txt")"
run 0 --lang en calltree check --school "$school" &&
	has "$kid(" "check names the child who left"
has "every rule" "and the tree still keeps every rule"
keys app3 q
wait_for app3 "姓名"
keys app3 q
wait_for app3 "1"
keys app3 7
wait_for app3 "g"
keys app3 Enter
expect app3 "$((before - 1)) 名儿童" "the tree screen counts one child fewer"
expect app3 "这棵联络树有 1 个问题：$kid" "opening it tells who left"
keys app3 c
expect app3 "已离校（已转学），已从联络树中去掉" "c tells the child who left"
finish

#!/bin/sh
# The mentoring screens, in tmux at 80x24 and in Chinese: give two
# children without a mentor one mentor at once, cancel a choice, end a
# pair, and take the mentor from a child's file; each outcome checked
# through the command line.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# Children in school without a mentor, from the command line.
without() {
	"$SHOUHU" --db "$DB" list children --format csv |
	    awk -F, 'NR > 1 && $12 == "in_school" && $18 == ""' | wc -l |
	    tr -d ' '
}
# Current pairs, from the command line.
paired() {
	"$SHOUHU" --db "$DB" list children --format csv |
	    awk -F, 'NR > 1 && $18 != ""' | wc -l | tr -d ' '
}

nfree=$(without)
npairs=$(paired)
ntest=$((ntest + 1))
[ "$nfree" -ge 3 ] && pass "the demo has children without a mentor ($nfree)" ||
	fail "the demo has $nfree children without a mentor"

start app 80 24
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
keys app 3
expect app "$nfree 名未结对" "the screen counts the children without a mentor"
sch=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $12 == "in_school" && $18 == "" { print $6; exit }')
expect app "$sch" "with every school shown, the rows name the child's school"

# A search finds a child; the mark stays when the search is cleared, and
# End goes to that child, the last row.
last=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $12 == "in_school" && $18 == "" { n = $2 } END { print n }')
first=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $12 == "in_school" && $18 == "" { print $2; exit }')
keys app /
type_text app "$last"
expect app "1 名未结对" "a search for a name finds that child alone"
expect_not app "$first" "and not the others"
keys app Enter Space
expect app "已标记 1 名" "Space marks the child found"
keys app Escape
expect app "$nfree 名未结对" "Esc clears the search"
expect app "已标记 1 名" "and the mark stays"
keys app End Space
expect app "已标记 0 名" "End goes to the last row (the child marked)"
keys app Home

# Two marked children get one mentor.
keys app Space Space
expect app "已标记 2 名" "Space marks two children"
keys app m
wait_for app "+-"
keys app Enter
expect app "$((nfree - 2)) 名未结对" "both have a mentor now"
same "$(without)" "$((nfree - 2))" "and the records say so"

# Choosing a mentor and cancelling leaves nothing marked.
keys app m
wait_for app "+-"
keys app Escape
expect_gone app "[x]" "a cancelled choice leaves no row marked"
expect app "已标记 0 名" "and says so"

# Ending a pair takes it off the list at once.
keys app Tab
expect app "$((npairs + 2)) 对" "the list of pairs counts every pair"
top=$(screen app | awk '/^>/ { print $2; exit }')
keys app PgDn PgDn
expect_gone app "$top" "PgDn pages down the pairs"
keys app Home
expect app "$top" "Home goes back to the first pair"
keys app /
type_text app "$top"
expect app "全部学校：1 对" "a search finds the child's pair"
keys app Escape
expect app "$((npairs + 2)) 对" "and Esc shows every pair again"
keys app x
wait_for app "是/否"
keys app y
expect app "$((npairs + 1)) 对" "an ended pair leaves the list"
same "$(paired)" "$((npairs + 1))" "the child has no mentor from today"
keys app x
wait_for app "是/否"
keys app n
keys_done app
same "$(paired)" "$((npairs + 1))" "n keeps the pair"
keys app Tab
expect app "$((nfree - 1)) 名未结对" "the child is back among those without one"

# From a child's file: no mentor.
name=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $18 != "" { print $2; exit }')
id=$("$SHOUHU" --db "$DB" list children --format csv |
    awk -F, 'NR > 1 && $18 != "" { print $1; exit }')
keys app Escape
wait_for app "儿童档案"
ntest=$((ntest + 1))
screen app | grep -qE "结对帮扶 +$((npairs + 1)) 对" &&
	pass "the main menu counts the pairs in force, not the ended one" ||
	{ fail "the menu's count of pairs (want $((npairs + 1)))"; screen app; }
keys app 1
wait_for app "姓名"
keys app /
type_text app "$name"
wait_for app "$name"
keys app Enter Enter
expect app "(#$id)" "the child's file opens"
keys app m
wait_for app "+-"
keys app Home Enter
expect app "帮扶教师：暂无" "the file shows no mentor at once"
run 0 --lang zh show child "$id" && has "帮扶教师：无" "and so do the records"
finish

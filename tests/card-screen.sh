#!/bin/sh
# A child's contact card from the screens, in tmux at 80x24: the call
# order typed in the form is kept and the others move down; marking a
# second entrusted guardian asks to move the mark; the same for a person
# already known (a sibling's parent).
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
row=$("$SHOUHU" --db "$DB" list children --format csv | sed -n 2p)
id=${row%%,*}
kid=$(printf '%s\n' "$row" | cut -d, -f2)
first=$(printf '%s\n' "$row" | cut -d, -f15)
# card: the names on the child's card, in call order, one a line.
card() {
	"$SHOUHU" --db "$DB" --lang zh show child "$id" |
	    sed -n 's/^  [0-9]*\. \([^ ]*\) .*/\1/p'
}
before=$(card | wc -l)

start app 80 24
wait_for app "守护 - "
child_file app "$kid"

# A new aunt, typed as the first to call.
keys app a
wait_for app "+-"
keys app Enter
wait_for app "拨打顺序"
type_text app "姑姑"
keys app Tab C-u
type_text app "1"
keys app Tab Tab
type_text app "王秀芝"
keys app Tab
type_text app "13800001111"
keys app F2
expect app "已将王秀芝保存到联系卡" "the aunt is on the card"
same "$(card | head -n 1)" "王秀芝" "the order typed (1) is kept"
same "$(card | sed -n 2p)" "$first" "the first before is second now"
same "$(card | wc -l | tr -d ' ')" "$((before + 1))" "nobody else left the card"
same "$("$SHOUHU" --db "$DB" --lang zh show child "$id" | grep -c '^  1\. ')" 1 \
    "one line numbered 1."

# A new uncle, marked as the entrusted guardian.
keys app a
wait_for app "+-"
keys app Enter
wait_for app "拨打顺序"
type_text app "舅舅"
keys app Tab Tab Space Tab
type_text app "李建华"
keys app Tab
type_text app "13800002222"
keys app F2
expect app "要把标记改到 李建华" "a second entrusted guardian asks to move the mark"
keys app n
expect app "没有保存" "no: nothing is saved"
expect app "拨打顺序" "and the form stays open"
keys app F2
wait_for app "要把标记改到"
keys app y
expect app "已将李建华保存到联系卡" "yes: the uncle is on the card"
run 0 --lang zh show child "$id"
same "$(printf '%s\n' "$OUT" | grep -c '委托监护人')" 1 "one entrusted guardian"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q "李建华.*委托监护人" && pass "the uncle" ||
	fail "the mark is not the uncle's"
finish

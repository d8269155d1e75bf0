#!/bin/sh
# A child's growth file (成长档案) printed from the care log: the child
# and the family, then every entry oldest first, paginated in 80
# columns, against a golden file; the print is in the audit trail.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"
G="$TOP_SRCDIR/tests/golden"
today=$(date +%Y-%m-%d)

run 0 init --school 柳树乡中心学校 &&
	run 0 import roster "$D/roster-utf8.csv" || finish
run 0 log add --child 1 --kind talk --staff 1 --date 2026-09-15 --mood good \
    --text "开学第一周，适应得很好，和同桌成了好朋友。"
run 0 log add --child 1 --child 2 --kind visit --staff 1 --date 2026-10-08 \
    --with 奶奶 --mood worried --concern --follow-up 2026-10-20 \
    --follow-up-text "再打电话问问奶奶的腿" \
    --text "到家里看了看兄妹俩。奶奶上个月摔了一跤，腿还没好，做饭、洗衣都靠哥哥帮忙；作业有时候来不及写。
和奶奶商量，周末请姑姑回来帮几天。"
run 0 log add --child 1 --kind call-guardian --staff 1 --date 2026-10-20 \
    --phone 0739-2123456 --text "奶奶说腿好些了，能下地了。"
run 0 log add --child 1 --kind family-call --staff 1 --date 2026-11-02 \
    --mood good --text "在学校用亲情电话和爸爸视频二十分钟。"
run 0 log add --child 1 --kind growth --staff 2 --date 2026-11-20 \
    --text "在学校运动会上跑了 60 米第二名。"

run 0 --lang zh print log --child 1 --page-lines 24 --date 2026-12-01 \
    -o "$WORK/log.txt" ||
	finish
sed "s/$today/TODAY/g" "$WORK/log.txt" >"$WORK/got.txt"
ntest=$((ntest + 1))
if cmp -s "$G/carelog-1.txt" "$WORK/got.txt"; then
	pass "the growth file is as the golden one"
else
	fail "the growth file differs from the golden one:"
	diff -u "$G/carelog-1.txt" "$WORK/got.txt" | head -40
fi
ntest=$((ntest + 1))
if awk '{ gsub(/\f/, "") } length($0) > 0' "$WORK/log.txt" |
    while IFS= read -r l; do
	w=$(printf '%s' "$l" | wc -L)
	[ "$w" -le 80 ] || { echo "$w: $l"; exit 1; }
    done; then pass "no line is wider than 80 columns"
else fail "a line is wider than 80 columns"
fi
run 0 print log --child 1 && has "page 1/1" "one page of 60 lines"
run 0 print log --child 2 && has "张小明" "the sibling's file names the brother seen with her" &&
	hasnt "开学第一周" "and not his own entries"
run 0 audit --kind print && has "growth file" "the print is in the audit trail"
run 1 print log --child 99 && err_has "there is no child #99" "an unknown child"
run 2 print log && err_has "needs --child" "print log needs a child"
run 2 print log --child 1 --school 柳树乡中心学校 &&
	err_has "--school does not go with \"log\"" "nor a school"
finish

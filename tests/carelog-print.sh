#!/bin/sh
# A child's growth file (成长档案) printed from the care log: the child
# and the family, then every entry oldest first, paginated in 80
# columns, against a golden file (GOLDEN_OUT=FILE keeps what was printed
# when it differs); the print is in the audit trail.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"
G="$TOP_SRCDIR/tests/golden"
today=$(date +%Y-%m-%d)
# Last school year's autumn: past, and after the children (grades 3
# and 5) were enrolled, whatever today is.  Its year is YYYY in the
# golden file.
y=$(date +%Y)
[ "$(date +%m)" -ge 9 ] || y=$((y - 1))
y=$((y - 1))

run 0 init --school 柳树乡中心学校 &&
	run 0 import roster "$D/roster-utf8.csv" || finish
# 赵雨桐 (#5) and her brother 赵一鸣 (#4), who have no mentor: the
# entries are written in the names of the school's two counsellors, who
# may see them.
printf '学校,姓名,职务\n柳树乡中心学校,王丽,心理辅导教师\n柳树乡中心学校,刘老师,心理辅导教师\n' \
    >"$WORK/staff.csv"
run 0 import staff "$WORK/staff.csv"
run 0 log add --child 5 --kind talk --staff 1 --date "$y-09-15" --mood good \
    --text "开学第一周，适应得很好，和同桌成了好朋友。"
run 0 log add --child 5 --child 4 --kind visit --staff 1 --date "$y-10-08" \
    --with 外婆 --mood worried --concern --follow-up "$y-10-20" \
    --follow-up-text "再打电话问问外婆的腿" \
    --text "到家里看了看兄妹俩。外婆上个月摔了一跤，腿还没好，做饭、洗衣都靠哥哥帮忙；作业有时候来不及写。
和外婆商量，周末请姑姑回来帮几天。"
run 0 log add --child 5 --kind call-parents --staff 1 --date "$y-10-20" \
    --phone 15011112222 --text "爸爸说外婆的腿好些了，能下地了。"
run 0 log add --child 5 --kind family-call --staff 1 --date "$y-11-02" \
    --mood good --text "在学校用亲情电话和爸爸视频二十分钟。"
run 0 log add --child 5 --kind growth --staff 2 --date "$y-11-20" \
    --text "在学校运动会上跑了 60 米第二名。"
run 0 show child 5 &&
	has "15011112222  verified $y-10-20" "the call verified the father's phone"

run 0 --lang zh print log --child 5 --page-lines 24 --date "$y-12-01" \
    -o "$WORK/log.txt" || finish
sed "s/$today/TODAY/g; s/$y-/YYYY-/g" "$WORK/log.txt" >"$WORK/got.txt"
ntest=$((ntest + 1))
if cmp -s "$G/carelog-1.txt" "$WORK/got.txt"; then
	pass "the growth file is as the golden one"
else
	fail "the growth file differs from the golden one:"
	diff -u "$G/carelog-1.txt" "$WORK/got.txt" | head -40
	cp "$WORK/got.txt" "${GOLDEN_OUT:-/dev/null}"
fi
ntest=$((ntest + 1))
if awk '{ gsub(/\f/, "") } length($0) > 0' "$WORK/log.txt" |
    while IFS= read -r l; do
	w=$(printf '%s' "$l" | wc -L)
	[ "$w" -le 80 ] || { echo "$w: $l"; exit 1; }
    done; then pass "no line is wider than 80 columns"
else fail "a line is wider than 80 columns"
fi
run 0 print log --child 5 && has "page 1/1" "one page of 60 lines"
run 0 print log --child 4 && has "赵雨桐" "the brother's file names the sister seen with him" &&
	hasnt "开学第一周" "and not her own entries"
run 0 audit --kind print && has "growth file" "the print is in the audit trail"
if command -v pdftotext >/dev/null 2>&1; then
	run 0 print log --child 5 -o "$WORK/log.pdf"
	OUT=$(pdftotext "$WORK/log.pdf" - 2>/dev/null)
	has "外婆的腿好些了" "FILE.pdf is the growth file as a PDF"
fi
run 1 print log --child 99 && err_has "there is no child #99" "an unknown child"
run 2 print log && err_has "needs --child" "print log needs a child"
run 2 print log --child 5 --school 柳树乡中心学校 &&
	err_has "--school does not go with \"log\"" "nor a school"
finish

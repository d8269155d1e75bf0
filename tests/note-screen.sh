#!/bin/sh
# A note of several lines in a form, in tmux at 80x24: its lines are
# shown one under the other, not joined with a mark; saving the form
# unchanged keeps the line break.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" init --school 柳树乡中心学校 >/dev/null &&
"$SHOUHU" --db "$DB" import roster "$TOP_SRCDIR/tests/data/roster-utf8.csv" \
    >/dev/null || { echo "FAIL: the roster"; exit 1; }
id=$("$SHOUHU" --db "$DB" list children --format csv | grep ',张小红,' |
    cut -d, -f1)

start app 80 24
wait_for app "守护 - " || { echo "FAIL: no menu"; exit 1; }
child_file app 张小红 || { echo "FAIL: no file"; screen app; exit 1; }
keys app e
wait_for app "出生日期"
i=0
while [ $i -lt 40 ] && ! screen app | grep -q "喜欢唱歌"; do
	keys app Tab
	keys_done app
	i=$((i + 1))
done
ntest=$((ntest + 1))
first=$(screen app | grep '外号')
second=$(screen app | grep '喜欢唱歌')
if [ -n "$first" ] && [ -n "$second" ] && [ "$first" != "$second" ]; then
	pass "the note's two lines are on two rows"
else
	fail "the note's lines: [$first] [$second]"
	screen app
fi
expect_not app "|喜欢唱歌" "and not joined with a mark"
keys app F2
expect app "已保存" "the form saves"
run 0 show child "$id"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q '^ *喜欢唱歌' &&
	pass "the line break is kept" ||
	{ fail "the note after saving:"; printf '%s\n' "$OUT" | grep -A1 外号; }
finish

#!/bin/sh
# Starting the screens, in tmux at 80x24: where there is no database
# they ask before making an empty one; a missing Chinese catalog is said
# (in English); drafts left by a dropped link are stamped with the time
# they were typed, and the main menu says how many there are and lists
# them.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

# No database: the question, and no.
real=$DB
DB="$WORK/typo"
start new 80 24
expect new "没有数据库" "where there is no database the screens ask first"
type_text new n
keys new Enter
ntest=$((ntest + 1))
dead new && [ ! -e "$WORK/typo/data.mdb" ] && pass "no: nothing is created" ||
	fail "no: a database was made, or the program goes on"
start new2 80 24
wait_for new2 "没有数据库"
type_text new2 y
keys new2 Enter
expect new2 "守护 - " "yes: the menu of a new database"
DB=$real

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# Chinese asked for without a catalog.
start nocat 80 24 SHOUHU_LOCALEDIR="$WORK/nowhere"
expect nocat "No Chinese messages" "a missing Chinese catalog is said, in English"
# Too long for one line at 80 columns, it goes on over the key line.
expect nocat "screens are in English." "the whole of a long message is shown"

# A draft: typed, then the link drops over a minute later.
start app 80 24
wait_for app "守护 - "
keys app 1
wait_for app "姓名"
keys app e
wait_for app "出生日期"
m0=$(date '+%Y-%m-%d %H:%M')
keys app Down Down Down Down Down Down Down Down C-u
type_text app "桃花"
keys_done app
m1=$(date '+%Y-%m-%d %H:%M')
# The clock goes on to the next minute (a condition, not a pause).
w=0
while [ "$(date '+%Y-%m-%d %H:%M')" = "$m1" ] && [ $w -lt 700 ]; do
	sleep 0.1
	w=$((w + 1))
done
pid=$(T display -p -t app '#{pane_pid}')
kill -HUP "$pid"
dead app
start app2 80 24
expect app2 "1 份未保存的草稿" "the main menu says there is a draft"
keys app2 d
expect app2 "再次打开同一条记录" "d lists the drafts"
ntest=$((ntest + 1))
if screen app2 | grep -qF -e "输入于 $m1" -e "输入于 $m0"; then
	pass "a draft is stamped with the time it was typed ($m1)"
else
	fail "the draft is not stamped $m1"
	screen app2
fi
keys app2 q
wait_for app2 "守护 - "
# The menu's hint names every key that opens an entry, and each does.
expect app2 "w 1-9 p c i s 打开" "the hint names the keys that open an entry"
keys app2 p
expect app2 "哪所学校" "p opens what the hint says"
finish

#!/bin/sh
# The audit trail in the screens, in tmux at 80x24: opening a child's
# file is recorded, and h in the file shows who changed what in it,
# when, with the old and the new value.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
row=$("$SHOUHU" --db "$DB" list children --format csv | sed -n 2p)
id=${row%%,*}
kid=$(printf '%s\n' "$row" | cut -d, -f2)
me=$(id -un)

run 0 --lang en audit --child "$id" --kind view
same "$(printf '%s\n' "$OUT" | grep -c " view ")" 0 "no opening of the file yet"

start app 80 24
wait_for app "守护 - " || { echo "FAIL: no menu"; exit 1; }
child_file app "$kid"
expect app "h 历史" "the status line offers h"
settle " view " --lang en audit --child "$id" --kind view
has "$me" "opening the file is in the audit trail, with the login"

keys app h
expect app "新建" "h before any change shows the record being made"
keys app q
wait_for app "联系卡"

# A change to the child's name, then its history.
keys app e
wait_for app "出生日期"
keys app End
type_text app "乙"
keys app F2
wait_for app "已保存"
wait_for app "联系卡"
keys app h
expect app "修改历史" "h opens the history"
expect app "$me" "with who changed it"
expect app "姓名: $kid → ${kid}乙" "the field, its old and its new value"
keys app q
expect app "联系卡" "q goes back to the file"
finish

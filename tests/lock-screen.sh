#!/bin/sh
# A save in the screens while another writer is stopped (Ctrl-Z in the
# middle of a change), in tmux at 80x24: the message line says who is
# changing the database and that the save waits; after --wait seconds
# the save fails, and the form stays open with what was typed, so that
# F2 saves it once the other writer has finished.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

[ -r /proc/locks ] || skip "no /proc/locks to see who holds the lock"

# holds_lock PID: PID holds the write lock (an fcntl lock on write.lock).
holds_lock() {
	[ -f "$DB/write.lock" ] || return 1
	ino=$(stat -c %i "$DB/write.lock")
	grep -q "POSIX *ADVISORY *WRITE $1 [0-9a-f]*:[0-9a-f]*:$ino " /proc/locks
}

"$SHOUHU" --db "$DB" demo --children 20000 >/dev/null 2>&1 &
pid=$!
stopped() { kill -CONT $pid 2>/dev/null; }
cleanup_hooks="stopped $cleanup_hooks"
i=0
while ! holds_lock $pid && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
holds_lock $pid || { echo "FAIL: the demo never took the lock"; exit 1; }
kill -STOP $pid

LANG_OPT="--lang zh --wait 2"
start app 80 24
wait_for app "守护 - " || { echo "FAIL: no menu"; exit 1; }
keys app 5
wait_for app "名称"
keys app a
wait_for app "F2"
type_text app "等待小学"
keys app F2
expect app "正在修改数据库" "a save that waits says another writer is changing the database"
expect app "进程 $pid" "naming the process"
expect app "F2 再试" "after --wait seconds the save fails, to be tried again"
expect app "等待小学" "the form stays open with what was typed"

kill -CONT $pid
wait $pid
keys app F2
expect app "已保存" "once the other writer is done, F2 saves"
run 0 list schools && has "等待小学" "the school is stored"
finish

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

# Opening a child's file while another writer holds the lock: after a
# second, rather than waiting for the other writer (30 s by default),
# the screen says that the opening cannot be recorded, and the file is
# not shown unrecorded.
if command -v python3 >/dev/null; then
	"$SHOUHU" --db "$DB" demo --children 10 --seed 3 >/dev/null 2>&1 ||
	    { DB="$WORK/db2"; "$SHOUHU" --db "$DB" demo --children 10 \
	    --seed 3 >/dev/null; }
	kid=$("$SHOUHU" --db "$DB" list children --format csv | sed -n 2p |
	    cut -d, -f2)
	python3 -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(600)' "$DB/write.lock" >"$WORK/locker" &
	locker=$!
	unlock() { kill $locker 2>/dev/null; }
	cleanup_hooks="unlock $cleanup_hooks"
	i=0
	while [ $i -lt 100 ] && ! grep -q locked "$WORK/locker" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	LANG_OPT="--lang zh"
	start app2 80 24
	wait_for app2 "守护 - "
	keys app2 1
	wait_for app2 "姓名"
	list_find app2 "$kid"
	# Still held: the check below is about the screens, not the locker.
	holds_lock $locker ||
	    { echo "FAIL: the lock was not held when the file was opened"; exit 1; }
	keys app2 Enter
	ntest=$((ntest + 1))
	# Within 5 s, well before the 30 s wait.
	i=0
	while [ $i -lt 50 ] && ! screen app2 | grep -qF "审计记录"; do
		sleep 0.1
		i=$((i + 1))
	done
	screen app2 | grep -qF "审计记录" &&
		pass "a child's file waits a second for its audit entry, then says why it is not shown" ||
		{ fail "no word of the audit trail within 5 s"; screen app2; }
	expect_not app2 "联系卡" "and the file is not shown unrecorded"
	kill $locker
	wait $locker 2>/dev/null
	keys app2 Enter
	expect app2 "联系卡" "once the lock is free, the file opens"
else
	echo "SKIP: python3 holds the lock for the last check"
fi
finish

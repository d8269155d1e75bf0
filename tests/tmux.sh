# tmux.sh -- driving the real program in tmux, for the screen tests.
# Sourced after lib.sh.  Each test has its own tmux server (socket), so
# that tests can run side by side.

[ -n "${TMUX_BIN:-}" ] && [ -x "$TMUX_BIN" ] || TMUX_BIN=$(command -v tmux)
[ -n "$TMUX_BIN" ] || skip "tmux is not installed"
unset TMUX
SOCK="shouhu-$TEST_NAME-$$"
T() { "$TMUX_BIN" -L "$SOCK" -f /dev/null "$@"; }
tmux_stop() { T kill-server >/dev/null 2>&1; }
cleanup_hooks="tmux_stop $cleanup_hooks"

# start NAME [COLS ROWS [ENV...]]: the program on $DB in a new session.
start() {
	name=$1
	cols=${2:-80}
	rows=${3:-24}
	shift 3 2>/dev/null || shift $#
	if ! T has-session 2>/dev/null; then
		T new-session -d -s keep -x 80 -y 24 "sleep 100000" ||
			skip "tmux cannot start here"
		T set-option -g remain-on-exit on >/dev/null
	fi
	T new-session -d -s "$name" -x "$cols" -y "$rows" \
	    "env -u SSH_CONNECTION -u SSH_TTY LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=${TERM_FOR:-tmux-256color} SHOUHU_LOCALEDIR=$SHOUHU_LOCALEDIR $* $SHOUHU --db $DB ${LANG_OPT:---lang zh}"
}

screen() { T capture-pane -p -S -20 -t "$1"; }

# wait_for NAME TEXT [WHAT]: until TEXT is on the screen (10 s at most).
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# expect NAME TEXT WHAT: a check that TEXT appears.
expect() {
	ntest=$((ntest + 1))
	if wait_for "$1" "$2"; then
		pass "$3"
	else
		fail "$3: \"$2\" did not appear; the screen:"
		screen "$1"
	fi
}

# wait_re NAME REGEX: until REGEX matches the screen (10 s at most).
wait_re() {
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# keys_done NAME: returns once the program has handled every key sent so far
# and drawn the screen again.  Ctrl-C puts a message on the screen (how
# to leave); Ctrl-L takes it away again (and draws everything); keys are
# handled in order, so the keys sent before are done.  Not inside a
# dialog (a question, a pick list), which takes the keys itself.
SETTLED='退出方法|To leave:'
keys_done() {
	keys "$1" C-c
	wait_re "$1" "$SETTLED" || return 1
	keys "$1" C-l
	i=0
	while [ $i -lt 100 ]; do
		screen "$1" | grep -qE -- "$SETTLED" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# expect_not NAME TEXT WHAT: TEXT is not on the screen once the keys sent
# so far are handled.
expect_not() {
	ntest=$((ntest + 1))
	if ! keys_done "$1"; then
		fail "$3: the screen did not settle"
		screen "$1"
	elif screen "$1" | grep -qF -- "$2"; then
		fail "$3: \"$2\" is on the screen"
		screen "$1"
	else
		pass "$3"
	fi
}

# expect_gone NAME TEXT WHAT: the same, for what a key takes away.
expect_gone() {
	expect_not "$@"
}

# dead NAME: until the program has ended (10 s at most).
dead() {
	d=0
	while [ $d -lt 100 ]; do
		[ "$(T display -p -t "$1" '#{pane_dead}')" = 1 ] && return 0
		sleep 0.1
		d=$((d + 1))
	done
	return 1
}

# list_find NAME TEXT: in a list screen, searches for TEXT and waits
# until the row found first, starting with TEXT, is selected.
list_find() {
	keys "$1" /
	type_text "$1" "$2"
	keys "$1" Enter
	wait_for "$1" ">$2"
}

# child_file NAME CHILD: from the main menu to the file of CHILD.
child_file() {
	keys "$1" 1
	wait_for "$1" "姓名" || return 1
	list_find "$1" "$2" || return 1
	keys "$1" Enter
	wait_for "$1" "联系卡"
}

keys() { n=$1; shift; T send-keys -t "$n" "$@"; }
type_text() { T send-keys -t "$1" -l "$2"; }

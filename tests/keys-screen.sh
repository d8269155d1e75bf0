#!/bin/sh
# Keys in the screens, driven for real in tmux at 80x24: function keys
# as xterm, PuTTY and the Linux console send them, whatever TERM says;
# Esc on the main menu asks before quitting; Ctrl-C says how to leave;
# the Chinese status lines name the keys in Chinese ways; Esc does not
# wait long; a pasted word costs one search and one redraw; after a save
# the cursor stays on the record, after a deletion it goes to the next.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 40 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

ESC=$(printf '\033')
# fkey NAME BYTES: what a terminal sends for a function key.
fkey() { T send-keys -t "$1" -l "$2"; }
# selected NAME: the first cell of the selected row of a list.
selected() { screen "$1" | sed -n 's/^>\([^ ]*\).*/\1/p' | head -n 1; }
# F1 as xterm (ESC O P), PuTTY (ESC [ 11 ~) and the Linux console
# (ESC [ [ A) send it, each under each TERM.
for term in xterm putty linux; do
	for seq in OP '[11~' '[[A'; do
		n="f1-$term-$(printf '%s' "$seq" | tr -dc 'A-Z0-9')"
		TERM_FOR=$term start "$n" 80 24
		if [ $term = linux ]; then
			wait_for "$n" "cannot show Chinese"
			keys "$n" Enter
		fi
		wait_for "$n" "守护 - "
		fkey "$n" "$ESC$seq"
		expect "$n" "帮助：主菜单" \
		    "F1 as ESC $seq opens the help with TERM=$term"
		T kill-session -t "$n"
	done
done

# TERM=linux over SSH (PuTTY's terminal type set to linux) is not the
# Linux console: no warning that Chinese cannot be shown.
TERM_FOR=linux start ssh 80 24 SSH_TTY=/dev/pts/9
# (The warning comes before the menu and waits for a key.)
ntest=$((ntest + 1))
wait_for ssh "守护 - " && ! screen ssh | grep -q "cannot show Chinese" &&
	pass "TERM=linux over SSH goes straight to the menu" ||
	{ fail "TERM=linux over SSH is warned about"; screen ssh; }
T kill-session -t ssh

# F2 as xterm sends it saves a form with TERM=linux (it was read as Esc)
# and with TERM=putty (whose description gives ESC O Q to its keypad).
for term in linux putty; do
	TERM_FOR=$term start f2 80 24
	if [ $term = linux ]; then
		wait_for f2 "cannot show Chinese"
		keys f2 Enter
	fi
	wait_for f2 "守护 - "
	keys f2 1
	wait_for f2 "姓名"
	keys f2 e
	wait_for f2 "出生日期"
	fkey f2 "${ESC}OQ"
	expect f2 "已保存" \
	    "F2 as xterm sends it saves the form with TERM=$term"
	T kill-session -t f2
done

# The arrows, Home and End still move in a list with TERM=putty, as
# tmux and as xterm (ESC O B, ESC O F, ESC O H) send them.
# move HOW KEY SEQ: KEY as tmux sends it, or SEQ as xterm does.
move() {
	if [ "$1" = tmux ]; then
		keys pk "$2"
	else
		fkey pk "$ESC$3"
	fi
	keys_done pk
}
TERM_FOR=putty start pk 80 24
wait_for pk "守护 - "
keys pk 1
wait_for pk "姓名"
top=$(selected pk)
for how in tmux xterm; do
	move $how Down OB
	down=$(selected pk)
	move $how End OF
	end=$(selected pk)
	move $how Home OH
	ntest=$((ntest + 1))
	if [ "$down" != "$top" ] && [ "$end" != "$down" ] &&
	    [ "$(selected pk)" = "$top" ]; then
		pass "Down, End and Home as $how sends them move with TERM=putty"
	else
		fail "Down, End and Home as $how sends them with TERM=putty:" \
		    "$top $down $end $(selected pk)"
	fi
done
T kill-session -t pk

# Esc on the main menu asks; 0 quits.
start app 80 24
wait_for app "守护 - "
keys app Escape
expect app "退出守护？" "Esc on the main menu asks before quitting"
keys app n
expect_not app "退出守护？" "no: the menu stays"
ntest=$((ntest + 1))
[ "$(T display -p -t app '#{pane_dead}')" = 0 ] && pass "and the program goes on" ||
	fail "the program ended"
keys app C-c
expect app "退出方法" "Ctrl-C says how to leave"

# The Chinese status lines.
keys app 1
wait_for app "姓名"
keys app e
wait_for app "出生日期"
expect app "F2 Ctrl+S" "a form's status line says Ctrl+S"
expect app "Shift+Tab" "and Shift+Tab"
keys app F1
expect app "↑↓ 翻页" "the help's status line says ↑↓ 翻页"
keys app q
wait_for app "出生日期"
type_text app x
keys app Escape
expect app "[是/否]" "a question says [是/否]"
keys app y
wait_for app "姓名"

# Esc goes back without waiting for a key sequence that is not coming:
# the median of five, from Esc to the menu on the screen.
: >"$WORK/esc"
e=0
while [ $e -lt 5 ]; do
	t0=$(date +%s%N)
	keys app Escape
	j=0
	while ! screen app | grep -qF "守护 - " && [ $j -lt 2000 ]; do
		j=$((j + 1))
	done
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000000 )) >>"$WORK/esc"
	keys app 1
	wait_for app "姓名"
	e=$((e + 1))
done
ms=$(sort -n "$WORK/esc" | sed -n 3p)
ntest=$((ntest + 1))
[ "$ms" -lt 250 ] && pass "Esc acts within 250 ms ($ms ms)" ||
	fail "Esc takes $ms ms (median of five)"

# A pasted word costs one search and one redraw: fewer bytes than half
# of what the same word typed a key at a time (each key waited for) does.
keys app /
keys_done app
word=wang
T pipe-pane -t app -o "cat >> $WORK/one"
for c in w a n g; do
	type_text app $c
	keys_done app
done
T pipe-pane -t app
keys app Escape
keys app /
keys_done app
T pipe-pane -t app -o "cat >> $WORK/paste"
type_text app $word
keys_done app
T pipe-pane -t app
one=$(wc -c <"$WORK/one")
paste=$(wc -c <"$WORK/paste")
ntest=$((ntest + 1))
[ $((paste * 2)) -lt "$one" ] &&
	pass "a pasted word costs $paste bytes, typed a key at a time $one" ||
	fail "a pasted word costs $paste bytes, typed a key at a time $one"
keys app Escape Escape
wait_for app "守护 - "

# After a save the cursor stays on the saved record (every list).
keys app 1
wait_for app "姓名"
keys app Down Down Down
keys_done app
name=$(selected app)
keys app e
wait_for app "出生日期"
keys app F2
wait_for app "已保存"
keys_done app
same "$(selected app)" "$name" "after saving a child the cursor stays on $name"
keys app q
wait_for app "守护 - "
keys app 4
wait_for app "姓名"
keys app Down Down
keys_done app
name=$(selected app)
keys app e
wait_for app "电话"
keys app F2
keys_done app
same "$(selected app)" "$name" "after saving a staff member the cursor stays on $name"
keys app q
wait_for app "守护 - "

# After a deletion the cursor goes to the next row.
keys app 1
wait_for app "姓名"
keys app Down Down
keys_done app
gone=$(selected app)
keys app Down
keys_done app
next=$(selected app)
keys app Up d
wait_for app "+-"
keys app End Enter
wait_for app "是/否"
keys app y
expect app "${gone}的档案已删除" "d deletes $gone's file"
same "$(selected app)" "$next" "the cursor goes to the next child, $next"

# 0 quits.
keys app q
wait_for app "守护 - "
keys app 0
ntest=$((ntest + 1))
dead app && pass "0 on the main menu quits" || fail "0 did not quit"
finish

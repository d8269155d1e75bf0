#!/bin/sh
# screens.sh -- what the screens cost over a slow link, measured in
# bytes sent to the terminal (tmux pipe-pane) on an 80x24 screen with
# Chinese rows, and how fast the first screen shows on a big database.
# Called by bench.sh:  screens.sh SHOUHU DB WORK
set -eu
shouhu=$1
db=$2
work=$3
T="tmux -L shouhu-bench-$$ -f /dev/null"
trap '$T kill-server 2>/dev/null || true' EXIT
command -v tmux >/dev/null || { echo "screens: tmux not installed"; exit 0; }

$T new-session -d -s app -x 80 -y 24 \
    "env LANG=C.UTF-8 TERM=xterm-256color $shouhu --db $db --lang zh"
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		$T capture-pane -p -t app | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "screens: \"$1\" did not appear" >&2
	return 1
}
bytes() { wc -c <"$work/wire"; }
# cost KEYS... TEXT: the bytes sent to the terminal for the keys, once
# TEXT is on the screen and the output has settled.
cost() {
	text=$1
	shift
	before=$(bytes)
	$T send-keys -t app "$@"
	wait_for "$text"
	sleep 0.3
	echo $(( $(bytes) - before ))
}

wait_for "儿童档案"
: >"$work/wire"
$T pipe-pane -o -t app "cat >>$work/wire"
sleep 0.2
open_list=$(cost "姓名" 1)
down=$(cost "姓名" Down)
down2=$(cost "姓名" Down)
$T send-keys -t app /
sleep 0.3
search=$(cost "姓名" z)
search2=$(cost "姓名" h)
$T send-keys -t app Escape
sleep 0.5
# A word pasted (or typed faster than the link carries it) in one
# packet: one search and one redraw, against the same word a key at a
# time.
$T send-keys -t app /
sleep 0.3
before=$(bytes)
for c in w a n g; do
	$T send-keys -t app -l "$c"
	sleep 0.3
done
typed=$(( $(bytes) - before ))
$T send-keys -t app Escape
sleep 0.3
$T send-keys -t app /
sleep 0.3
before=$(bytes)
$T send-keys -t app -l wang
sleep 0.6
pasted=$(( $(bytes) - before ))
$T send-keys -t app Escape Escape
sleep 0.5
$T send-keys -t app 1
wait_for "姓名"
sleep 0.3
open_child=$(cost "联系卡" Enter)
$T send-keys -t app e
wait_for "出生日期"
sleep 0.3
$T send-keys -t app End
sleep 0.3
type1=$(cost "测" "测")
type2=$(cost "测试" "试")
$T send-keys -t app Escape
sleep 0.3
$T send-keys -t app y
echo "screen bytes (80x24): open the children's list $open_list B"
echo "  move the selection one row: $down B, $down2 B (target <= 200 B)"
echo "  one search keystroke: $search B, $search2 B (target <= 2 KB)"
echo "  a word of 4 letters pasted: $pasted B; typed a key at a time: $typed B (one redraw, not four)"
echo "  open a child: $open_child B (target <= 3 KB)"
echo "  one character typed in a form: $type1 B, $type2 B"

# The first screen: from starting the program in a new tmux window to
# the menu on the screen (polling the screen as fast as tmux answers,
# which adds a little).
: >"$work/first"
i=0
while [ $i -lt 15 ]; do
	t0=$(date +%s%N)
	$T new-window -d -t app -n "f$i" \
	    "env LANG=C.UTF-8 TERM=xterm-256color $shouhu --db $db --lang zh"
	while ! $T capture-pane -p -t "app:f$i" 2>/dev/null | grep -qF "儿童档案"; do
		:
	done
	t1=$(date +%s%N)
	$T kill-window -t "app:f$i"
	echo $(( (t1 - t0) / 1000 )) >>"$work/first"
	i=$((i + 1))
done
ms=$(sort -n "$work/first" | awk '{ a[NR] = $1 } END {
    printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
echo "first screen: $ms ms median from starting the program to the menu on the screen (target <= 50 ms)"

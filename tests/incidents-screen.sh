#!/bin/sh
# The incidents screens, in tmux at 80x24: the list from the main menu
# (key i), an incident with its clock that turns a step overdue while it
# is on the screen (the present set by SHOUHU_TEST_NOW to a few seconds
# before the minute, from where it runs on), adding an action with a
# key, printing the report to a file, a call tree's run recorded for it
# from the call tree's screen; and the clock's screen costing next to no
# CPU while it waits.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 40 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
child=$("$SHOUHU" --db "$DB" list children --format csv | sed -n 2p |
    cut -d, -f1)
SHOUHU_TEST_NOW="2026-12-05 10:20" run 0 incident open --child "$child" \
    --kind missing --found 10:00 --text "not back from the river"
SHOUHU_TEST_NOW="2026-12-05 10:20" run 0 incident act 1 --step police \
    --at 10:05 --officer 张警官 --case 110-7
school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p |
    cut -d, -f2)
run 0 calltree generate --school "$school"
# A second one, closed with the police step overdue.
SHOUHU_TEST_NOW="2026-12-05 10:25" run 0 incident open --child "$child" \
    --kind unsupervised --found 10:00 --text "alone at home for days"
SHOUHU_TEST_NOW="2026-12-05 10:25" run 0 incident close 2 --text "went home"

# Four seconds before 10:31: the guardian (30 minutes) is due, then not.
LANG_OPT="--lang en"
start app 80 24 SHOUHU_TEST_NOW=2026-12-05T10:30:56
wait_for app "Incidents" || { echo "FAIL: no menu"; exit 1; }
expect app "i  Incidents" "the main menu has the incidents (key i)"
expect app "1 open" "and counts the open ones (not the closed one)"
keys app i
expect app "missing" "the list shows the incident"
wait_for app "! 1 overdue"
expect app "! 1 overdue" "the list marks it overdue when the minute passes"
expect app "closed ! 1" "and a closed one with the steps overdue at its closing"
keys app Enter
expect app "Guardian, within 30 min" "the incident shows its clock"
expect app "+ Police, at once (10 min)" "the police step is done"
expect app "done 10:05, 5 min after finding" "on time"
expect app "10:05  +5 min       reported to the police (entered" \
    "and that the report was entered later than its time"
expect app "OVERDUE by 1 min" "the guardian step is overdue"
expect app "! Guardian" "marked with ! (for a terminal without colours)"
ntest=$((ntest + 1))
T capture-pane -p -e -t app | grep "OVERDUE by 1 min" |
    grep -q "$(printf '\033')\[[0-9;]*31m" &&
    pass "and in red where the terminal has colours" ||
    fail "the overdue step is not red"

# Waiting costs (next to) nothing: the screen sleeps until the minute.
pid=$(T display-message -p -t app '#{pane_pid}')
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; }
if [ -r "/proc/$pid/stat" ]; then
	before=$(ticks)
	sleep 3
	after=$(ticks)
	ntest=$((ntest + 1))
	# 3 s at a tenth of a core would be 30 ticks of 1/100 s.
	[ $((after - before)) -le 3 ] &&
	    pass "the live clock waits without using the CPU ($((after - before)) ticks in 3 s)" ||
	    fail "the live clock used $((after - before)) ticks of CPU in 3 s"
fi
expect app "OVERDUE by 1 min" "still overdue by a minute a few seconds later"
# The main menu says that a step is overdue, for whoever opens it.
keys app q
expect app "Found" "back on the list"
keys app q
expect app "1 open, ! 1 step overdue" "the main menu says a step is overdue"
keys app i
wait_for app "missing"
keys app Enter
wait_for app "Guardian, within 30 min"

# a: the guardian told, now.
keys app a
wait_for app "guardian informed"
keys app Enter
wait_for app "When"
keys app Enter
wait_for app "A note"
type_text app "grandmother, by phone"
keys app Enter
expect app "done 10:31, 31 min after finding: 1 min late" \
    "the action added with a key shows on the clock, late"
expect app "grandmother, by phone" "and on the timeline"
run 0 incident show 1
has "guardian informed" "the action is stored"

# p: the report to a file.
keys app p
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "$WORK/report.txt"
keys app Enter
expect app "report.txt" "the screen says where the report is"
keys_done app
ntest=$((ntest + 1))
grep -q "Incident report #1" "$WORK/report.txt" 2>/dev/null &&
    grep -q "1 min late" "$WORK/report.txt" &&
    pass "the report is printed to the file" || fail "no report in the file"
keys app q
expect app "Found" "back on the list"
keys app q
expect app "Incidents" "back on the main menu"

# A call tree's screen records its run for the incident (A).
keys app 7
wait_for app "$school"
keys app Enter
wait_for app "1.1"
keys app A
wait_for app "incident's number"
type_text app 1
keys app Enter
wait_for app "drill's date"
keys app C-u
type_text app 2026-12-05
keys app Enter
wait_for app "first call"
type_text app 10:31
keys app Enter
expect app "for incident #1" "the call tree's screen records a run for the incident"
keys app Enter
wait_for app "Reached at"
type_text app 10:31
keys app Enter
keys_done app
keys app F2
expect app "activated for incident #1" "its report says for which incident"
run 0 incident show 1
has "call tree activated" "and the incident's timeline shows the run"
has "run #1: 1" "with its result"

# A new incident names its child by name, as a teacher knows her.
cname=$("$SHOUHU" --db "$DB" show child "$child" | sed -n '1s/^[^ ]* #[0-9]*  //p')
start app2 80 24 SHOUHU_TEST_NOW=2026-12-05T11:00:00
wait_for app2 "Incidents"
keys app2 i
wait_for app2 "missing"
keys app2 n
wait_for app2 "names or numbers"
type_text app2 "$cname"
keys app2 Enter
expect app2 "Kind of incident" "a child's name is taken where a number was asked"
keys app2 Enter
wait_for app2 "Found at"
keys app2 Enter
wait_for app2 "What happened"
type_text app2 "fell in the yard"
keys app2 Enter
wait_for app2 "#2"
run 0 incident show 2
has "$cname" "the incident opened from the screen concerns that child"
finish

#!/bin/sh
# Incidents and the mandatory report from the command line: the clock
# (with the present fixed by SHOUHU_TEST_NOW), the timeline, the printed
# report against a golden file, a call tree activated for an incident
# and read back as a drill is, bad input refused with nothing saved, the
# reading in the audit trail, and (as root, with throwaway logins as in
# access.sh) who may see an incident.
#
# The golden file is made from `shouhu demo --children 40 --seed 11`, in
# English.  After an intended change of the layout, remake it with
#	UPDATE_GOLDEN=1 make check TESTS=tests/incidents.sh
# and read the difference before committing it.
. "$TOP_SRCDIR/tests/lib.sh"

GOLDEN="$TOP_SRCDIR/tests/golden"
# Seconds into the minute: a record entered a few seconds before a later
# command started is still entered at 10:45 for it.
export SHOUHU_TEST_NOW="2026-12-05 10:45:30"

# golden NAME FILE WHAT: FILE is the same as tests/golden/NAME.
golden() {
	ntest=$((ntest + 1))
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$2" "$GOLDEN/$1" && chmod 644 "$GOLDEN/$1"
		pass "$3 (golden file remade)"
	elif cmp -s "$2" "$GOLDEN/$1"; then
		pass "$3"
	else
		fail "$3: differs from tests/golden/$1:"
		diff "$GOLDEN/$1" "$2" | head -20
	fi
}
# err: the checks that follow look at standard error.
err() { OUT=$ERR; }

run 0 demo --children 40 --seed 11
SCHOOL=石门乡中心学校
pupils=$("$SHOUHU" --db "$DB" list children --school "$SCHOOL" \
    --class 2-1 --format csv | sed 1d | cut -d, -f1 | sort -n)
C1=$(printf '%s\n' "$pupils" | sed -n 1p)
C2=$(printf '%s\n' "$pupils" | sed -n 2p)
OTHER=$("$SHOUHU" --db "$DB" list children --school 白果村小学 --format csv |
    sed -n 2p | cut -d, -f1)
[ -n "$C1" ] && [ -n "$C2" ] && [ -n "$OTHER" ] || fail "the demo has no class 2-1"

# ---- opened 45 minutes after finding, nobody called yet.
run 0 incident open --child "$C1" --kind missing --found "2026-12-05 10:00" \
    --by 3 --text "did not come back to class after the break"
has "Opened incident #1" "an incident is opened"
run 0 incident show 1
has "! Guardian, within 30 min" "the guardian step is marked"
has "OVERDUE by 15 min" "as overdue, 45 minutes after finding"
has "! Police, at once (10 min)" "a missing child is reported to the police at once"
has "OVERDUE by 35 min" "which is overdue too"
has "due: 15 min left (by 11:00)" "the parents are due within the hour"
has "2 steps are overdue." "show counts the overdue steps"
run 0 incident list
has "open, ! 2 steps overdue" "the list marks an incident with overdue steps"

# ---- actions: on time, late, the police with the officer.
run 0 incident act 1 --step guardian --at 10:40 --text "grandmother at home"
has "done 10:40, 40 min after finding: 10 min late" "a late call says how late"
run 0 incident act 1 --step police --at "2026-12-05 10:42" --officer 王警官 \
    --case "JQ2026-1205-07"
run 0 incident act 1 --step parents --at 10:44 --text "father in Dongguan"
run 0 incident show 1
has "+ Parents, within 1 h" "a call on time is marked done"
has "done 10:44, 44 min after finding" "with how long after finding"
has "receiving officer 王警官" "the police report keeps the officer"
has "JQ2026-1205-07" "and the case number"
hasnt "steps are overdue" "what was done late is no longer overdue"
has "! Guardian" "but stays marked late"

# ---- bad input: refused, and nothing half-saved.
before=$("$SHOUHU" --db "$DB" incident show 1 | wc -l)
run 1 incident act 1 --step guardian --at 09:50 --text x
err
has "is before the incident was found (2026-12-05 10:00)" "an action before the finding is refused"
run 1 incident act 1 --step office --at 11:30
err
has "is in the future" "an action in the future is refused"
run 1 incident act 7 --step guardian
err
has "there is no incident #7" "an unknown incident is refused"
run 1 incident act 1 --step police --at 10:43
err
has "receiving officer" "a police report without the officer is refused"
run 1 incident act 1 --step parents --officer x
err
has "go with a report to the police" "an officer without the police step is refused"
run 1 incident act 1 --step nap
err
has "is not a step" "an unknown step is refused"
run 2 incident act 1 --text x
err
has "needs --step" "act needs a step"
run 1 incident open --child "$C1" --child "$OTHER" --kind injury \
    --found 10:00 --text x
err
has "of one school" "the children of one incident are of one school"
run 1 incident open --child "$C1,$C1" --kind injury --found 10:00 --text x
err
has "child #$C1 is named twice" "a child named twice is refused, as in the care log"
run 1 incident open --child "$C1" --child "$C1" --kind injury --found 10:00 \
    --text x
err
has "child #$C1 is named twice" "with --child given twice too"
run 1 incident open --child "$C1" --kind injury --found 11:00 --text x
err
has "in the future" "a finding in the future is refused"
run 1 incident open --child "$C1" --kind flood --found 10:00 --text x
err
has "is not a kind of incident" "an unknown kind is refused"
run 2 incident close 1
run 0 incident show 1
ntest=$((ntest + 1))
[ "$(printf '%s\n' "$OUT" | wc -l)" = "$before" ] && pass "nothing refused was saved" ||
	fail "a refused change left something in the incident"
run 0 incident list
hasnt "#2" "no refused incident was opened"

# ---- the printed report: the timeline and what was late.
run 0 incident print 1 -o "$WORK/report.txt" --date 2026-12-05
golden incident-report.txt "$WORK/report.txt" "the printed incident report"
ntest=$((ntest + 1))
[ "$(tr -d '\f' <"$WORK/report.txt" | wc -L)" -le 80 ] &&
	pass "the report fits 80 columns" || fail "the report is wider than 80 columns"
OUT=$(cat "$WORK/report.txt")
has "10 min late" "the report says what was late"
has "2026-12-05 10:42  +42 min" "and carries the timeline"
has "Found: 2026-12-05 10:00, by 宋伟 (entered 10:45)" \
    "and when the incident was entered, 45 minutes after finding"
ntest=$((ntest + 1))
[ "$(stat -c %a "$WORK/report.txt")" = 600 ] && pass "the report file is private" ||
	fail "the report file is readable by others"

# ---- a call tree activated for the incident reads back as a drill.
run 0 calltree generate --school "$SCHOOL"
run 0 calltree activate --school "$SCHOOL" --incident 1 --start 10:41 \
    1=10:41 1.1=10:42 1.1.1=x 1.2=b:10:43
has "Recorded the call tree's run #1 for incident #1" "an activation is recorded"
has "activated for incident #1" "and says for which incident"
activation=$(printf '%s\n' "$OUT" | sed 1d)
run 0 calltree report --school "$SCHOOL" --drill 1
ntest=$((ntest + 1))
[ "$OUT" = "$activation" ] && pass "the activation reads back like a drill" ||
	fail "the activation's report differs from what was recorded"
has "Lines called: 4; reached: 3 (1 through the backup); not reached: 1." \
    "with who was reached, by which path"
has "Not reached:" "and what failed"
run 0 incident show 1
has "call tree activated" "the incident's timeline shows the activation"
has "run #1: 3" "with its result"
run 0 incident print 1 -o "$WORK/report-run.txt"
OUT=$(cat "$WORK/report-run.txt")
has "run #1: 3" "the printed report names the call tree's run"
hasnt "shouhu" "and shows no command"
run 1 calltree activate --school "$SCHOOL" --incident 1 --start 09:00 1=09:00
err
has "is before the incident was found" "an activation before the finding is refused"
run 0 --lang en calltree list
has "none" "a run for an incident is not the tree's last drill"
hasnt "#2 " "no second run"

# ---- closing: once.
run 0 incident close 1 --at 10:45 --text "found at her aunt's house"
has "Closed incident #1" "an incident is closed"
has "not done (closed before its time)" "a step not yet due is not overdue at closing"
run 1 incident close 1 --text again
err
has "already closed" "closing twice is refused"
run 1 incident act 1 --step office
err
has "was closed" "a closed incident takes no more actions"
run 0 incident open --child "$C2" --kind injury --found 10:30 --text fell
run 0 incident open --child "$C2" --kind other --found 08:00 --text "came late"
run 0 incident close 3 --text "the bus broke down"
has "NOT DONE: overdue by 2 h 15 min at closing" \
    "what was never done stays overdue at closing"
run 0 incident list
line=$(printf '%s\n' "$OUT" | grep "^ *3  ")
ntest=$((ntest + 1))
case "$line" in
*"closed, ! 3 steps overdue at closing"*)
	pass "the list says what was overdue at closing" ;;
*) fail "the list does not say what was overdue at closing: $line" ;;
esac
line=$(printf '%s\n' "$OUT" | grep "^ *1  ")
ntest=$((ntest + 1))
case "$line" in
*"closed") pass "and nothing for one closed with nothing overdue" ;;
*) fail "one closed with nothing overdue: $line" ;;
esac
run 0 incident list --open
has "  2  " "list --open shows the open incident"
hasnt "  1  " "and not the closed ones"
hasnt "  3  " "neither of them"
run 0 incident list
first=$(printf '%s\n' "$OUT" | sed -n 2p)
case "$first" in
*"  2  "*) ntest=$((ntest + 1)); pass "open incidents are listed first" ;;
*) ntest=$((ntest + 1)); fail "the open incident is not first: $first" ;;
esac
run 0 incident show 2
hasnt "Police" "an injury has no police step"

# ---- a step written down late: the clock takes the time stated, the
# record says when it was entered.
run 0 incident act 2 --step guardian --at 10:31 --text "called the aunt"
has "done 10:31" "a step dated back is done at the time stated"
run 0 incident act 2 --step parents --at 10:43
run 0 incident show 2
has "Found: 2026-12-05 10:30 (entered 10:45)" \
    "the incident says when it was entered, 15 minutes after finding"
has "guardian informed (entered 10:45)" \
    "an action entered 14 minutes after its time says so"
line=$(printf '%s\n' "$OUT" | grep "10:43  +")
ntest=$((ntest + 1))
case "$line" in
*entered*) fail "an action entered 2 minutes later is marked: $line" ;;
*) pass "one entered within minutes is not" ;;
esac
run 0 incident print 2 -o "$WORK/report2.txt"
OUT=$(cat "$WORK/report2.txt")
has "guardian informed (entered 10:45)" "the printed report shows it too"
run 0 incident list --school "$SCHOOL"
has "  2  " "list --school lists the school's incidents"
run 0 incident list --school 白果村小学
has "No incidents." "and none of another school"
run 1 incident list --school 没有这所学校
err
has "no school named" "an unknown school is refused"

# ---- the reading is in the audit trail.
run 0 audit --kind view
has "incident #1" "reading an incident is audited"

# ---- who may see an incident: throwaway logins (root only).
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the checks of roles make throwaway users: run as root"
# The principal, the class teacher who opens one, and another class
# teacher of the school.
users_make G=sig U1=sia U2=sib U3=sic
link "$U1" 1 principal
link "$U2" 3 class_teacher
link "$U3" 4 class_teacher
share
as 0 "$U2" incident open --child "$C2" --kind unsupervised --found 10:20 \
    --text "left alone at the bus stop"
has "Opened incident #4" "a class teacher opens an incident for her pupil"
as 0 "$U2" incident list
has "  4  " "she sees the incident she opened"
hasnt "  1  " "and not the others"
as 0 "$U2" incident act 4 --step guardian --at 10:30
as 0 "$U3" incident list
hasnt "  4  " "another teacher does not list it"
as 1 "$U3" incident show 4
err
has "there is no incident #4 that you may see" "nor open it"
hasnt "may not" "nor is told that incident #4 exists"
as 1 "$U3" incident show 99
ERR99=$ERR
as 1 "$U3" incident show 4
same "$(printf '%s\n' "$ERR" | sed 's/#4 /#N /')" \
    "$(printf '%s\n' "$ERR99" | sed 's/#99 /#N /')" \
    "the same words as for an incident that does not exist"
for c in "print 4" "act 4 --step parents" "close 4 --text x"; do
	# shellcheck disable=SC2086
	as 1 "$U3" incident $c
	err
	has "there is no incident #4 that you may see" "incident $c: the same words"
done
as 0 "$U1" incident list
has "  4  " "the principal sees it"
has "  1  " "and every incident of the school"
as 0 "$U1" incident show 4
has "guardian informed" "with its timeline"
run 0 incident show 4
has "Opened by: 宋伟" "the administrator sees it, and who opened it"
as 1 "$U2" calltree activate --school "$SCHOOL" --incident 4 --start 10:31 1=10:31
err
has "may not use this call tree" "a class teacher does not activate the school's tree"
finish

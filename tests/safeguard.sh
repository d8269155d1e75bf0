#!/bin/sh
# safeguard.sh -- counselling sessions, a child's risk and case plans:
# the commands, their refusals of bad input, the risk marker in lists, a
# review due; then, as root, two throwaway logins of one child -- its
# school's counsellor and its mentor -- and what each of them sees.

. "$TOP_SRCDIR/tests/lib.sh"

"$SHOUHU" --db "$DB" demo --children 60 --seed 3 >/dev/null 2>&1 ||
	fail "demo"
today=$(date +%Y-%m-%d)

# A child of the central school and a staff member to be its counsellor.
line=$("$SHOUHU" --db "$DB" list staff --format csv | grep -m1 '"mentor,counsellor"')
C_STAFF=${line%%,*}
SCHOOL=$(printf '%s\n' "$line" | cut -d, -f3)
kids=$("$SHOUHU" --db "$DB" list children --school "$SCHOOL" --format csv |
    sed 1d | cut -d, -f1 | sort -n | tr '\n' ' ')
mentor_of() {
	"$SHOUHU" --db "$DB" show child "$1" |
	    sed -n 's/^Mentor: .*(staff #\([0-9]*\)).*/\1/p'
}
# The first has a mentor who is not the counsellor.
K1= K2= M_STAFF=
for k in $kids; do
	m=$(mentor_of "$k")
	if [ -z "$K1" ] && [ -n "$m" ] && [ "$m" != "$C_STAFF" ]; then
		K1=$k M_STAFF=$m
	elif [ -z "$K2" ]; then
		K2=$k
	fi
done
[ -n "$C_STAFF" ] && [ -n "$K1" ] && [ -n "$K2" ] ||
	fail "the demo has no counsellor, or no child with another mentor"
name_of() { "$SHOUHU" --db "$DB" show child "$1" | sed -n '1s/^[^ ]* #[0-9]*  //p'; }
N1=$(name_of "$K1")

# ---- counselling: add, list, show; each reading in the audit.
run 0 counsel add --child "$K1" --counsellor "$C_STAFF" --date 2026-11-02 \
    --referred-by "班主任" --reason "cries at night" \
    --notes "She spoke of Maplequokka, her grandmother's dog." \
    --next 2026-11-16 && has "session #1" "a session is added"
run 0 counsel add --child "$K1,$K2" --counsellor "$C_STAFF" \
    --date 2026-11-05 --notes "group game" && has "session #2" \
    "a group session of two children"
run 0 --lang en counsel list
has "$N1" "the list names the child"
same "$(printf '%s\n' "$OUT" | head -n 1 | tr -s ' ')" \
    " No. Date Kind Children Counsellor" "under its column heads"
hasnt "Maplequokka" "and shows no notes"
run 0 audit --kind view --format csv
same "$(printf '%s\n' "$OUT" | grep -c ',view,counsel,')" 0 \
    "a list without notes reads no session"
same "$(printf '%s\n' "$OUT" | grep -c 'counselling sessions listed: 2 (all')" 1 \
    "but the list is in the audit trail, once"
run 0 counsel show 2 && has "group" "several children make a group session"
run 0 counsel show 1 && has "Maplequokka" "show gives the notes"
has "cries at night" "and why the child was referred"
run 0 audit --kind view --format csv
same "$(printf '%s\n' "$OUT" | grep -c ',view,counsel,1,')" 1 \
    "the reading is in the audit trail"
run 0 counsel list --with-notes --child "$K1" && has "Maplequokka" \
    "list --with-notes gives the notes"
run 0 audit --kind view --format csv
same "$(printf '%s\n' "$OUT" | grep -c ',view,counsel,')" 4 \
    "and each session it shows is recorded"
run 0 counsel print 1 -o "$WORK/session.txt"
OUT=$(cat "$WORK/session.txt")
has "Maplequokka" "the session prints, with its notes"
run 0 audit --kind print --format csv && has "counselling session #1 to $WORK/session.txt" \
    "and the printing is in the audit trail"
run 0 show child "$K1" && has "followed by the counsellor" \
    "the child's file says the counsellor follows the child"
hasnt "Maplequokka" "and not what was said"

# bad input
run 1 counsel add --child "$K1,x" --counsellor "$C_STAFF"
err_has "is not a list of child numbers" "a bad list of children"
run 1 counsel add --child 99999 --counsellor "$C_STAFF"
err_has "there is no child #99999" "an unknown child"
run 1 counsel add --child "$K1" --counsellor "$C_STAFF" --date 2026-11-02 \
    --next 2026-10-01
err_has "is before" "a next session before the session"
tomorrow=$(date -d tomorrow +%Y-%m-%d)
run 1 counsel add --child "$K1" --counsellor "$C_STAFF" --date "$tomorrow"
err_has "Date \"$tomorrow\": a day still to come (today is $today)" \
    "a session in the future, in the words of the care log"
born=$("$SHOUHU" --db "$DB" list children --format csv | grep "^$K1," | cut -d, -f4)
run 1 counsel add --child "$K1" --counsellor "$C_STAFF" --date 2001-01-01
err_has "Date \"2001-01-01\": before $N1 was born ($born)" \
    "a session before the child was born"
run 1 counsel add --child "$K1,$K1" --counsellor "$C_STAFF" --date 2026-11-03
err_has "child #$K1 is named twice" "a child named twice, as in the care log"
run 0 counsel list --child "$K1"
same "$(printf '%s\n' "$OUT" | grep -c '2026-11-03')" 0 "none of them was saved"
run 1 counsel add --child "$K1" --counsellor 99999
err_has "there is no staff member #99999" "an unknown counsellor"
# Another school's staff member, and a class teacher of this school who
# is not the child's and not its mentor.
OTHER=$("$SHOUHU" --db "$DB" list staff --format csv | sed 1d |
    grep -v ",$SCHOOL," | head -1 | cut -d, -f1)
G1=$("$SHOUHU" --db "$DB" list children --format csv | grep "^$K1," | cut -d, -f7)
TEACHER=$("$SHOUHU" --db "$DB" list staff --format csv | grep ",$SCHOOL," |
    grep class_teacher | sed 's/"[^"]*"/R/' |
    awk -F, -v g="$G1" -v m="$M_STAFF" '$6 != g && $1 != m { print $1; exit }')
[ -n "$OTHER" ] && [ -n "$TEACHER" ] ||
	fail "the demo has no staff of another school or class"
run 1 counsel add --child "$K1" --counsellor "$M_STAFF"
err_has "is not a counsellor of the children's school" \
    "a session's counsellor is a counsellor, not a mentor"
err_has "(#$C_STAFF)" "and the message names who may be"
run 1 counsel add --child "$K1" --counsellor "$OTHER"
err_has "is not a counsellor of the children's school" \
    "nor another school's staff member"
run 1 counsel show 77 && err_has "there is no counselling session #77" \
    "an unknown session"
run 2 counsel add && err_has "--child" "add without a child"

# ---- risk: the level marked in lists, concerns in the file.
run 0 plan risk "$K1" --level 高 --concerns 情绪,监护 --reason "nightmares" &&
	has "high" "a child's risk is set"
run 0 plan risk "$K2" --level medium
run 0 list children --school "$SCHOOL"
has "!$N1" "a child at high risk is marked ! in the list"
has "+$(name_of "$K2")" "one at medium risk +"
run 0 show child "$K1" && has "nightmares" "the reason is in the file"
run 1 plan risk "$K1" --level extreme && err_has "Risk level" "a bad level"

# ---- case plans: a goal whose review is due, a review.
run 0 plan add --child "$K1" --aim "稳定情绪" && has "case plan #1" "a plan"
run 1 plan add --child "$K1" --aim "按时到校"
err_has "already has an open case plan, #1" \
    "a second open plan of the child is refused, naming the open one"
run 1 plan add --child "$K2" --aim x --start "$tomorrow"
err_has "\"$tomorrow\": a day still to come (today is $today)" \
    "a plan starting on a day still to come"
run 0 plan list && hasnt "按时到校" "neither was saved"
run 0 plan goal 1 --goal "按时到校" --staff "$C_STAFF" --actions "每周家访" \
    --review 2026-11-01 && has "#1" "a goal with its review date"
run 0 plan list --due --staff "$C_STAFF"
has "按时到校" "the review is due for the staff member responsible"
run 0 plan list --due --staff 1 && has "No review is due." \
    "and for nobody else"
run 0 due --staff "$C_STAFF" --format csv
has "review,plan review,plangoal,1,$K1,$C_STAFF,2026-11-01," \
    "the review is on the responsible teacher's worklist"
run 0 due --staff 1 --format csv && hasnt "plan review" \
    "and on nobody else's"
run 0 show child "$K1" && has "1 review due" "the child's file says so"
run 0 plan review 1 --outcome progress --date 2026-11-02 --next 2099-01-01 \
    --notes "comes on time" && has "#1" "a review"
run 0 plan show 1
has "comes on time" "the plan shows the review"
has "2099-01-01" "and the goal's next review date"
run 0 plan list --due && has "No review is due." "which is no longer due"
run 1 plan review 9 --outcome progress && err_has "no goal" \
    "an unknown goal"
run 1 plan review 1 --outcome progress --date "$tomorrow"
err_has "\"$tomorrow\": a day still to come (today is $today)" \
    "a review on a day still to come"
run 1 plan review 1 --outcome progress --date 2026-11-02 --next 2026-01-01
err_has "is before" "a next review before the review"
run 1 plan goal 1 --goal x --staff 99999 && err_has "99999" \
    "an unknown responsible staff member"
run 1 plan goal 1 --goal x --staff "$TEACHER"
err_has "may not see child #$K1" \
    "a class teacher of another class is not made responsible"
err_has "its class teacher or its mentor" "the message says who may be"
run 1 plan goal 1 --goal x --staff "$OTHER"
err_has "may not see child #$K1" "nor another school's staff member"
run 0 plan goal 1 --goal "家访" --staff "$M_STAFF" && has "#2" \
    "the child's mentor may be responsible"

# ---- two logins of one child: its counsellor and its mentor.
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the logins' part makes throwaway users: run as root"
# The counsellor, the child's mentor, and the township supervisor, who
# reads every school.
users_make G=sgg U1=sga U2=sgb U3=sgc U4=sgd

link "$U1" "$C_STAFF" counsellor
link "$U2" "$M_STAFF" mentor
run 0 user add "$U3" --name 督导员 --school "$SCHOOL" --roles supervisor
share

as 0 "$U1" counsel show 1 && has "Maplequokka" "the counsellor reads the session"
run 0 audit --kind view --user "$U1" && has "counselling session #1" \
    "and the reading is in the audit trail under her login"
as 0 "$U1" show child "$K1" && has "nightmares" \
    "the counsellor sees why the child is at risk"

# The mentor: not the session, nor its words, anywhere.
as 1 "$U2" counsel show 1
has_err() { OUT=$ERR; has "$@"; }
has_err "may not read or write counselling sessions" "the mentor may not read a session"
hasnt "Maplequokka" "nor is told its words"
as 1 "$U2" counsel list && has_err "may not" "nor list the sessions"
as 1 "$U2" counsel add --child "$K1" --counsellor "$M_STAFF" --notes x
has_err "may not" "nor add one"
all=
as 0 "$U2" show child "$K1" && all="$all$OUT"
has "followed by the counsellor" "he is told the counsellor follows his mentee"
has "Risk level" "he sees the risk level"
hasnt "nightmares" "but not why"
hasnt "sessions)" "nor how many sessions there were"
as 0 "$U2" list children && all="$all$OUT"
has "!$N1" "his list marks his mentee at high risk"
as 0 "$U2" list children --format csv && all="$all$OUT"
as 0 "$U2" list children --search Maplequokka && all="$all$OUT"
mkdir -m 777 "$WORK/u"
as 1 "$U2" export roster -o "$WORK/u/r.csv" && all="$all$ERR"
as 0 "$U2" print cards --school "$SCHOOL" -o "$WORK/u/cards.txt" &&
	all="$all$(cat "$WORK/u/cards.txt")"
as 0 "$U2" plan show 1 && all="$all$OUT"
as 1 "$U2" counsel print 1 -o "$WORK/u/s.txt" && all="$all$OUT$ERR"
ntest=$((ntest + 1))
[ ! -e "$WORK/u/s.txt" ] && pass "a refused print writes no file" ||
	fail "a refused print wrote a file"
as 2 "$U2" list counsels && all="$all$OUT$ERR"
as 2 "$U2" show counsel 1 && all="$all$OUT$ERR"
as 0 "$U2" due && all="$all$OUT"
as 1 "$U2" audit --child "$K1" && all="$all$OUT$ERR"
OUT=$all
hasnt "Maplequokka" "no list, search, export, print or plan of his shows the notes"
hasnt "cries at night" "nor why the child was referred"
as 0 "$U2" plan list --due --date 2099-12-31 && has "按时到校" \
    "he sees the plan of his mentee"

# He sees the risk level, not why: so he may not change either.
as 1 "$U2" plan risk "$K1" --level medium --reason X
has_err "may not change the risk" "the mentor may not change the risk"
as 1 "$U2" plan risk "$K1" --reason X
has_err "may not change the risk" "nor the reason he cannot read"
run 0 show child "$K1"
has "nightmares" "the reason stands"
hasnt "medium" "and the level"
as 0 "$U1" plan risk "$K1" --level high --reason "nightmares" &&
	has "nightmares" "the counsellor may change them"

# Another school's counsellor is told the same of a session that exists
# and of one that does not.
OSCHOOL=$("$SHOUHU" --db "$DB" list staff --format csv | grep "^$OTHER," |
    cut -d, -f3)
run 0 user add "$U4" --name 外校辅导 --school "$OSCHOOL" --roles counsellor
as 1 "$U4" counsel show 1
has_err "there is no counselling session #1 that you may see" \
    "another school's counsellor is not told that session #1 exists"
as 1 "$U4" counsel show 50
has_err "there is no counselling session #50 that you may see" \
    "the same words as for a session that does not exist"
run 0 audit --kind refused --user "$U4"
has "counselling session #1: may not read it" \
    "the audit trail records her refused attempt"
hasnt "#50" "and not a number that does not exist"
as 1 "$U4" counsel print 1 -o "$WORK/u/o.txt"
has_err "there is no counselling session #1 that you may see" \
    "and print says the same"

# The township supervisor sees every child, and still no session.
as 1 "$U3" counsel show 1 && has_err "may not" \
    "the township supervisor may not read a session"
as 0 "$U3" show child "$K1" && has "followed by the counsellor" \
    "she is told the counsellor follows the child"
hasnt "Maplequokka" "and nothing of what was said"
as 1 "$U3" plan goal 1 --goal x --staff "$M_STAFF" && has_err "may not" \
    "she reads plans but does not change them"

# The screens: the mentor's file of the child, and no counselling menu.
if command -v tmux >/dev/null 2>&1; then
	. "$TOP_SRCDIR/tests/tmux.sh"
	start_as mentor "$U2"
	keys mentor 1
	expect mentor "$N1" "his list of children has his mentee"
	expect mentor "!$N1" "marked at high risk"
	keys mentor Escape
	keys mentor c
	expect mentor "You may not read counselling sessions" \
	    "the counselling screen is not his"
	keys mentor Enter
	expect_not mentor "Maplequokka" "and Enter shows him no session"
fi

finish

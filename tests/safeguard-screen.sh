#!/bin/sh
# safeguard-screen.sh -- the counselling screen (main menu c): a session
# listed, read (the reading recorded) and added in its form; the child's
# file's safeguarding line, and its case plans screen (p) with a review
# recorded there.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 30 --seed 5 >/dev/null 2>&1 || fail "demo"
# Two children of the first school listed, and its first class teacher
# made its counsellor (who alone may hold a session); another, who is not.
SCHOOL=$("$SHOUHU" --db "$DB" list children --format csv | sed -n 2p | cut -d, -f6)
STAFF=$("$SHOUHU" --db "$DB" list staff --format csv | grep ",$SCHOOL," |
    grep -m1 class_teacher | cut -d, -f1)
NOT_C=$("$SHOUHU" --db "$DB" list staff --format csv | grep ",$SCHOOL," |
    grep class_teacher | sed -n 2p | cut -d, -f2)
run 0 user add "sgc$$" --staff "$STAFF" --roles class_teacher,mentor,counsellor
C_NAME=$("$SHOUHU" --db "$DB" list staff --format csv | grep "^$STAFF," | cut -d, -f2)
K=$("$SHOUHU" --db "$DB" list children --school "$SCHOOL" --format csv | sed -n 2p | cut -d, -f1)
# The second is one whose name finds that child alone (typed in the form).
K2=
for k in $("$SHOUHU" --db "$DB" list children --school "$SCHOOL" --format csv |
    sed 1,2d | cut -d, -f1); do
	n=$("$SHOUHU" --db "$DB" show child "$k" | sed -n '1s/^[^ ]* #[0-9]*  //p')
	[ "$("$SHOUHU" --db "$DB" list children --search "$n" --format csv |
	    sed 1d | wc -l)" = 1 ] && { K2=$k; break; }
done
[ -n "$K2" ] || fail "no child of the school with a name of its own"
NAME=$("$SHOUHU" --db "$DB" show child "$K" | sed -n '1s/^[^ ]* #[0-9]*  //p')
NAME2=$("$SHOUHU" --db "$DB" show child "$K2" | sed -n '1s/^[^ ]* #[0-9]*  //p')
run 0 counsel add --child "$K" --counsellor "$STAFF" --date 2026-11-02 \
    --notes "Talked of Quillwhistle the cat"
run 0 plan risk "$K" --level high
run 0 plan add --child "$K" --aim "稳定情绪"
run 0 plan goal 1 --goal "Comes on time" --staff "$STAFF" --review 2026-11-01
views() { "$SHOUHU" --db "$DB" audit --kind view --format csv | grep -c ',view,counsel,'; }

LANG_OPT="--lang en"
start s 80 24
expect s "Counselling" "the main menu has counselling"
keys s c
expect s "$NAME" "the counselling screen lists the session"
expect_not s "Quillwhistle" "without its notes"
same "$(views)" 0 "a list reads no session"
"$SHOUHU" --db "$DB" audit --kind view --format csv >"$WORK/views.csv"
OUT=$(cat "$WORK/views.csv")
has "counselling sessions listed: 1" "but the list shown is in the audit trail"
keys s Enter
expect s "Quillwhistle" "Enter reads the session"
same "$(views)" 1 "and the reading is recorded"
keys s q
keys s a
# The administrator without a staff record picks the counsellor first.
expect s "The counsellor's school" "the administrator picks a school"
# The picker lists the schools by number and starts on the first.
pos=$("$SHOUHU" --db "$DB" list schools --format csv | sed 1d | cut -d, -f2 |
    grep -n -x -F "$SCHOOL" | cut -d: -f1)
[ "${pos:-1}" -gt 1 ] && T send-keys -t s -N $((pos - 1)) Down
keys s Enter
expect s "Counsellor" "and the counsellor"
OUT=$(screen s)
hasnt "$NOT_C" "among the school's counsellors alone"
keys s Enter
expect s "A new counselling session" "a adds a session in a form"
expect s "names or numbers" "whose children are named by name or number"
# A name that finds nobody keeps the form open and says so.
type_text s "Nobodyzz"
keys s Tab Tab Tab Tab
type_text s "Drew a house"
keys s F2
expect s "No child found for" "a name that finds nobody is refused"
expect s "A new counselling session" "and the form stays open"
# The cursor is back on the children: the field is emptied, the name
# typed.
keys s End C-u
type_text s "$NAME2"
keys s F2
expect s "2 sessions" "the session is saved and listed"
run 0 counsel list --with-notes && has "Drew a house" "with its notes"
run 0 counsel list --child "$K2" --with-notes
has "Drew a house" "the child named by name is the session's child"
hasnt "Quillwhistle" "and only the new session is that child's"
keys s Escape

# The child's file: the marker, the safeguarding line, the plans.
keys s 1
expect s "!$NAME" "the list of children marks the child at high risk"
keys s /
type_text s "$NAME"
keys s Enter
expect s ">!$NAME" "a search finds the child, marked"
keys s Enter
expect s "followed by the counsellor" "the file says the counsellor follows the child"
expect s "1 review due" "and that a review of its plan is due"
keys s p
expect s "Comes on time" "p shows the case plan with its goal"
keys s r
expect s "A review of a goal" "r reviews the goal in a form"
keys s Tab Enter
expect s "progress" "the outcomes to pick"
keys s Enter
keys s Tab
type_text s "Came every day"
keys s F2
expect s "Came every day" "the review is saved and shown with the plan"
run 0 plan show 1 && has "Came every day" "and stored"
# g: a goal's responsible staff member is one who may see the child.
keys s g
expect s "Responsible" "g picks who is responsible for a new goal"
OUT=$(screen s)
has "$C_NAME" "among those who see the child: its counsellor"
hasnt "$NOT_C" "not a class teacher of another class"
keys s Escape
finish

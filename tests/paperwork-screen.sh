#!/bin/sh
# The paperwork screen (main menu p), in tmux at 80x24: a class's
# agreements, one marked signed with Space as it comes back, the aid of
# the class with its amounts for the administrator, who adds, edits and
# deletes aid in its form; a class teacher may not, the principal may.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
SCHOOL=$("$SHOUHU" --db "$DB" list schools --format csv | tr -d '\r' | awk -F, 'NR == 2 { print $2 }')
# signed: how many agreements of the class 1-1 are signed.
signed() {
	"$SHOUHU" --db "$DB" agreement list --school "$SCHOOL" --class 1-1 --format csv |
	    grep -c ',signed,'
}
"$SHOUHU" --db "$DB" agreement list --school "$SCHOOL" --class 1-1 --format csv >"$WORK/agr.csv"
first=$(sed -n 2p "$WORK/agr.csv" | cut -d, -f2)
# Take the first child's agreement back, so that Space has work to do.
"$SHOUHU" --db "$DB" agreement sign --undo "$(sed -n 2p "$WORK/agr.csv" | cut -d, -f1)" >/dev/null
before=$(signed)
total=$(sed 1d "$WORK/agr.csv" | wc -l)

LANG_OPT="--lang en"
start app 80 24
wait_for app "shouhu - "
keys app p
expect app "Which school?" "p asks the administrator for a school"
keys app Enter
expect app "Safety agreements" "and opens the paperwork screen"
expect app "$SCHOOL" "for the school"
expect app "$before of $total agreements signed" "the class's agreements, how many are signed"
expect app ">$first" "the first child is selected"
expect app "not back" "whose agreement is not back"
keys app Space
expect app "$((before + 1)) of $total agreements signed" "Space marks it signed"
same "$(signed)" $((before + 1)) "and it is saved"
"$SHOUHU" --db "$DB" agreement list --school "$SCHOOL" --class 1-1 --format csv |
    grep "^$(sed -n 2p "$WORK/agr.csv" | cut -d, -f1)," | grep -q ",signed,$(date +%Y-%m-%d)"
same $? 0 "signed today"
keys app p
expect app "Print the class's agreements" "p offers to print the class's agreements"
keys app Down Enter
expect app "Write them to the file" "to a file"
keys app C-u
type_text app "$WORK/class.txt"
keys app Enter
expect app "The agreements are in" "the agreements are written"
pages=$(awk 'BEGIN { RS = "\f" } END { print NR }' "$WORK/class.txt")
same "$pages" "$total" "one page a child of the class"
keys app a
expect app "aid record" "a shows the class's aid"
expect app "Amount (yuan)" "with the amounts for the administrator"
expect app "a add  e edit  d delete" "the aid view's own keys in its footer"
expect_not app "Space signed today" "not the agreements' keys"

# ---- the administrator records aid on the screen.
# aidrows: the aid records of the school.
aidrows() {
	"$SHOUHU" --db "$DB" aid list --school "$SCHOOL" --format csv | tr -d '\r' | sed 1d
}
n0=$(aidrows | wc -l)
keys app a
expect app "Aid for which child?" "a asks for which child"
keys app Enter
expect app "New aid for " "and opens the aid record's form"
kid=$(screen app | sed -n 's/^ *New aid for \([^ ]*\).*/\1/p' | head -1)
keys app Enter
expect app "medical assistance" "the kinds of aid to pick from"
type_text app medical
keys app Enter Tab Tab
type_text app 612.5
keys app Tab Tab
type_text app 县医保
keys app F2
expect app "Aid saved: medical assistance" "F2 saves the aid"
expect app ">$kid" "the new record is selected"
same "$(aidrows | wc -l)" $((n0 + 1)) "aid list has one record more"
same "$(aidrows | grep -c ",$kid,.*,medical,2026-[a-z]*,$(date +%Y-%m-%d),612.50\$")" 1 \
    "the child's medical assistance of today, 612.50 yuan"
keys app e
expect app "Aid for $kid" "e opens the selected record's form"
keys app Tab Tab C-u
type_text app 700
keys app F2
expect app "700.00" "the amount edited is shown"
same "$(aidrows | grep -c ",$kid,.*,medical,.*,700.00\$")" 1 "and saved"
same "$(aidrows | wc -l)" $((n0 + 1)) "editing adds no record"
keys app d
expect app "Delete the aid of $kid" "d asks before deleting"
keys app n
keys_done app
same "$(aidrows | wc -l)" $((n0 + 1)) "n keeps it"
keys app d
expect app "Delete the aid of $kid" "d asks again"
keys app y
expect app "The aid record is deleted." "y deletes it"
same "$(aidrows | grep -c ",700.00\$")" 0 "and it is gone from aid list"
keys app g
expect app "agreements signed" "g goes back to the agreements"
keys app q
expect app "shouhu - " "q goes back to the menu"

# ---- roles: a class teacher may not reach the aid form.
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the roles' checks make throwaway users: run as root"
users_make G=swg UT=swt UP=swp	# a class teacher, the principal
"$SHOUHU" --db "$DB" list staff --format csv >"$WORK/staff.csv"
T_ID=$(grep -m1 ',"class_teacher,mentor",' "$WORK/staff.csv" | cut -d, -f1)
P_ID=$(grep -m1 '"principal' "$WORK/staff.csv" | cut -d, -f1)
link "$UT" "$T_ID" class_teacher
link "$UP" "$P_ID" principal,leader
share
n1=$(aidrows | wc -l)
start_as teacher "$UT"
wait_for teacher "shouhu - "
keys teacher p
expect teacher "Safety agreements" "the class teacher opens the paperwork screen"
keys teacher a
expect teacher "aid record" "and the aid of her class"
keys teacher a
expect teacher "principal and the administrator only" "a is refused to her, saying why"
expect_not teacher "Aid for which child?" "no child is offered"
keys teacher e
expect_not teacher "Aid for " "nor is e"
same "$(aidrows | wc -l)" "$n1" "and nothing is saved"

# The principal adds aid as the administrator does.
start_as principal "$UP"
wait_for principal "shouhu - "
keys principal p
expect principal "Safety agreements" "the principal opens the paperwork screen"
keys principal a
expect principal "Amount (yuan)" "with the amounts"
keys principal a
expect principal "Aid for which child?" "a asks her for which child"
keys principal Enter
expect principal "New aid for " "and opens the form"
keys principal Enter
type_text principal other
keys principal Enter Tab Tab
type_text principal 55
keys principal F2
expect principal "Aid saved: other" "she saves aid"
same "$(aidrows | grep -c ",other,.*,55.00\$")" 1 "which aid list shows"
finish

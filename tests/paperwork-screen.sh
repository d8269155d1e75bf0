#!/bin/sh
# The paperwork screen (main menu p), in tmux at 80x24: a class's
# agreements, one marked signed with Space as it comes back, the aid of
# the class with its amounts for the administrator.
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
keys app q
expect app "shouhu - " "q goes back to the menu"
finish

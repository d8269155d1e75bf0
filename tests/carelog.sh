#!/bin/sh
# The care log from the command line: entries added, listed, shown,
# changed and deleted; siblings in one entry; a call marking the number
# it reached verified; and bad entries refused whole, each naming what
# is wrong.
. "$TOP_SRCDIR/tests/lib.sh"

yesterday=$(date -d yesterday +%Y-%m-%d 2>/dev/null) || skip "date -d is missing"
lastweek=$(date -d '8 days ago' +%Y-%m-%d)
tomorrow=$(date -d tomorrow +%Y-%m-%d)

run 0 demo --children 40 --seed 3 || finish
# entries: how many entries a list shows (CSV rows).
entries() { "$SHOUHU" --db "$DB" log list "$@" --format csv | tail -n +2 | wc -l; }
# added: the number in "Care log entry #N added."
added() { printf '%s\n' "$OUT" | sed -n 's/.*entry #\([0-9]*\) added.*/\1/p'; }

before=$(entries --child 1)
run 0 log add --child 1 --kind talk --staff 11 --date "$lastweek" \
    --mood worried --text "说想妈妈，晚上睡不好" --follow-up "$yesterday" \
    --follow-up-text "再和她谈一次" &&
	has "added" "a talk is added"
talk=$(added)
same "$(entries --child 1)" $((before + 1)) "the child's log has one entry more"
run 0 log show "$talk" && has "说想妈妈，晚上睡不好" "show has the text" &&
	has "worried" "and the mood" && has "Follow up on:    $yesterday" "and the follow-up"
run 0 log list --child 1 && has "说想妈妈" "the child's log lists it"
run 0 log list --child 1 --kind visit && hasnt "说想妈妈" "a talk is not a visit"
run 0 log list --child 1 --kind 谈心 && has "说想妈妈" "the kind in Chinese"
# A kind that is none: a usage error naming the words, for add and list.
run 2 log list --kind chat && err_has "talk, visit, call-guardian" "an unknown kind names the words"
run 2 log add --child 1 --kind chat --staff 11 --text x &&
	err_has "talk, visit, call-guardian" "in log add the same"
run 0 log list --child 1 --since "$yesterday" && hasnt "说想妈妈" "nor before --since"
run 0 log list --staff 11 && has "说想妈妈" "the staff member's entries have it"
run 0 log list --child 1 --format csv &&
	has "id,date,kind,children,child_names,staff,staff_name,with,phone,mood,concern,follow_up,follow_up_text,text" "the CSV's columns" &&
	has "$talk,$lastweek,talk,1," "the entry as a CSV row"

# Siblings seen together: one entry, in both children's logs, listed
# once for the school.
school=$("$SHOUHU" --db "$DB" list children --format csv | awk -F, 'NR == 2 { print $0 }' >/dev/null;
	"$SHOUHU" --db "$DB" show child 1 | sed -n 's/^  School  *//p')
run 0 log add --child 1 --child 2 --kind visit --staff 11 --date "$yesterday" \
    --with 奶奶 --concern --text "兄妹一起家访" && has "added" "a visit to two children"
visit=$(added)
run 0 log list --child 2 && has "兄妹一起家访" "the second child's log has it"
run 0 log list --school "$school" --format csv
same "$(printf '%s\n' "$OUT" | grep -c "^$visit,")" 1 "the school lists it once"
run 0 log list --school "$school" && has " ! " "a concern is marked"
run 0 log show "$visit" && has "Who was present: 奶奶" "who was present"

# A call that reached a number marks it verified on the call's day.
phone=$("$SHOUHU" --db "$DB" show child 3 | grep -o '1[3-9][0-9]\{9\}' | head -1)
[ -n "$phone" ] || fail "child 3 has a phone"
run 0 log add --child 3 --kind call-guardian --staff 11 --date "$yesterday" \
    --phone "$phone" --text "电话家访，一切都好" && has "added" "a call"
run 0 show child 3 && has "$phone  verified $yesterday" "the number reached is verified"
# A call deleted takes back what it verified: the number is verified as
# of the call before it.
run 0 log add --child 3 --kind call-guardian --staff 11 --phone "$phone" \
    --text "又打了一次"
again=$(printf '%s\n' "$OUT" | grep -o '#[0-9]*' | head -1 | tr -d '#')
run 0 show child 3 && has "$phone  verified $(date +%Y-%m-%d)" "a second call verifies it today"
run 0 log delete "$again"
run 0 show child 3 && has "$phone  verified $yesterday" \
    "deleting that call takes the verification back to the call before"
run 1 log add --child 3 --kind call-parents --staff 11 --phone 13900000001 \
    --text x && err_has "Number reached \"13900000001\": not a number of the child's contacts" "a number of nobody's"
run 1 log add --child 3 --kind talk --staff 11 --phone "$phone" --text x &&
	err_has "only a call reaches a number" "a talk reaches no number"

# Bad entries: each refused with the field named, nothing saved.
all=$(entries)
run 1 log add --child 1 --kind talk --staff 11 --date "$tomorrow" --text x &&
	err_has "Date \"$tomorrow\": a day still to come" "a day in the future"
run 1 log add --child 1 --kind talk --staff 11 --date 2001-09-01 --text x &&
	err_has "was enrolled" "a day before the child was enrolled"
run 1 log add --child 1 --child 99999 --kind visit --staff 11 --text x &&
	err_has "there is no child #99999" "an unknown child"
run 1 log add --child 1 --kind talk --staff 11 --mood happy --text x &&
	err_has "Mood \"happy\"" "an unknown mood"
long=$(awk 'BEGIN { for (i = 0; i < 2001; i++) printf "字" }')
run 1 log add --child 1 --kind talk --staff 11 --text "$long" &&
	err_has "Entry text is 2001 characters long: at most 2000" "a text over 2,000 characters"
same "$(printf '%s' "$ERR" | wc -c)" "$(printf '%s' "$ERR" | head -c 200 | wc -c)" \
    "the message says how long the text is and does not echo it"
run 1 --lang zh log add --child 1 --kind talk --staff 11 --text "$long" &&
	err_has "记录内容共 2001 字，最多 2000 字" "and in Chinese"
# The arguments are checked before who writes: this login has no staff.
run 2 log add --child 1 --kind bogus --text x &&
	err_has '--kind: "bogus" is not one of' "a bad kind is told before the login's staff"
run 1 log add --child 1 --kind talk --text "$long" &&
	err_has "2001 characters long" "so is a text too long"
run 2 log add --child 1 --kind talk --text x &&
	err_has "is not linked to a staff member" "then an unlinked login is asked for --staff"
run 0 log add --child 1 --kind growth --staff 11 --text "${long#字}" &&
	has "added" "a text of 2,000 characters"
grown=$(added)
run 1 log add --child 1 --kind talk --staff 11 --follow-up 2001-01-01 --text x &&
	err_has "Follow up on \"2001-01-01\": before the entry's date" "a follow-up before the entry"
run 1 log add --child 1 --kind talk --staff 11 --follow-up-text "再谈" --text x &&
	err_has "give the date of the follow-up" "a follow-up without a date"
run 1 log add --child 1 --kind talk --staff 9999 --text x &&
	err_has "there is no staff member #9999" "an unknown staff member"
run 2 log add --child 1 --kind talk --text x &&
	err_has "--staff: the login" "no staff member for a login that is none"
same "$(entries)" $((all + 1)) "only the good entry was saved"

# Changing and deleting.
run 0 log edit "$talk" --kind 谈心 --no-concern --follow-up "" --text "说想妈妈" &&
	has "changed" "an entry is changed"
run 0 log show "$talk" && hasnt "Follow up on" "its follow-up is cleared" &&
	has "changed by" "and it says who changed it"
run 1 log edit "$talk" --date "$tomorrow" && err_has "a day still to come" "a change is checked as an entry"
run 0 log delete "$grown" && has "deleted" "an entry is deleted"
run 1 log show "$grown" && err_has "there is no care log entry #$grown" "and is gone"
run 0 audit --kind change --format csv && has ",change,log,$talk,text," "the change is in the audit trail"

# Usage.
run 2 log add --kind talk --text x && err_has "needs --child" "add needs a child"
run 2 log list --child 1 --staff 11 && err_has "one of --child, --staff and --school" "one selection"
run 2 log list --since soon && err_has "--since \"soon\"" "a bad date"
run 2 log show && err_has "needs the entry's number" "show needs a number"
run 2 log show x && err_has "is not a record number" "a bad number"
run 2 log frob && err_has "no log command \"frob\"" "an unknown subcommand"
run 2 log list --text x && err_has "--text does not go with \"list\"" "an option of another subcommand"
run 0 help log && has "--follow-up DATE" "help log lists the options"
run 0 check && has "consistent" "the database is consistent"

# An entry in the name of a staff member who may not see the child.
run 1 log add --child 1 --kind talk --staff 13 --text x &&
	err_has "(staff #13) may not see child #1" \
	    "an entry is not written in the name of another school's teacher"

# ---- in another's name: the principal of the child's school only (as
# root, with throwaway logins as in access.sh).
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the checks of roles make throwaway users: run as root"
users_make G=clg U1=cla U2=clb
link "$U1" 2 class_teacher,mentor
link "$U2" 1 principal
share
pupil=$("$SHOUHU" --db "$DB" list children --school 柳树乡中心学校 --class 1-1 \
    --format csv | sed -n 2p | cut -d, -f1)
n=$(entries --child "$pupil")
as 1 "$U1" log add --child "$pupil" --kind talk --staff 11 --text "写在别人名下"
err_has "may not write care work in the name of staff member #11" \
    "a teacher does not write care work in a colleague's name"
same "$(entries --child "$pupil")" "$n" "and nothing is saved"
as 0 "$U1" log add --child "$pupil" --kind talk --staff 2 --text x
has "added" "she names herself"
as 0 "$U2" log add --child "$pupil" --kind talk --staff 11 --text x
has "added" "the principal of the child's school writes in a teacher's name"
as 1 "$U2" log add --child "$pupil" --kind talk --staff 13 --text x
err_has "(staff #13) may not see child #$pupil" \
    "but not in the name of one who may not see the child"
finish

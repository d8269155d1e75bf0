#!/bin/sh
# The care log and the roles, with throwaway Unix users sharing one
# database (as tests/access.sh): a mentor lists, shows, adds and changes
# only her mentees' entries, and changes her own entry of today but not
# a colleague's; the principal changes any entry of the school's
# children; every change is in the audit trail.  Needs root.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/users.sh"

users_need skip "carelog-access.sh makes throwaway users and a group: run as root"
users_make G=slg U1=sla U2=slb	# a mentor, the principal

"$SHOUHU" --db "$DB" demo --children 60 --seed 3 >/dev/null 2>&1 ||
	fail "demo"
# entry_ids: the ids of a CSV list of entries on standard input.
entry_ids() { sed 1d | cut -d, -f1 | sort -n | tr '\n' ' '; }

"$SHOUHU" --db "$DB" list staff --format csv >"$WORK/staff.csv"
M_ID=$(grep -m1 '"mentor,counsellor"' "$WORK/staff.csv" | cut -d, -f1)
P_ID=$(grep -m1 '"principal,leader"' "$WORK/staff.csv" | cut -d, -f1)
P_SCHOOL=$(grep -m1 '"principal,leader"' "$WORK/staff.csv" | cut -d, -f3)
mentees=$("$SHOUHU" --db "$DB" show staff "$M_ID" |
    sed -n 's/.*(child #\([0-9]*\))$/\1/p' | sort -n | tr '\n' ' ')
mentee=${mentees%% *}
[ -n "$M_ID" ] && [ -n "$P_ID" ] && [ -n "$mentee" ] ||
	{ fail "the demo has no mentor with mentees, or no principal"; finish; }
# A child of the mentor's school who is not hers.
other=
for c in $("$SHOUHU" --db "$DB" list children --school "$P_SCHOOL" --format csv | sed 1d | cut -d, -f1); do
	case " $mentees " in *" $c "*) ;; *) other=$c; break ;; esac
done
yesterday=$(date -d yesterday +%Y-%m-%d)
# Entries before the logins: one for her mentee by a colleague.
run 0 log add --child "$mentee" --kind visit --staff "$P_ID" --date "$yesterday" \
    --text "校长家访" || finish
colleague=$(printf '%s\n' "$OUT" | sed -n 's/.*#\([0-9]*\) added.*/\1/p')
run 0 log add --child "$other" --kind talk --staff "$P_ID" --text "别人的学生"
notmine=$(printf '%s\n' "$OUT" | sed -n 's/.*#\([0-9]*\) added.*/\1/p')

link "$U1" "$M_ID" mentor
link "$U2" "$P_ID" principal,leader
share

# What the mentor sees: her mentees' entries alone.
theirs=$(for c in $mentees; do "$SHOUHU" --db "$DB" log list --child "$c" --format csv | sed 1d; done |
    cut -d, -f1 | sort -n -u | tr '\n' ' ')
as 0 "$U1" log list --format csv
is "a mentor lists her mentees' entries, and no other" "$(printf '%s\n' "$OUT" | entry_ids)" "$theirs"
as 1 "$U1" log show "$notmine" && err_has "there is no care log entry #$notmine" "an entry of a child not hers is not there"
as 1 "$U1" log list --child "$other" && err_has "there is no child #$other" "nor that child's log"
as 0 "$U1" log show "$colleague" && has "校长家访" "she reads a colleague's entry on her mentee"

# Writing: for her mentee, as herself by default.
as 0 "$U1" log add --child "$mentee" --kind talk --text "谈了谈学习" &&
	has "added" "she writes a talk with her mentee"
mine=$(printf '%s\n' "$OUT" | sed -n 's/.*#\([0-9]*\) added.*/\1/p')
as 0 "$U1" log show "$mine" && has "$(grep "^$M_ID," "$WORK/staff.csv" | cut -d, -f2)" "written as her own"
as 1 "$U1" log add --child "$other" --kind talk --text x &&
	err_has "may not" "not for a child who is not hers"
as 0 "$U1" log edit "$mine" --mood good && has "changed" "she changes her entry the day she wrote it"
as 1 "$U1" log edit "$colleague" --text "改了" &&
	err_has "its author may change it on the day it was written" "not a colleague's entry"
as 1 "$U1" log delete "$colleague" && err_has "may not change" "nor delete it"

# The principal: any entry of the school's children.
as 0 "$U2" log edit "$mine" --text "谈了谈学习和家里的情况" && has "changed" "the principal changes the mentor's entry"
as 0 "$U2" log delete "$notmine" && has "deleted" "and deletes an entry"
as 0 "$U2" audit --kind change --format csv
has ",change,log,$mine,text," "the principal's change is in the audit trail"
finish

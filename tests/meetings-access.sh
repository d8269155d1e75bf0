#!/bin/sh
# Who may do what with meetings, on a database shared by throwaway Unix
# users (as tests/access.sh sets one up): the principal adds meetings and
# records them; a mentor of the school sees them, the names of her
# mentees only, and may not change them; a teacher of another school
# sees none of them.  Needs root: it makes users and a group.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/users.sh"

users_need skip "meetings-access.sh makes throwaway users and a group: run as root"
# The principal, a mentor of the same school, a teacher of another school.
users_make G=smg P=smp M=smm V=smv
AS_ARGS="--lang en"

SCHOOL=柳树乡中心学校
run 0 init --school "$SCHOOL" --school 石桥村小学
run 0 import roster "$TOP_SRCDIR/tests/data/meetings-roster.csv"
run 0 list staff --format csv
WANGLI=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$2 == "王丽" { print $1 }')
run 0 user add "$P" --name 周校长 --school "$SCHOOL" --roles principal
link "$M" "$WANGLI" mentor
run 0 user add "$V" --name 新老师 --school 石桥村小学 --roles village_teacher
share

as 1 "$M" meeting add --school "$SCHOOL" --date 2026-11-27 --kind monthly \
    --topic 座谈会 --invite class:3-2 &&
	err_has "may not add or change the meetings" "a mentor may not add a meeting"
as 0 "$P" meeting add --school "$SCHOOL" --date 2026-11-27 --kind monthly \
    --topic 座谈会 --invite class:3-2 && has "4 invitees" "the principal adds one"
as 1 "$V" meeting add --school "$SCHOOL" --date 2026-11-27 --kind monthly \
    --topic 座谈会 --invite school &&
	err_has "may not add" "another school's teacher may not add one"

as 0 "$M" meeting list && has "座谈会" "a mentor of the school sees its meetings"
as 0 "$M" meeting show 1 && has "张小明" "she sees her mentees' names"
hasnt "陈思雨" "and not the names of children she may not see"
has "***" "those are shown as ***"
as 0 "$M" meeting sheet 1 && hasnt "陈思雨" "nor on the sign-in sheet"
as 1 "$M" meeting attend 1 --rest present &&
	err_has "may not add or change" "a mentor may not record the attendance"
as 1 "$M" meeting minutes 1 --text 好 && err_has "may not" \
    "nor write the minutes"

as 0 "$V" meeting list && has "No meetings." "another school's teacher sees none"
as 1 "$V" meeting show 1 && err_has "may not see the meetings of" \
    "and may not open one"

as 0 "$P" meeting attend 1 --absent 4:病 --rest present &&
	has "3 present, 1 absent" "the principal records the attendance"
as 0 "$P" meeting show 1 && has "陈思雨" "and sees every name"
run 0 audit --kind change --format csv
has "$P" "the principal's changes are in the audit trail"

finish

#!/bin/sh
# Who may do what with meetings, on a database shared by throwaway Unix
# users (as tests/access.sh sets one up): the principal adds meetings and
# records them; a mentor of the school sees them, the names of her
# mentees only, and may not change them; a teacher of another school
# sees none of them.  Needs root: it makes users and a group.
. "$TOP_SRCDIR/tests/lib.sh"

[ "$(id -u)" = 0 ] || skip "meetings-access.sh makes throwaway users and a group: run as root"
for t in useradd userdel groupadd groupdel setpriv getent; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is missing"
done
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

n=$$
G=smg$n
P=smp$n		# the principal
M=smm$n		# a mentor of the same school
V=smv$n		# a teacher of another school
undo() {
	for u in "$P" "$M" "$V"; do
		getent passwd "$u" >/dev/null && userdel -f "$u" >/dev/null 2>&1
		getent passwd "$u" >/dev/null && echo "FAIL: user $u is left"
	done
	getent group "$G" >/dev/null && groupdel "$G"
}
cleanup_hooks=undo
trap 'exit 1' HUP INT TERM

groupadd "$G" || skip "groupadd failed"
for u in "$P" "$M" "$V"; do
	useradd -M -d "$WORK" -s /bin/sh -g "$G" "$u" || skip "useradd failed"
done
chmod 755 "$WORK"
mkdir -m 755 "$WORK/bin"
cp "$SHOUHU" "$WORK/bin/shouhu" && chmod 755 "$WORK/bin/shouhu" ||
	skip "cannot copy the program"

SCHOOL=柳树乡中心学校
run 0 init --school "$SCHOOL" --school 石桥村小学
run 0 import roster "$TOP_SRCDIR/tests/data/meetings-roster.csv"
run 0 list staff --format csv
WANGLI=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$2 == "王丽" { print $1 }')
run 0 user add "$P" --name 周校长 --school "$SCHOOL" --roles principal
run 0 user add "$M" --staff "$WANGLI" --roles mentor
run 0 user add "$V" --name 新老师 --school 石桥村小学 --roles village_teacher
chgrp -R "$G" "$DB"
chmod 2770 "$DB"
find "$DB" -type f -exec chmod 660 {} +

# as WANT USER ARGS...: shouhu as USER (the group's gid, no other group).
as() {
	want=$1
	u=$2
	shift 2
	ntest=$((ntest + 1))
	(cd "$WORK" && setpriv --reuid="$u" --regid="$G" --clear-groups \
	    env HOME="$WORK" "$WORK/bin/shouhu" --db "$DB" --lang en "$@") \
	    >"$WORK/out" 2>"$WORK/err"
	got=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	if [ "$got" -ne "$want" ]; then
		fail "$u: shouhu $* exited $got, expected $want; stderr: $ERR"
		return 1
	fi
	return 0
}

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

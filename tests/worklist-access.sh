#!/bin/sh
# worklist-access.sh -- whose worklist a login sees, with throwaway Unix
# users linked to staff: a mentor her mentees' items and not the
# school's duties, a class teacher her class's, the principal the
# school's; another staff member's worklist only for the principal; the
# settings changed by the principal and refused to a mentor.  Needs
# root: it makes users and a group.
. "$TOP_SRCDIR/tests/lib.sh"

[ "$(id -u)" = 0 ] || skip "worklist-access.sh makes throwaway users and a group: run as root"
for t in useradd userdel groupadd groupdel setpriv getent; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is missing"
done
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

n=$$
G=swg$n
UM=swm$n	# the mentor
UC=swc$n	# the class teacher
UP=swp$n	# the principal
undo() {
	for u in "$UM" "$UC" "$UP"; do
		getent passwd "$u" >/dev/null && userdel -f "$u" >/dev/null 2>&1
		getent passwd "$u" >/dev/null && echo "FAIL: user $u is left"
	done
	getent group "$G" >/dev/null && groupdel "$G"
}
cleanup_hooks=undo
trap 'exit 1' HUP INT TERM

groupadd "$G" || skip "groupadd failed"
for u in "$UM" "$UC" "$UP"; do
	useradd -M -d "$WORK" -s /bin/sh -g "$G" "$u" || skip "useradd failed"
done
chmod 755 "$WORK"
mkdir -m 755 "$WORK/bin"
cp "$SHOUHU" "$WORK/bin/shouhu" && chmod 755 "$WORK/bin/shouhu" ||
	skip "cannot copy the program"

S=东山小学
cat >"$WORK/roster.csv" <<'EOF'
学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,帮扶教师,重点帮扶,父亲姓名,父亲电话
东山小学,三年级,2班,王小明,男,2016-03-07,王奶奶,祖母,13812340001,李芳,是,,
东山小学,三年级,2班,张小红,女,2016-05-07,,,,,是,张大山,13812340003
东山小学,四年级,1班,赵小刚,男,2015-05-07,赵爷爷,祖父,13812340004,,否,,
EOF
cat >"$WORK/staff.csv" <<'EOF'
学校,姓名,职务,任班主任,电话
东山小学,李芳,帮扶教师,,13900000001
东山小学,陈校长,校长,,
东山小学,周老师,班主任,四年级1班,13900000003
EOF
run 0 init --school "$S"
run 0 import roster "$WORK/roster.csv"
run 0 import staff "$WORK/staff.csv"
staff_id() {
	"$SHOUHU" --db "$DB" list staff --format csv | grep ",$1," | cut -d, -f1
}
run 0 user add "$UM" --staff "$(staff_id 李芳)" --roles mentor
run 0 user add "$UC" --staff "$(staff_id 周老师)" --roles class_teacher
run 0 user add "$UP" --staff "$(staff_id 陈校长)" --roles principal
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
	    env HOME="$WORK" "$WORK/bin/shouhu" --db "$DB" "$@") >"$WORK/out" \
	    2>"$WORK/err"
	got=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	if [ "$got" -ne "$want" ]; then
		fail "$u: shouhu $* exited $got, expected $want; stderr: $ERR"
		return 1
	fi
	return 0
}

D=2098-12-05
as 0 "$UM" due --date $D
has "Worklist of 李芳" "a mentor's worklist is her own"
has "王小明" "with her mentee"
hasnt "张小红" "and not a child she does not mentor"
hasnt "赵小刚" "nor another"
hasnt "陈校长" "nor the principal's duties"
as 1 "$UM" due --staff "$(staff_id 陈校长)" --date $D
err_has "may not see the worklist of 陈校长" "a mentor may not see another's worklist"
as 0 "$UM" due --school "$S" --date $D
hasnt "张小红" "a school's worklist shows a mentor only what she may see"
hasnt "no call tree" "and not the school's duties"

as 0 "$UC" due --date $D
has "赵小刚" "a class teacher sees her class"
hasnt "王小明" "and not another class"

as 0 "$UP" due --date $D
has "Worklist of 陈校长" "the principal's worklist"
has "王小明" "has every child of the school"
has "赵小刚" "all of them"
has "no call tree" "and the school's duties"
as 0 "$UP" due --staff "$(staff_id 李芳)" --date $D
has "Worklist of 李芳" "the principal sees a mentor's worklist"

as 1 "$UM" settings set caseload 12
err_has "may not change the settings" "a mentor may not change the settings"
as 0 "$UP" settings set caseload 12
has "caseload       12" "the principal may"
run 0 audit --kind change
OUT=$(printf '%s\n' "$OUT" | grep -A8 " $UP .*settings #")
has "Mentees per mentor: 12" "and the change is in the audit trail, with the principal's login"
finish

#!/bin/sh
# worklist-access.sh -- whose worklist a login sees, with throwaway Unix
# users linked to staff: a mentor her mentees' items and not the
# school's duties, a class teacher her class's, the principal the
# school's; another staff member's worklist only for the principal; the
# settings changed by the principal and refused to a mentor.  Needs
# root: it makes users and a group.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/users.sh"

users_need skip "worklist-access.sh makes throwaway users and a group: run as root"
# The mentor, the class teacher and the principal.
users_make G=swg UM=swm UC=swc UP=swp


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
link "$UM" "$(staff_id 李芳)" mentor
link "$UC" "$(staff_id 周老师)" class_teacher
link "$UP" "$(staff_id 陈校长)" principal
share

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

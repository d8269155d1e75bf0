#!/bin/sh
# worklist.sh -- `shouhu due` and `shouhu settings` on a small school
# made from a roster and a staff list: each kind of item appears when it
# should and not otherwise, for the school, a mentor, a class teacher and
# the principal; the thresholds and term days come from the settings,
# which check what they are given and are in the audit trail; the
# printed worklist fits 80 columns.
. "$TOP_SRCDIR/tests/lib.sh"

S=东山小学
cat >"$WORK/roster.csv" <<'EOF'
学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,帮扶教师,重点帮扶,父亲姓名,父亲电话
东山小学,三年级,2班,王小明,男,2016-03-07,王奶奶,祖母,13812340001,李芳,是,,
东山小学,三年级,2班,张小红,女,2016-05-07,,,,,是,张大山,13812340003
东山小学,四年级,1班,赵小刚,男,2015-05-07,赵爷爷,祖父,13812340004,李芳,否,,
EOF
cat >"$WORK/staff.csv" <<'EOF'
学校,姓名,职务,任班主任,电话
东山小学,李芳,帮扶教师,,13900000001
东山小学,陈校长,校长,,
东山小学,周老师,班主任,三年级2班,13900000003
EOF
run 0 init --school "$S"
run 0 import roster "$WORK/roster.csv"
run 0 import staff "$WORK/staff.csv"
staff_id() {
	"$SHOUHU" --db "$DB" list staff --format csv | grep ",$1," | cut -d, -f1
}
MENTOR=$(staff_id 李芳)
HEAD=$(staff_id 陈校长)
CLASS=$(staff_id 周老师)

# kinds: the "what" column of the CSV worklist, sorted, one a line,
# with the child or staff name of each.
due_csv() {
	"$SHOUHU" --db "$DB" due --format csv "$@" | tail -n +2 |
	    awk -F, '{ sub(/^"/, "", $9); split($9, t, " "); print $1 " " t[1] }' | sort
}

# ---- a school's worklist ----
run 0 due --school "$S" --date 2098-12-05
has "Worklist of 东山小学, 2098-12-05, autumn term 2098: " "the heading names the school, the day and the term"
# Under it, the heads of the columns, as on the printed page.
"$SHOUHU" --db "$DB" due --school "$S" --date 2098-12-05 >"$WORK/due-text.txt"
ntest=$((ntest + 1))
case $(sed -n 2p "$WORK/due-text.txt") in
"Days   Due         Kind          What")
	pass "the text worklist heads its columns under the heading" ;;
*)	fail "the second line is not the columns' heads:"
	sed -n 1,3p "$WORK/due-text.txt" ;;
esac
ntest=$((ntest + 1))
sed -n 3p "$WORK/due-text.txt" | grep -Eq '^ *-?[0-9]+  [0-9]{4}-[0-9]{2}-[0-9]{2}  ' &&
	pass "and the items follow it" ||
	fail "the third line is not an item: $(sed -n 3p "$WORK/due-text.txt")"
run 0 --lang zh due --school "$S" --date 2098-12-05
has "逾期   到期日      类别          事项" "the heads are in Chinese too"
OUT=$("$SHOUHU" --db "$DB" due --school "$S" --date 2098-12-05 --format csv)
hasnt "Days   Due" "the CSV has no heads of text columns"
OUT=$(due_csv --school "$S" --date 2098-12-05)
has "no-mentor 张小红" "a key-support child without a mentor is listed"
hasnt "no-mentor 王小明" "a key-support child with a mentor is not"
hasnt "no-mentor 赵小刚" "a child not in key support is not"
has "no-guardian 张小红" "a child with no entrusted guardian is listed"
hasnt "no-guardian 王小明" "a child with an entrusted guardian is not"
has "assess 赵小刚" "a guardianship never assessed is listed"
has "phone 王小明" "a phone never verified is listed"
has "staff-phone 陈校长" "a staff member without a phone is listed"
hasnt "staff-phone 李芳" "a staff member with a phone is not"
has "drill 东山小学:" "a school without a call tree drill is listed"
has "talk 王小明" "a mentee with no talk since the term began is listed"
hasnt "talk 张小红" "a child without a mentor has no talk item"
has "visit 赵小刚" "a mentee without a home visit this term is listed"
hasnt "caseload" "no mentor is over the default caseload of 10"

# Most overdue first: the overdue column never grows down the list.
OUT=$("$SHOUHU" --db "$DB" due --school "$S" --date 2098-12-05 --format csv |
    tail -n +2 | awk -F, '{ gsub("\x27", "", $8); if (NR > 1 && $8 > last) bad = 1; last = $8 } END { print bad ? "unsorted" : "sorted" }')
same "$OUT" sorted "the most overdue come first"

# ---- thresholds from the settings ----
# A key-support mentee is due 14 days into the term, others 30.
OUT=$(due_csv --school "$S" --date 2099-03-14)
hasnt "talk 王小明" "14 days into the spring term, no talk is due yet"
OUT=$(due_csv --school "$S" --date 2099-03-16)
has "talk 王小明" "15 days in, a key-support mentee's talk is due"
hasnt "talk 赵小刚" "but not another mentee's"
OUT=$(due_csv --school "$S" --date 2099-04-01)
has "talk 赵小刚" "31 days in, every mentee's talk is due"
# The township's configuration file may give other defaults, used until
# the database has its own.
printf 'talk_days_key = 16\n' >"$WORK/shouhu.conf"
OUT=$(SHOUHU_CONF="$WORK/shouhu.conf" "$SHOUHU" --db "$DB" settings list)
has "talk_days_key  16" "a default from the configuration file is used"
has "(from $WORK/shouhu.conf)" "and says where it comes from"
OUT=$(SHOUHU_CONF="$WORK/shouhu.conf" due_csv --school "$S" --date 2099-03-16)
hasnt "talk 王小明" "16 days in, the file's threshold of 16 is not passed"
OUT=$(SHOUHU_CONF="$WORK/shouhu.conf" due_csv --school "$S" --date 2099-03-18)
has "talk 王小明" "17 days in, it is"
printf 'talk_days_key = 0\n' >"$WORK/bad.conf"
OUT=$(SHOUHU_CONF="$WORK/bad.conf" "$SHOUHU" --db "$DB" settings list 2>&1)
has "$WORK/bad.conf:1: talk_days_key must be a whole number from 1 to 365" \
    "a bad value in the file is named with its line"
has "talk_days_key  14" "and the built-in default holds"
run 0 settings set talk_days_key 20
has "talk_days_key  20" "settings set says the new value"
OUT=$(due_csv --school "$S" --date 2099-03-16)
hasnt "talk 王小明" "with talk_days_key 20 the talk is not due after 15 days"
run 0 settings set caseload 1
OUT=$(due_csv --school "$S" --date 2098-12-05)
has "caseload 李芳" "with a caseload of 1 the mentor of 2 is listed"
run 0 settings set caseload 2
OUT=$(due_csv --school "$S" --date 2098-12-05)
hasnt "caseload" "with a caseload of 2 she is not"

# ---- terms ----
run 0 due --school "$S" --date 2099-02-10
has "autumn term 2098" "in the winter holiday the term is the autumn term just ended"
run 0 due --school "$S" --date 2099-03-05
has "spring term 2099" "in March the spring term"
run 0 --lang zh due --school "$S" --date 2099-03-05
has "2099年春季学期" "named in Chinese"
run 0 settings set spring_start 2月20日
has "spring_start   02-20" "a day written in Chinese is kept as 02-20"
run 0 due --school "$S" --date 2099-02-25
has "spring term 2099" "a spring term starting on 20 February holds 25 February"
run 1 settings set autumn_end 03-05
err_has "must end before the spring term starts" "overlapping terms are refused"
run 1 settings set spring_end 02-30
err_has "is not a day of the year" "a day that does not exist is refused"
run 1 settings set caseload ten
err_has "must be a whole number from 1 to 200" "a caseload that is no number is refused"
run 1 settings set holidays 3
err_has "the settings are talk_days_key, talk_days, caseload" "an unknown setting names the settings"
run 2 settings set caseload
run 0 settings
has "caseload       2" "settings lists what was set"
run 0 audit --kind change
has "Mentees per mentor: 1 → 2" "a change of the settings is in the audit trail"

# ---- whose worklist ----
OUT=$(due_csv --staff "$MENTOR" --date 2098-12-05)
has "talk 王小明" "the mentor sees her mentee's talk"
has "phone 赵小刚" "and her mentees' phones"
hasnt "张小红" "but not a child she does not mentor"
hasnt "drill" "nor the principal's duties"
OUT=$(due_csv --staff "$CLASS" --date 2098-12-05)
has "no-mentor 张小红" "the class teacher sees her class"
hasnt "赵小刚" "and not another class"
OUT=$(due_csv --staff "$HEAD" --date 2098-12-05)
has "drill 东山小学:" "the principal sees the drill"
has "赵小刚" "and every child of the school"

# ---- from the care log: talks, home visits, follow-ups ----
# Entries are dated today at the latest; the worklist is asked for days
# after it.
day() { date -d "+$1 days" +%Y-%m-%d; }
child_id() {
	"$SHOUHU" --db "$DB" list children --format csv | grep ",$1," | cut -d, -f1
}
MING=$(child_id 王小明)
GANG=$(child_id 赵小刚)
run 0 settings set talk_days_key 14
run 0 log add --child "$MING" --kind talk --staff "$MENTOR" --text 谈了学习 \
    --follow-up "$(day 3)" --follow-up-text 再问作业
run 0 log add --child "$GANG" --kind visit --staff "$MENTOR" --text 家访
OUT=$(due_csv --staff "$MENTOR" --date "$(day 2)")
hasnt "talk 王小明" "after a talk, none is due two days later"
hasnt "followup" "nor the follow-up asked for in three days"
hasnt "visit 赵小刚" "after a home visit, none is due this term"
has "visit 王小明" "while the other mentee still needs one"
OUT=$(due_csv --staff "$MENTOR" --date "$(day 3)")
has "followup 王小明" "on its day the follow-up is due"
run 0 due --staff "$MENTOR" --date "$(day 3)"
has "再问作业" "with what is to be done"
OUT=$(due_csv --staff "$MENTOR" --date "$(day 15)")
has "talk 王小明" "15 days after the talk a key-support child's next is due"
# A growth record is the child's, not work with the child: it answers no
# follow-up.
run 0 log add --child "$MING" --kind growth --staff "$MENTOR" --text 画了一幅画
OUT=$(due_csv --staff "$MENTOR" --date "$(day 3)")
has "followup 王小明" "a growth record after it leaves the follow-up due"
run 0 log add --child "$MING" --kind call-guardian --staff "$MENTOR" --text 电话
OUT=$(due_csv --staff "$MENTOR" --date "$(day 3)")
hasnt "followup" "a later entry of work with the child answers the follow-up"

# A call that reached the guardian's number verifies it.
OUT=$(due_csv --staff "$MENTOR" --date "$(day 2)")
has "phone 赵小刚" "a phone never verified is listed"
run 0 log add --child "$GANG" --kind call-guardian --staff "$MENTOR" \
    --phone 13812340004 --text 电话家访
OUT=$(due_csv --staff "$MENTOR" --date "$(day 2)")
hasnt "phone 赵小刚" "a call that reached it takes it away"
has "phone 王小明" "and leaves the other child's"

# ---- assessments, in the demo: done this school year, due the next ----
"$SHOUHU" --db "$WORK/demo" demo --children 60 --seed 11 >/dev/null ||
	fail "demo"
demo_school=$("$SHOUHU" --db "$WORK/demo" list schools --format csv |
    sed -n 2p | cut -d, -f2)
count_kind() {
	"$SHOUHU" --db "$WORK/demo" due --school "$demo_school" --format csv "$@" |
	    cut -d, -f1 | grep -c "^assess$"
}
now=$(count_kind)
later=$(count_kind --date "$(day 366)")
ntest=$((ntest + 1))
[ "$later" -gt "$now" ] &&
	pass "assessments of this school year are due again a year later ($now, then $later)" ||
	fail "assessments due now $now, a year later $later"

# ---- the call tree's drill ----
run 0 calltree generate --school "$S"
run 0 due --school "$S" --date 2098-12-05
has "the call tree was never drilled" "a tree never drilled is listed as such"
# A call tree activated for a real incident is no drill; a drill is.
today=$(date +%F)
kid=$("$SHOUHU" --db "$DB" list children --school "$S" --format csv | sed -n 2p | cut -d, -f1)
run 0 incident open --child "$kid" --kind missing --found "$today 00:00" --text 没有到校
run 0 calltree activate --school "$S" --incident 1 --start 00:01 1=00:01
run 0 due --school "$S"
has "the call tree was never drilled" "an activation for an incident leaves the drill due"
run 0 --lang en calltree list
hasnt "reached" "and calltree list shows no last drill"
run 0 calltree drill --school "$S" --date "$today" --start 00:02 1=00:02
OUT=$(due_csv --school "$S")
has "no-mentor 张小红" "today's worklist of the school"
hasnt "drill " "a drill of the term is no longer due"

# ---- a child at risk is marked ----
wxm=$("$SHOUHU" --db "$DB" list children --search 王小明 --format csv |
    sed -n 2p | cut -d, -f1)
run 0 plan risk "$wxm" --level high
run 0 due --school "$S" --date 2099-04-01
has "!王小明" "a child at high risk is marked on the worklist"
run 0 due --school "$S" --date 2099-04-01 --format csv
hasnt "!王小明" "but the CSV keeps the name alone"
run 0 plan risk "$wxm" --level low

# ---- printing ----
run 0 due --school "$S" --date 2098-12-05 --print -o "$WORK/due.txt"
OUT=$(cat "$WORK/due.txt")
has "Days   Due         Kind" "the printed worklist has its columns"
has "1/1" "and its page number"
# wc -L counts display columns (a Chinese character two).
OUT=$(wc -L <"$WORK/due.txt" | tr -d ' ')
ntest=$((ntest + 1))
[ "$OUT" -le 80 ] && [ "$OUT" -ge 70 ] &&
	pass "the printed lines fill 80 columns and no more" ||
	fail "the widest printed line is $OUT columns"
run 2 due -o "$WORK/x.txt"
err_has "-o and --lp are for --print" "-o without --print is refused"
run 2 due --staff 1 --school "$S"
err_has "say one of them" "--staff and --school together are refused"
run 1 due --school 没有这所学校
err_has "there is no school named" "an unknown school is named"
run 2 due --date 2026-13-01
run 0 due --staff "$MENTOR" --date 2098-12-05 --format csv
has "what,kind,type,id,child,staff,due,overdue,text" "the CSV has its header"

finish

#!/bin/sh
# Meetings and activities from the command line: adding a meeting with
# its invitees (a class, a village, a mentor's mentees, the school, or
# their guardians, each guardian once), the sign-in sheet against golden
# files (in display columns, on pages, to lp), attendance ticked and
# refused when wrong (nothing half-saved), minutes, the list and its
# filters, who missed the last three, and the demo's term of meetings.
#
# The golden sheets are made from tests/data/meetings-roster.csv.  After
# an intended change of the layout, remake them with
#	UPDATE_GOLDEN=1 make check TESTS=tests/meetings.sh
# and read the difference before committing it.
. "$TOP_SRCDIR/tests/lib.sh"

GOLDEN="$TOP_SRCDIR/tests/golden"
SCHOOL=柳树乡中心学校

# golden NAME FILE WHAT: FILE is the same as tests/golden/NAME.
golden() {
	ntest=$((ntest + 1))
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$2" "$GOLDEN/$1" && chmod 644 "$GOLDEN/$1"
		pass "$3 (golden file remade)"
	elif cmp -s "$2" "$GOLDEN/$1"; then
		pass "$3"
	else
		fail "$3: differs from tests/golden/$1:"
		diff "$GOLDEN/$1" "$2" | head -20
	fi
}

# widest FILE: the widest line in display columns (Chinese counts two).
widest() {
	tr -d '\f' <"$1" | wc -L
}

# count_in TEXT WHAT...: how many lines of the last output hold TEXT.
count_in() {
	printf '%s\n' "$OUT" | grep -c -- "$1"
}

# Usage errors come before the database is opened.
run 2 meeting && err_has "usage: shouhu meeting" "meeting needs a subcommand"
run 2 meeting frob && err_has 'no meeting command "frob"' "an unknown subcommand"
run 2 meeting add --school A && err_has "needs --date" "add needs its date"
run 2 meeting attend && err_has "needs the meeting's number" "attend needs a meeting"
run 2 meeting attend x1 --rest absent && err_has "not a meeting number" "a meeting number is a number"
run 2 meeting list --present 1 && err_has "--present does not go with" "an option of another subcommand"
run 2 meeting add --school A --date 2026-11-27 --kind monthly --topic T \
    --invite bogus:1 && err_has 'invitation "bogus:1"' "a bad invitation is named"
run 2 meeting attend 1 --rest maybe && err_has "neither present nor absent" "--rest is present or absent"

run 0 --lang en init --school "$SCHOOL"
run 0 --lang en import roster "$TOP_SRCDIR/tests/data/meetings-roster.csv"
run 0 list staff --format csv
WANGLI=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$2 == "王丽" { print $1 }')
run 0 list contacts --format csv
GRANNY=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$2 == "王秀英" { print $1 }')
run 0 list children --format csv
kid() { printf '%s\n' "$OUT" | tr -d '\r' | awk -F, -v n="$1" '$2 == n { print $1 }'; }
MING=$(kid 张小明)
YAN=$(kid 张小燕)
LI=$(kid 李明轩)
CHEN=$(kid 陈思雨)
ZHAO=$(kid 赵子涵)
GANG=$(kid 张小刚)

# Adding: a class; the guardians of the whole school, each once.
run 0 --lang en meeting add --school "$SCHOOL" --date 2026-11-27 \
    --time 15:30 --kind monthly --topic "十一月留守儿童座谈会" \
    --place 三楼会议室 --by "$WANGLI" --invite class:3-2 &&
	has "Meeting #1 added: 4 invitees." "a class's four children are invited"
run 0 --lang en meeting add --school "$SCHOOL" --date 2026-10-16 \
    --time 09:00 --kind 监护人培训 --topic "委托监护人培训：孩子的安全" \
    --place 学校礼堂 --invite guardians &&
	has "Meeting #2 added: 4 invitees." "the grandmother of three is invited once"
run 0 --lang en meeting add --school "$SCHOOL" --date 2026-10-20 \
    --kind wellbeing --topic 心理健康 --invite village:柳树村 &&
	has "4 invitees" "a village's children"
run 0 --lang en meeting add --school "$SCHOOL" --date 2026-10-21 \
    --kind parents --how video --topic 家长会 --invite "mentor:$WANGLI" \
    --invite class:3-2 && has "5 invitees" "a mentor's mentees and a class, each child once"
# Nothing is saved for an invitation that chooses nobody, a bad field,
# or an unknown school.
run 1 --lang en meeting add --school "$SCHOOL" --date 2026-11-27 \
    --kind monthly --topic 空 --invite class:6-1 &&
	err_has "nobody is invited" "an invitation that chooses nobody"
run 2 --lang en meeting add --school "$SCHOOL" --date 2026-13-45 \
    --kind monthly --topic T --invite school && err_has "2026-13-45" "a bad date"
run 2 --lang en meeting add --school "$SCHOOL" --date 2026-11-27 \
    --kind tea --topic T --invite school && err_has "tea" "an unknown kind"
run 1 --lang en meeting add --school 没有的学校 --date 2026-11-27 \
    --kind monthly --topic T --invite school && err_has "no school named" "an unknown school"
run 1 --lang en meeting add --school "$SCHOOL" --date 2026-11-27 \
    --kind monthly --topic T --invite mentor:99 && err_has "no staff member #99" "an unknown mentor"
run 0 meeting list --format csv
same "$(printf '%s\n' "$OUT" | grep -c '^[0-9]')" 4 "nothing is half-saved: four meetings"
run 0 check && has "meeting invitee 17" "check knows the meetings and their invitees"

# The sign-in sheets, against golden files: a class in English, the
# guardians in Chinese; 80 columns, private files.
run 0 --lang en meeting sheet 1 -o "$WORK/sheet1.txt"
golden meetings-sheet-class.txt "$WORK/sheet1.txt" "the class's sign-in sheet"
same "$(stat -c %a "$WORK/sheet1.txt")" 600 "the sheet file is private"
same "$(widest "$WORK/sheet1.txt")" 80 "the sheet is 80 columns wide"
run 0 --lang zh meeting sheet 2 -o "$WORK/sheet2.txt"
golden meetings-sheet-guardians.txt "$WORK/sheet2.txt" "the guardians' sign-in sheet"
same "$(grep -c 王秀英 "$WORK/sheet2.txt")" 1 "a grandmother of three signs once"
same "$(widest "$WORK/sheet2.txt")" 80 "the Chinese sheet is 80 columns wide"
run 0 --lang en meeting sheet 4 && has "by video" "a parents' meeting by video says so"
run 1 --lang en meeting sheet 99 && err_has "there is no meeting #99" "an unknown meeting"

# lp: a stand-in records what it gets.
fake_lp
oldpath=$PATH
PATH="$WORK/bin:$PATH"
run 0 --lang en meeting sheet 1 --lp --format text && has "job 办公室-7" "lp's job id is reported"
cmp -s "$WORK/lp.in" "$WORK/sheet1.txt"
same $? 0 "lp gets the same sheet"
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL sign-in sheet 2026-11-27|" \
    "lp's job is titled with the school, the sheet and the day"
PATH=$oldpath
run 0 audit --kind print && has "sign-in sheet 2026-11-27" "printing is in the audit trail"

# Attendance: all or nothing.
run 1 --lang en meeting attend 1 --present "$MING,$ZHAO" &&
	err_has "child #$ZHAO is not invited to meeting #1" "a child not invited"
run 1 --lang en meeting attend 1 --present 9999 && err_has "no child #9999" "an unknown child"
run 1 --lang en meeting attend 1 --present "$MING" --absent "$MING:病" &&
	err_has "marked twice" "one invitee marked twice"
run 1 --lang en meeting attend 1 </dev/null && err_has "attendance is empty" "an empty attendance"
run 1 --lang en meeting attend 99 --rest absent && err_has "no meeting #99" "an unknown meeting"
run 0 --lang en meeting show 1 && has "present 0, absent 0, not recorded 4" \
    "a refused attendance saved nothing"
run 0 --lang en meeting attend 1 --present "$MING,$YAN" --absent "$CHEN:发烧请假" \
    --rest present && has "3 present, 1 absent" "attendance with a reason and the rest present"
run 0 --lang en meeting show 1 && has "陈思雨" "show lists the invitees"
has "absent: 发烧请假" "and why one was absent"
# The guardians' attendance from a spreadsheet's CSV on standard input.
printf 'id,status,reason\r\ncontact:%s,present\r\n%s,absent,农忙\r\n#1,absent\r\n' \
    "$GRANNY" "$LI" >"$WORK/att.csv"
run 0 --lang en meeting attend 2 <"$WORK/att.csv" && has "1 present, 2 absent" \
    "attendance read from a CSV"
run 0 --lang en meeting show 2 && has "absent: 农忙" "the guardian's reason"
has "not recorded 1" "an invitee not named is not recorded"
# Who was invited, in words in the user's language, never the spec.
run 0 --lang zh meeting show 1 && has "邀请: 三年级2班的留守儿童" "a class invited, in words"
hasnt "class:" "and not as typed"
run 0 --lang zh meeting show 2 && has "邀请: 全校留守儿童的监护人" "the school's guardians"
run 0 --lang zh meeting show 3 && has "邀请: 柳树村的留守儿童" "a village's children"
run 0 --lang zh meeting show 4 && has "邀请: 王丽的帮扶对象；三年级2班的留守儿童" \
    "a mentor's mentees and a class"
run 0 --lang en meeting show 4 && has "Invited: 王丽's mentees; the left-behind children of grade 3 class 2" \
    "in English too"
run 0 --lang en meeting add --school "$SCHOOL" --date 2099-01-01 --kind safety \
    --topic 未来 --invite school
run 1 --lang en meeting attend 5 --rest present && err_has "still to come" \
    "no attendance before the meeting"

# Minutes and follow-up.
run 0 --lang en meeting minutes 1 --text "孩子们说了本月的学习" \
    --follow-up "给陈思雨家打电话" --follow-up-date 2026-12-10
run 0 --lang en meeting show 1 && has "孩子们说了本月的学习" "the minutes are kept"
has "2026-12-10" "and the follow-up's date"
run 2 --lang en meeting minutes 1 && err_has "needs --text" "minutes need something"
run 1 --lang en meeting minutes 1 --follow-up-date 明天 && err_has "明天" "a bad date is refused"

# The list and its filters.
run 0 --lang en meeting list && has "3 of 4" "the list says who came"
run 0 --lang en meeting list --since 2026-10-17 --until 2026-10-31 --format csv
same "$(printf '%s\n' "$OUT" | grep -c '^[0-9]')" 2 "--since and --until"
has "id,date,time,school,kind,topic,invited,present,absent" "the CSV's columns"
run 0 --lang en meeting list --kind training && has "2026-10-16" "--kind"
hasnt "2026-11-27" "--kind leaves the others out"

# Who missed the last three monthly meetings.
for d in 2026-09-25 2026-10-30; do
	run 0 meeting add --school "$SCHOOL" --date $d --kind monthly \
	    --topic 座谈会 --invite class:3-2
done
run 0 meeting attend 6 --absent "$CHEN" --absent "$LI:病" --rest present
run 0 meeting attend 7 --absent "$CHEN" --rest present
run 0 --lang en meeting report --kind monthly &&
	has "陈思雨  grade 3 class 2  missed 2026-09-25, 2026-10-30, 2026-11-27 (发烧请假)" \
	"who missed the last three, with the days and reasons"
hasnt "李明轩" "one who came once is not listed"
run 0 --lang en meeting report --kind monthly --last 1 && has "Missed their last 1" \
    "--last"
run 0 --lang en meeting report --kind training --last 1 &&
	has "李桂兰 (grandmother of 李明轩)" "a guardian is named with the child"

# The worklist: this week's meetings, and those held without attendance.
soon=$(date -d '+2 days' +%F)
past=$(date -d '-3 days' +%F)
run 0 meeting add --school "$SCHOOL" --date "$soon" --time 10:00 --kind safety \
    --topic 防溺水安全教育 --invite school
run 0 meeting add --school "$SCHOOL" --date "$past" --kind wellbeing \
    --topic 团体辅导 --invite class:3-1
run 0 --lang en due --school "$SCHOOL" && has "safety education on $soon 10:00, 防溺水安全教育 (6 invited" \
    "the worklist has this week's meeting"
case $(date +%m-%d) in
09-0[1-3] | 03-0[1-3]) ;;	# the meeting held is in the term before
*)	has "团体辅导: the attendance of 1 invited is not recorded" \
	    "and a meeting held whose attendance is not recorded" ;;
esac
hasnt "2099-01-01" "not a meeting months away"
id=$("$SHOUHU" --db "$DB" meeting list --kind wellbeing --since "$past" --format csv |
    awk -F, 'NR == 2 { print $1 }')
run 0 meeting attend "$id" --rest present
run 0 --lang en due --school "$SCHOOL" && hasnt "团体辅导" \
    "the attendance recorded takes the item away"

# A control character never gets into a topic (nor to a terminal).
run 2 meeting add --school "$SCHOOL" --date 2026-11-01 --kind festival \
    --topic "$(printf 'a\033]52;c;eA==\007b')" --invite school
case "$ERR" in *"$(printf '\033')"*) fail "an escape reached the terminal" ;;
*) pass "the topic's escape is refused and shown safely" ;; esac
ntest=$((ntest + 1))

# The demo's term: meetings in every school, held ones with attendance.
DB="$WORK/demo"
run 0 demo --children 60 --seed 11
run 0 --lang en meeting list && has "monthly meeting" "the demo holds monthly meetings"
has "guardian training" "and a guardians' training"
has "safety education" "and this week's safety education"
has " of " "with attendance"
run 0 check && has "meeting invitee" "the demo's meetings are consistent"
# A long sheet on pages.
id=$(printf '%s\n' "$OUT" >/dev/null; "$SHOUHU" --db "$DB" meeting list --format csv |
    awk -F, 'NR > 1 && $7 > 40 { print $1; exit }')
run 0 --lang en meeting sheet "$id" --page-lines 20 -o "$WORK/long.txt"
pages=$(grep -c 'page [0-9]*/' "$WORK/long.txt")
ntest=$((ntest + 1))
[ "$pages" -ge 3 ] && pass "a long sheet is on pages ($pages)" ||
	fail "a long sheet is on pages: $pages"
most=$(awk 'BEGIN { RS = "\f" } { n = gsub(/\n/, "\n"); if (n > m) m = n }
    END { print m + 0 }' "$WORK/long.txt")
ntest=$((ntest + 1))
[ "$most" -le 20 ] && pass "no page is longer than 20 lines" ||
	fail "a page has $most lines"

finish

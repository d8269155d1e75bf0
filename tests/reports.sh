#!/bin/sh
# The figures and the paper for the bureau, from the command line: the
# summary (against a golden file, against the children's own CSV list,
# its totals adding up), the term report with its drills, the teachers'
# assessment sheets, the official registration form (against a golden
# file, one child a page, 80 columns) and check --completeness.
#
# The golden files are made from `shouhu demo --children 60 --seed 11`
# (the summary, in English, counted today, on the demo's own dates; the
# day in the pages' heads is written YYYY-MM-DD in the file) and from
# tests/data/roster-form.csv (the form, in Chinese).  After an intended
# change of the layout, remake them with
#	UPDATE_GOLDEN=1 make check TESTS=tests/reports.sh
# and read the difference before committing it.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"
DATE=$(date +%F)

# ---- usage ----
run 2 report && err_has "usage: shouhu report" "report needs what"
run 2 report frobnicate && err_has 'no report "frobnicate"' "an unknown report"
run 2 report summary --school A --township && err_has "do not go together" "a school or the township"
run 2 report summary --date 2025-13-01 && err_has "--date" "a bad date"
run 2 report summary --date 2099-01-01 && err_has "is in the future" "nobody is counted on a day still to come"
run 2 report term --from 2025-09-01 && err_has "needs --from DATE and --to DATE" "a term has two ends"
run 2 report term --from 2025-09-01 --to 2025-03-01 && err_has "is after" "a term ends after it begins"
run 2 report summary --format xml && err_has "--format" "a bad format"
run 2 print form && err_has "needs --child ID" "the form needs whose"
run 2 check --school A && err_has "--completeness" "--school is for --completeness"

# ---- the summary ----
run 0 --lang en demo --children 60 --seed 11
run 0 --lang en report summary --township --date $DATE -o "$WORK/summary.txt"
sed "s/$DATE  page/YYYY-MM-DD  page/" "$WORK/summary.txt" >"$WORK/summary-undated.txt"
golden summary.txt "$WORK/summary-undated.txt" "the summary of the township, as text"
same "$(widest "$WORK/summary.txt")" 80 "the summary is 80 columns wide"
same "$(head -n 1 "$WORK/summary.txt" | awk '{ print $4 }')" 石门乡 \
    "the township's pages are headed with its name"
run 0 --lang zh report summary --township --date $DATE
same "$(printf '%s\n' "$OUT" | grep '第 [12]/2 页' | awk '{ print $2 }' | sort -u)" 石门乡 \
    "in Chinese too, every page, as the job's title names it"
run 0 report summary --township --date $DATE --format csv -o "$WORK/summary.csv"
golden summary.csv "$WORK/summary.csv" "the summary as CSV"
same "$(head -c 3 "$WORK/summary.csv" | od -An -tx1 | tr -d ' ')" efbbbf \
    "the CSV starts with a byte order mark, as the roster's export, for Excel"
run 0 report summary --township --date $DATE --format csv --encoding gb18030 \
    -o "$WORK/summary-gb.csv"
tail -c +4 "$WORK/summary.csv" >"$WORK/summary-nobom.csv"
iconv -f GB18030 -t UTF-8 "$WORK/summary-gb.csv" >"$WORK/summary-gb-utf8.csv"
cmp -s "$WORK/summary-nobom.csv" "$WORK/summary-gb-utf8.csv"
same $? 0 "--encoding gb18030 writes the same CSV in GB18030, without a byte order mark"
ntest=$((ntest + 1))
grep -q 石门乡 "$WORK/summary-gb.csv" && fail "the GB18030 CSV is UTF-8" ||
	pass "the GB18030 CSV is no UTF-8"
run 0 report summary --township --date $DATE --format csv
has "level,school,grade,class,children,both_away" "the CSV's stable columns"

# The counts against the children's list: the same children, counted by
# awk from `list children --format csv` (today's children, as the summary
# without --date counts them).
run 0 list children --format csv
printf '%s\n' "$OUT" | tr -d '\r' >"$WORK/children.csv"
run 0 report summary --township --format csv
printf '%s\n' "$OUT" | tr -d '\r' >"$WORK/today.csv"
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{
	k = $col["school"] "," $col["grade"] "," $col["class"]
	n[k]++
	t = $col["left_behind"]
	if (t == "both") both[k]++; else if (t == "father") fa[k]++
	else if (t == "mother") mo[k]++; else if (t == "one_unable") un[k]++
	else nt[k]++
	g = $col["guardianship"]
	if (g == "good") go[k]++; else if (g == "fair") fr[k]++
	else if (g == "poor") po[k]++; else ng[k]++
	if ($col["boarding"] == "1") bo[k]++
	if ($col["key_support"] == "1") ke[k]++
	if ($col["mentor"] == "") nm[k]++
}
END {
	for (k in n)
		printf "%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d\n", k, n[k],
		    both[k], fa[k], mo[k], un[k], nt[k], go[k], fr[k], po[k],
		    ng[k], bo[k], ke[k], nm[k]
}' "$WORK/children.csv" | sort >"$WORK/from-list"
awk -F, '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$1 == "class" {
	printf "%s,%s,%s", $col["school"], $col["grade"], $col["class"]
	split("children both_away father_away mother_away one_unable " \
	    "type_not_given guardianship_good guardianship_fair " \
	    "guardianship_poor guardianship_not_assessed boarding " \
	    "key_support no_mentor", names, " ")
	for (i = 1; i <= 13; i++) printf ",%d", $col[names[i]]
	printf "\n"
}' "$WORK/today.csv" | sort >"$WORK/from-report"
ntest=$((ntest + 1))
if [ -s "$WORK/from-list" ] && cmp -s "$WORK/from-list" "$WORK/from-report"; then
	pass "the summary counts what the children's CSV list holds, class by class"
else
	fail "the summary and the children's list differ:"
	diff "$WORK/from-list" "$WORK/from-report" | head -10
fi

# Totals add up: each school's row is the sum of its classes, the
# township's the sum of the schools, and every row's types and grades
# add up to its children.
bad=$(awk -F, '
NR == 1 { next }
{
	if ($5 != $6 + $7 + $8 + $9 + $10) print "types of " $0
	if ($5 != $11 + $12 + $13 + $14) print "grades of " $0
	for (i = 5; i <= 20; i++) {
		if ($1 == "class") { cls[$2, i] += $i }
		else if ($1 == "school") { if (cls[$2, i] != $i) print "school " $0; sch[i] += $i }
		else if ($1 == "all" && sch[i] != $i) print "all " $0
	}
}' "$WORK/summary.csv")
same "$bad" "" "every total adds up, across the rows and the columns"

# A class teacher's count is of her class only: the login's own school
# is the default, and --school of a school counts only it.
run 0 report summary --school 白果村小学 --format csv
same "$(printf '%s\n' "$OUT" | grep -c '^class,石门乡')" 0 "--school counts that school only"

# Printing: text to lp as it is, with the summary's title; the job id.
fake_lp
PATH="$WORK/bin:$PATH" run 0 --lang en report summary --township --date $DATE --lp --format text
cmp -s "$WORK/lp.in" "$WORK/summary.txt"
same $? 0 "--lp --format text hands lp the summary as printed"
has "Sent to the print queue as job 办公室-7." "sent to the queue, with the job id lp gave"
same "$(sed -n 2p "$WORK/lp.args")" "石门乡 Left-behind children: summary $DATE" \
    "the job's title: the township, the report, the day"
PATH="$WORK/bin:$PATH" run 0 --lang zh report summary --school 石门乡中心学校 --date 2026-12-05 --lp
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|石门乡中心学校 留守儿童统计表 2026-12-05|" \
    "a school's summary: the school, the report, the day, in Chinese"
has "已送入打印队列，作业号 办公室-7。" "in Chinese: sent to the print queue"

# A township of many schools: a page that goes on with a school's
# tables (or all schools') opens with the name, "（续）".
"$SHOUHU" --db "$WORK/many" demo --children 3000 --seed 7 >/dev/null ||
	fail "demo of 3000 children"
"$SHOUHU" --db "$WORK/many" --lang zh report summary --township >"$WORK/many.txt"
awk '/第 [0-9]+\/[0-9]+ 页/ { getline; getline; print }' "$WORK/many.txt" >"$WORK/tops.txt"
same "$(grep -c '^ ' "$WORK/tops.txt")" 0 \
    "no page of the summary opens in the middle of a table"
ntest=$((ntest + 1))
grep -q '（续）$' "$WORK/tops.txt" && pass "a page that goes on with a school names it" ||
	fail "no page names the school it goes on with: $(cat "$WORK/tops.txt")"

# ---- the term report and the assessment sheets ----
run 0 calltree generate --school 石门乡中心学校
run 0 calltree drill --school 石门乡中心学校 --start 07:30 --date 2025-10-10 1=07:31 1.1=07:35 1.1.1=x
run 0 --lang en report term --school 石门乡中心学校 --from 2025-09-01 --to 2026-01-20 -o "$WORK/term.txt"
OUT=$(cat "$WORK/term.txt")
has "Call-tree drills" "the term report has the drills"
has "Drill #1" "the drill of the term"
has "Minutes from the start to the last line reached, by branch" "how long each branch took"
hasnt "Not reached:" "no family is named in the term report"
has "Left-behind type" "the term report opens with the summary"
run 0 --lang en report term --school 石门乡中心学校 --from 2026-02-01 --to 2026-07-10
has "No call tree was drilled in the term" "a term without a drill says so"
# The care log and the meetings of the demo's term (the days before today).
from=$(date -d '-100 days' +%F)
today=$(date +%F)
run 0 --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
talks=$(printf '%s\n' "$OUT" | awk '$1 == "total" && $3 ~ /\// { split($3, a, "/"); print a[1] }')
run 0 log list --school 石门乡中心学校 --since "$from" --until "$today" --kind talk --format csv
same "$talks" "$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "the term report counts the care log's talks"
run 0 --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
has "talks/target" "each mentor's talks against the worklist's target"
has "visits/target" "and home visits against one a mentee a term"
has "present" "the meetings held, with their attendance"
has "No incident in the term" "no incident yet"
kid=$("$SHOUHU" --db "$DB" list children --school 石门乡中心学校 --format csv | sed -n 2p | cut -d, -f1)
run 0 incident open --child "$kid" --kind missing --found "$(date -d "-1 day" +%F) 07:10" --text "没有到校"
run 0 --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
has "missing: 1" "the term's incidents by kind"
hasnt "没有到校" "without what happened"
# The call tree activated for it is an emergency, not a drill.
hasnt "activated for incidents" "no call tree was activated yet"
run 0 calltree activate --school 石门乡中心学校 --incident 1 --date "$(date -d "-1 day" +%F)" \
    --start 07:20 1=07:21 1.1=x
run 0 --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
has "Call trees activated for incidents" "the term report lists the call trees activated"
has ", for incident #1: call tree" "each with its incident"
drills=$(printf '%s\n' "$OUT" | sed -n '/^Call-tree drills/,/^$/p')
case "$drills" in
*incident*) fail "the activation is listed among the drills: $drills" ;;
"") fail "the term report has no drills section" ;;
*) pass "the activation is not among the drills" ;;
esac
# The same term in CSV: one figure a row, the same figures as the text.
run 0 --lang zh report term --school 石门乡中心学校 --from "$from" --to "$today" \
    --format csv -o "$WORK/term.csv"
"$SHOUHU" --db "$DB" --lang zh report term --school 石门乡中心学校 --from "$from" \
    --to "$today" --format csv --encoding gb18030 >"$WORK/term-gb.csv"
same "$(iconv -f GB18030 -t UTF-8 "$WORK/term-gb.csv" | md5sum)" \
    "$(tail -c +4 "$WORK/term.csv" | md5sum)" \
    "the term's CSV in GB18030 on standard output is the same, without a byte order mark"
tr -d '\r' <"$WORK/term.csv" >"$WORK/term-lf.csv"
mv "$WORK/term-lf.csv" "$WORK/term.csv"
same "$(head -n 1 "$WORK/term.csv")" "$(printf '\357\273\277')part,school,item,measure,value" \
    "the term report's CSV has its columns, after a byte order mark"
csv_talks=$(awk -F, '$1 == "care" && $4 == "talks" { n += $5 } END { print n + 0 }' \
    "$WORK/term.csv")
same "$csv_talks" "$talks" "its mentors' talks add up to the text's total"
same "$(awk -F, '$1 == "care" && $4 == "mentees" { n += $5 } END { print n + 0 }' "$WORK/term.csv")" \
    "$(awk -F, '$1 == "care" && $4 == "home_visits_target" { n += $5 } END { print n + 0 }' "$WORK/term.csv")" \
    "a home visit a term is asked for each mentee"
run 0 report summary --school 石门乡中心学校 --date "$today" --format csv
children=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$1 == "school" { print $5 }')
same "$(awk -F, '$1 == "summary" && $3 == "total" && $4 == "children" { print $5 }' \
    "$WORK/term.csv")" "$children" "its summary counts the children as the summary does"
same "$(awk -F, '$1 == "incidents" && $3 == "missing" { print $5 }' "$WORK/term.csv")" 1 \
    "its incidents by kind"
same "$(awk -F, '$1 == "activation" && $4 == "lines_called" { n++ } END { print n + 0 }' \
    "$WORK/term.csv")" 1 "the run for the incident, apart from the drills"
ntest=$((ntest + 1))
grep -q "没有到校" "$WORK/term.csv" && fail "the CSV tells what happened" ||
	pass "and never what happened"
ntest=$((ntest + 1))
run 0 --lang en report staff --school 白果村小学 --from 2025-09-01 --to 2026-01-20 -o "$WORK/staff.txt"
OUT=$(cat "$WORK/staff.txt")
has "Assessment sheet" "the assessment sheets"
run 0 list staff --school 白果村小学 --format csv
nstaff=$(($(printf '%s\n' "$OUT" | wc -l) - 1))
same "$(($(tr -cd '\f' <"$WORK/staff.txt" | wc -c) + 1))" "$nstaff" "one sheet a teacher"
run 0 --lang zh report staff --school 石门乡中心学校 -o "$WORK/staff-zh.txt"
OUT=$(cat "$WORK/staff-zh.txt")
has "学校：石门乡中心学校" "a sheet names the teacher's school"
hasnt "学校电话" "and does not call its name a phone number"
# The mentees' classes on each sheet, in grade and class order.
grades="一年级 二年级 三年级 四年级 五年级 六年级 初一 初二 初三"
unsorted=$(sed -n 's/^ *按班级：//p' "$WORK/staff-zh.txt" | awk -v g="$grades" '
	BEGIN { n = split(g, gs, " "); for (i = 1; i <= n; i++) rank[gs[i]] = i }
	{
		k = split($0, item, ", "); last = -1
		for (i = 1; i <= k; i++) {
			c = item[i]; sub(/ [0-9]+$/, "", c)
			for (w in rank)
				if (index(c, w) == 1) {
					num = substr(c, length(w) + 1); sub(/班$/, "", num)
					key = rank[w] * 1000 + num
				}
			if (key <= last) { print; next }
			last = key
		}
	}')
same "$unsorted" "" "each sheet lists the mentees' classes in grade and class order"
ntest=$((ntest + 1))
grep -q "按班级：.*, " "$WORK/staff-zh.txt" && pass "a sheet lists mentees of several classes" ||
	fail "no sheet lists mentees of several classes to put in order"

# Every printout's job is titled "<school or township> <document> <day>",
# in the reader's language: the term report, the assessment sheets and
# the worklist as the summary above.
PATH="$WORK/bin:$PATH" run 0 --lang zh report term --school 石门乡中心学校 \
    --from 2025-09-01 --to 2026-01-20 --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|石门乡中心学校 学期工作总结 $today|" \
    "the term report's job title"
PATH="$WORK/bin:$PATH" run 0 --lang zh report staff --school 白果村小学 --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|白果村小学 考评表 $today|" \
    "the assessment sheets' job title"
PATH="$WORK/bin:$PATH" run 0 --lang en report staff --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|石门乡 Assessment sheets $today|" \
    "the township's assessment sheets, in English"
PATH="$WORK/bin:$PATH" run 0 --lang zh due --school 石门乡中心学校 --date 2026-12-04 --print --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|石门乡中心学校 今日工作 2026-12-04|" \
    "a school's worklist: the school, the worklist, the day"
principal=$("$SHOUHU" --db "$DB" list staff --school 石门乡中心学校 --format csv | awk -F, 'NR == 2 { print $1 " " $2 }')
PATH="$WORK/bin:$PATH" run 0 --lang zh due --staff "${principal%% *}" --date 2026-12-04 --print --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|石门乡中心学校 ${principal#* }的今日工作 2026-12-04|" \
    "a teacher's worklist: her school, whose worklist, the day"

# ---- where a printout goes ----
# A PDF is not written to a terminal, nor GB18030 text to a terminal
# that does not show it (script gives the command a terminal); to a
# pipe they go.  GB18030 is not written to a file named .pdf.
# on_tty WANT ARGS...: shouhu --db $DB ARGS on a terminal; its words in $OUT.
on_tty() {
	want=$1
	shift
	ntest=$((ntest + 1))
	script -qec "$SHOUHU --db $DB $*" /dev/null </dev/null >"$WORK/tty" 2>&1
	got=$?
	OUT=$(tr -d '\r' <"$WORK/tty")
	if [ "$got" -ne "$want" ]; then
		fail "on a terminal, shouhu $* exited $got, expected $want: $OUT"
		return 1
	fi
}
if command -v script >/dev/null 2>&1; then
	on_tty 2 --lang en report summary --school 白果村小学 --format pdf &&
	    has "a PDF is not for the terminal: use -o FILE.pdf or --lp" \
	    "a PDF to a terminal is refused"
	hasnt "%PDF" "and none of it is written there"
	on_tty 2 --lang zh report summary --school 白果村小学 --format pdf &&
	    has "PDF 不能输出到终端：请用 -o 文件.pdf 或 --lp" \
	    "the refusal in Chinese"
	on_tty 2 --lang en due --school 石门乡中心学校 --print --format pdf &&
	    has "a PDF is not for the terminal" "the worklist's PDF too"
	on_tty 2 --lang en report summary --school 白果村小学 --encoding gb18030 &&
	    has "this terminal does not show GB18030 text: use -o FILE or --lp" \
	    "GB18030 text to a UTF-8 terminal is refused"
	on_tty 0 --lang en report summary --school 白果村小学 &&
	    has "Left-behind" "UTF-8 text to a terminal is as ever"
	# A terminal set to GB18030 (a private locale) takes GB18030 text.
	loc="$WORK/locale"
	mkdir -p "$loc"
	if localedef -i zh_CN -f GB18030 "$loc/zh_CN.GB18030" >/dev/null 2>&1; then
		LOCPATH="$loc" LC_ALL=zh_CN.GB18030 LANG=zh_CN.GB18030 \
		    on_tty 0 --lang zh report summary --school 白果村小学 --encoding gb18030 &&
		    pass "GB18030 text to a GB18030 terminal is written"
	else
		echo "localedef cannot make zh_CN.GB18030: that check is left out"
	fi
else
	echo "script is not installed: the terminal checks are left out"
fi
run 0 report summary --school 白果村小学 --format pdf
same "$(printf '%s' "$OUT" | head -c 5)" "%PDF-" "a PDF to a pipe is written"
run 0 --lang zh report summary --school 白果村小学 --encoding gb18030
printf '%s\n' "$OUT" | iconv -f GB18030 -t UTF-8 >/dev/null 2>&1
same $? 0 "GB18030 text to a pipe is written"
run 2 --lang en report summary --school 白果村小学 -o "$WORK/gb.pdf" --encoding gb18030 &&
    err_has "a file named .pdf is for a PDF" "GB18030 into a file named .pdf is refused"
same "$(ls "$WORK" | grep -c '^gb\.pdf')" 0 "and no such file is written"
run 2 report summary --school 白果村小学 --format pdf --encoding gb18030 &&
    err_has "not of PDF" "--format pdf --encoding gb18030 is refused the same way"

# ---- the official form ----
DB="$WORK/form"
run 0 init --school 柳树乡中心学校
run 0 import roster "$D/roster-form.csv"
run 0 --lang zh print form --school 柳树乡中心学校 --date 2025-05-06 -o "$WORK/form.txt"
golden form.txt "$WORK/form.txt" "the registration forms of a school, in Chinese"
same "$(widest "$WORK/form.txt")" 80 "the form is 80 columns wide"
same "$(tr -cd '\f' <"$WORK/form.txt" | wc -c)" 2 "one child a page"
OUT=$(cat "$WORK/form.txt")
has "农村留守儿童基本情况登记表" "the form's title"
has "填表人" "a blank for who filled it in"
has "审核人" "a blank for who checked it"
has "430523195603120023" "the guardian's ID number, to a login that may see it"
run 0 --lang zh print form --child 2 --date 2025-05-06
has "李小花" "one child's form"
hasnt "张小明" "only that child"
run 0 --lang en print form --school 柳树乡中心学校 --class 4-1
has "李小花" "the forms of a class"
hasnt "张小明" "of that class only"
run 1 print form --child 99
run 0 audit --kind print
has "留守儿童基本情况登记表" "printing the forms is in the audit trail"

# ---- completeness ----
DB="$WORK/db"
run 1 --lang en check --completeness
has "family income source" "the demo has no family income source"
run 1 --lang en check --completeness --school 白果村小学
has "missing something the official form requires" "the total of what is missing"
hasnt "石门乡中心学校" "only the school asked for"
has "(family_income)" "each gap with its name for scripts"
run 1 --lang zh check --completeness --school 白果村小学
has "    家庭经济来源：" "in Chinese each gap by its label"
hasnt "(family_income)" "with no schema name"
DB="$WORK/form"
run 1 --lang en check --completeness
has "Children in school: 3; missing something the official form requires: 3." "the roster's three children each miss something"
has "village and group (village): 1" "a village without its group"
run 1 check --completeness --school Nowhere

# ---- the term report counts only the incidents a login may see ----
# (as root, with throwaway logins as in access.sh)
DB="$WORK/db"
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the checks of roles make throwaway users: run as root"
users_make G=rpg U1=rpa U2=rpb U3=rpc U4=rpd
link "$U1" 2 mentor
link "$U2" 12 principal
link "$U3" 10 leader
link "$U4" 1 principal
share
as 0 "$U1" --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
hasnt "missing: 1" "a mentor's term report counts no incident he may not see"
has "No incident in the term" "and says there is none"
as 0 "$U1" report term --school 石门乡中心学校 --from "$from" --to "$today" --format csv
same "$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$1 == "incidents" && $3 == "missing" { print $5 }')" 0 \
    "nor does his CSV"
as 0 "$U2" --lang en report term --township --from "$from" --to "$today"
hasnt "missing: 1" "a village school's principal counts no other school's incident"
as 0 "$U3" --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
has "Call trees activated for incidents" "the leadership group sees the call tree activated"
hasnt "incident #1" "but not the number of an incident it may not see"
hasnt "missing: 1" "nor counts it"
as 0 "$U3" report term --school 石门乡中心学校 --from "$from" --to "$today" --format csv
hasnt "incident #1" "nor does its CSV name it"
as 0 "$U4" --lang en report term --school 石门乡中心学校 --from "$from" --to "$today"
has "missing: 1" "the school's principal counts the incident"
has ", for incident #1: call tree" "and sees its number"

finish

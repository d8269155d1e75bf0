#!/bin/sh
# The staff list (教职工通讯录) as a school uses it: a GBK sheet with its
# columns in another order imports and fills in the mentors the roster
# made; bad rows are named as the spreadsheet shows them; a dry run and
# a second import change nothing; export and import give the same list
# back; a call tree then puts a class under its class teacher with the
# mentor as backup; and the wall sheet (calltree print --wall) against a
# golden file, as PDF, and on one page for a school of 30 classes.
#
# The golden wall sheet is made from `shouhu demo --children 60 --seed
# 11`, in English, with the printed date fixed; remake it after an
# intended change with UPDATE_GOLDEN=1 make check TESTS=tests/staff.sh.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"
GOLDEN="$TOP_SRCDIR/tests/golden"
DATE=2025-05-06
SCHOOL=柳树乡中心学校

# versions: every staff member's id, name and version, one a line.
versions() {
	for id in $("$SHOUHU" --db "$DB" list staff --format csv |
	    tail -n +2 | cut -d, -f1); do
		"$SHOUHU" --db "$DB" show staff "$id" |
		    sed -n "1s/.*#\([0-9]*\) *\(.*\)/\1 \2/p; s/.*\(version [0-9]*\)$/\1/p" |
		    tr '\n' ' '
		echo
	done
}

# staff NAME: the staff member's line of "list staff --format csv".
staff() {
	"$SHOUHU" --db "$DB" list staff --format csv | tr -d '\r' |
	    grep "^[0-9]*,$1,"
}

# ---- usage ----
run 2 import staff && err_has "usage: shouhu import" "import staff without a file"
run 2 export staff --template && err_has "--template is not an option of the staff list" "the staff list has no template"
run 2 import staff "$D/staff-gbk.csv" --encoding latin1 &&
	err_has "auto, utf-8 or gb18030" "a bad --encoding"
run 0 help import && has "shouhu import staff FILE" "help import tells of the staff list"

# ---- the roster makes the mentors, without phones ----
run 0 init --school "$SCHOOL"
run 0 import roster "$D/roster-utf8.csv" && has "王丽 ($SCHOOL)" "the roster makes the mentor 王丽"
same "$(staff 王丽)" "1,王丽,$SCHOOL,,mentor,,,,,,3" "the mentor has no phone yet"

# ---- a GBK sheet, no BOM, columns in another order ----
before=$(versions)
run 0 import staff "$D/staff-gbk.csv" --dry-run &&
	has "6 rows of staff read (GB18030)" "the GBK sheet is read as GB18030"
has "nothing was written" "a dry run writes nothing"
has "staff: 3 added, 3 updated, 0 unchanged" "the dry run says what would change"
has "updated: 王丽 ($SCHOOL), 刘老师 ($SCHOOL), 赵老师 (桃花村小学)" "and whom it would change"
same "$(versions)" "$before" "after a dry run no version changed"
run 0 import staff "$D/staff-gbk.csv" && has "staff: 3 added, 3 updated, 0 unchanged" "the staff list is imported"
has "The staff list was imported." "the summary says so"
same "$(staff 王丽)" "1,王丽,$SCHOOL,13900000002,\"mentor,counsellor\",,,,,帮扶教师、心理辅导教师,3" \
	"the roster's mentor gets her phone, and roles are added to hers"
same "$(staff 孙梅)" "5,孙梅,$SCHOOL,13900000003,\"leader,class_teacher\",1,1,,管德育,德育主任，班主任,0" \
	"德育主任 is leadership, 一(1)班 the class headed, the post kept as written"
same "$(staff 周红)" "6,周红,$SCHOOL,13900000006,class_teacher,3,3,,,班主任,0" "3-3 is grade 3 class 3"
same "$(staff 赵老师)" "3,赵老师,桃花村小学,13900000005,\"principal,mentor\",,,,,校长,1" \
	"a teacher of another school is that school's"
before=$(versions)
run 0 import staff "$D/staff-gbk.csv" && has "staff: 0 added, 0 updated, 6 unchanged" "importing again changes nothing"
same "$(versions)" "$before" "no version changed"
run 0 check && has "consistent" "the database is consistent"

# ---- bad rows, named as the spreadsheet shows them ----
before=$(versions)
run 1 import staff "$D/staff-bad.csv"
B="$D/staff-bad.csv"
err_has "$B: row 2 (no. 1, 钱一): 电话 \"1390000001\": a mobile number has 11 digits" "a bad phone is named"
err_has "$B: row 3 (no. 2, 钱二): 职务 \"校医\": not a post known here" "an unknown post is named"
err_has "$B: row 5 (no. 4, 钱四): 班主任 \"第三排\": give a class as grade-class" "a class that cannot be read is named"
err_has "$B: row 7 (no. 6, 钱五): 姓名 \"钱五\" is also in row 6" "one name twice with one phone is refused"
ntest=$((ntest + 1))
case "$ERR" in
*"row 4 "*|*"row 9 "*) fail "三(2)班, 3-2 or a second 钱六 with another phone was refused: $ERR" ;;
*) pass "三(2)班 and 3-2 are read; two 钱六 with two phones are two people" ;;
esac
has "4 rows had errors" "the summary counts the bad rows"
has "staff: 4 added" "and what the good rows would give"
same "$(versions)" "$before" "nothing of a sheet with bad rows is written"
run 1 --lang zh import staff "$D/staff-bad.csv" && err_has "第2行 (序号 1, 钱一)" "the rows are named in Chinese too"
run 0 import staff "$D/staff-bad.csv" --skip-bad && has "staff: 4 added" "--skip-bad imports the good rows"
same "$(staff 钱三 | cut -d, -f5-7)" "class_teacher,3,2" "3-2 heads grade 3 class 2"
same "$(staff 钱六 | wc -l)" 2 "two 钱六 with two phones are two people"

# ---- export, and back ----
run 0 export staff -o "$WORK/staff.csv" && has "Wrote 10 staff members to $WORK/staff.csv" "the staff list is exported"
same "$(head -1 "$WORK/staff.csv" | tr -d '\r')" "$(printf '\357\273\277')学校,姓名,性别,职务,任班主任,电话,登录名,备注" \
	"the export has the import's columns, with a BOM"
grep -q "^$SCHOOL,孙梅,,德育主任、班主任,一年级1班,13900000003,,管德育" "$WORK/staff.csv"
same $? 0 "posts as imported and the class as a school writes them"
grep -q "^桃花村小学,赵老师,,校长、帮扶教师," "$WORK/staff.csv"
same $? 0 "a role no post names (the roster's mentor) follows the posts"
run 1 export staff -o "$WORK/staff.csv" && err_has "use --force" "an existing file is kept without --force"
run 0 export staff -o "$WORK/staff.csv" --force --encoding gb18030
same "$(iconv -f gb18030 -t utf-8 "$WORK/staff.csv" | sed -n 2p | cut -d, -f1)" "$SCHOOL" "--encoding gb18030 writes GB18030"
run 0 export staff -o "$WORK/staff.csv" --force
"$SHOUHU" --db "$DB" export staff >"$WORK/stdout.csv"
cmp -s "$WORK/staff.csv" "$WORK/stdout.csv"
same $? 0 "standard output gets the same bytes"
DB0=$DB
DB="$WORK/db2"
run 0 init --school "$SCHOOL"
run 0 import staff "$WORK/staff.csv" && has "staff: 10 added" "the export imports into an empty database"
run 0 export staff -o "$WORK/again.csv"
cmp -s "$WORK/staff.csv" "$WORK/again.csv"
same $? 0 "and exports the same again"
DB=$DB0

# ---- the call tree: a class under its class teacher, the mentor as backup ----
run 0 --lang en calltree generate --school "$SCHOOL"
run 0 --lang en calltree print --school "$SCHOOL" --date $DATE
line=$(printf '%s\n' "$OUT" | grep "孙梅 class teacher")
ntest=$((ntest + 1))
case "$line" in
*"13900000003  王丽 13900000002"*) pass "the class teacher's backup is the children's mentor" ;;
*) fail "the class teacher's line: $line" ;;
esac
pos=$(printf '%s\n' "$line" | sed 's/.*\] \([0-9.]*\) 孙梅.*/\1/')
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q "\] $pos\.[0-9]* 王秀英 grandmother" &&
	pass "grade 1 class 1's family is called by its class teacher" ||
	fail "王秀英 is not under $pos"
run 0 calltree check --school "$SCHOOL" && has "every rule" "the tree keeps every rule"

# ---- the wall sheet ----
DB="$WORK/demo"
"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null
DEMO=石门乡中心学校
run 0 calltree generate --school "$DEMO"
run 0 --lang en calltree print --school "$DEMO" --wall --date $DATE -o "$WORK/wall.txt"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$WORK/wall.txt" "$GOLDEN/calltree-wall.txt"
	chmod 644 "$GOLDEN/calltree-wall.txt"
fi
ntest=$((ntest + 1))
if cmp -s "$WORK/wall.txt" "$GOLDEN/calltree-wall.txt"; then
	pass "the wall sheet is the golden one"
else
	fail "the wall sheet differs from tests/golden/calltree-wall.txt:"
	diff "$GOLDEN/calltree-wall.txt" "$WORK/wall.txt" | head -20
fi
if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then
	run 0 calltree print --school "$DEMO" --wall -o "$WORK/wall.pdf"
	same "$(pdfinfo "$WORK/wall.pdf" | sed -n 's/^Pages: *//p')" 1 "the wall sheet is one PDF page"
	pdftotext -layout "$WORK/wall.pdf" "$WORK/wall-pdf.txt"
	for p in 13940771642 0739-4804910 18214733518; do
		ntest=$((ntest + 1))
		grep -q "$p" "$WORK/wall-pdf.txt" && pass "the PDF gives back $p" ||
			fail "no $p in the PDF"
	done
fi

# To lp, as a PDF titled as the wall sheet, and in GB18030 for a
# dot-matrix printer.
fake_lp
oldpath=$PATH
PATH="$WORK/bin:$PATH"
run 0 --lang en calltree print --school "$DEMO" --wall --date $DATE --lp &&
	has "job 办公室-7" "the wall sheet goes to lp"
same "$(head -c 5 "$WORK/lp.in")" "%PDF-" "as a PDF"
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$DEMO emergency contacts $DATE|" "titled as the wall sheet"
run 0 --lang en calltree print --school "$DEMO" --wall --date $DATE --lp --encoding gb18030
same "$(iconv -f gb18030 -t utf-8 <"$WORK/lp.in")" "$(cat "$WORK/wall.txt")" "in GB18030, the same sheet"
PATH=$oldpath

# A school of 30 classes in the demo township (with its offices): one
# page of 60 lines.
sur="赵 钱 孙 李 周 吴 郑 王 冯 陈 褚 卫 蒋 沈 韩 杨 朱 秦 尤 许 何 吕 施 张 孔 曹 严 华 金 魏"
{
	printf '学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话\n'
	n=0
	for s in $sur; do
		g=$((n / 5 + 1)) c=$((n % 5 + 1)) n=$((n + 1))
		printf '大河乡中心学校,%s,%s,%s小明,男,201%s-03-07,%s奶奶,祖母,1381234%04d\n' \
		    $g $c "$s" $((6 - g / 2)) "$s" $n
	done
} >"$WORK/big-roster.csv"
{
	printf '学校,姓名,职务,任班主任,电话\n'
	printf '大河乡中心学校,欧阳建国,校长,,13700000000\n'
	printf '大河乡中心学校,上官红,副校长,,13700000100\n'
	n=0
	for s in $sur; do
		g=$((n / 5 + 1)) c=$((n % 5 + 1)) n=$((n + 1))
		printf '大河乡中心学校,%s老师,班主任,%s-%s,1370000%04d\n' "$s" $g $c $n
	done
} >"$WORK/big-staff.csv"
run 0 import roster "$WORK/big-roster.csv" && has "children: 30 added" "30 classes of children"
run 0 import staff "$WORK/big-staff.csv" && has "staff: 32 added" "and their 30 class teachers"
# The posts go back to the school as they came: 副校长 is no 领导小组.
printf '学校,姓名,职务,电话\n大河乡中心学校,皇甫明,德育主任,13700000200\n大河乡中心学校,司马云,教导主任、语文教师,13700000201\n' >"$WORK/posts.csv"
run 0 import staff "$WORK/posts.csv"
run 0 export staff --school 大河乡中心学校 -o "$WORK/posts-out.csv"
same "$(grep -E '上官红|皇甫明|司马云' "$WORK/posts-out.csv" | cut -d, -f2,4 | tr '\n' ' ')" \
    "上官红,副校长 皇甫明,德育主任 司马云,教导主任、语文教师 " \
    "副校长, 德育主任 and 教导主任 are exported as imported"
run 0 import staff "$WORK/posts-out.csv" && has "0 added, 0 updated" "and import again unchanged"
run 0 export staff --school 大河乡中心学校 -o "$WORK/posts-again.csv"
cmp -s "$WORK/posts-out.csv" "$WORK/posts-again.csv"
same $? 0 "export, import, export: the same 职务"
run 0 calltree generate --school 大河乡中心学校
run 0 --lang zh calltree print --school 大河乡中心学校 --wall
ntest=$((ntest + 1))
lines=$(printf '%s\n' "$OUT" | wc -l)
[ "$lines" -le 60 ] && pass "30 classes fit one page ($lines lines)" || fail "the wall sheet is $lines lines"
ntest=$((ntest + 1))
case "$OUT" in
*"\f"*) fail "the wall sheet has a second page" ;;
*) pass "no second page" ;;
esac
has "一年级1班 赵老师 13700000001" "the first class teacher, with her phone"
has "六年级5班 魏老师 13700000030" "the last one"
has "上官红 13700000100" "the leadership"
# A class of more families than the limit is split over its class
# teacher and the children's mentor.
{
	printf '学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人电话,帮扶教师\n'
	printf '大河乡中心学校,1,1,%s,女,2019-03-01,%s,%s,上官红\n' \
	    赵大妹 钱大婆 13912340001 赵二妹 钱二婆 13912340002 \
	    赵三妹 钱三婆 13912340003
} | sed 's/$/\r/' | tr -d '\r' >"$WORK/big-more.csv"
run 0 import roster "$WORK/big-more.csv" && has "children: 3 added" "three more children in grade 1 class 1"
run 0 --lang en calltree generate --school 大河乡中心学校 --name 分班 --family-limit 2
run 0 --lang en calltree print --tree 分班
# calls NAME: the families the staff line of NAME calls.
calls() {
	p=$(printf '%s\n' "$OUT" | sed -n "s/.*\] \([0-9.]*\) $1 .*/\1/p" | head -1)
	printf '%s\n' "$OUT" | grep -c "\] $p\.[0-9]* [^ ]* \(grandmother\|maternal\|guardian\|other\)"
}
same "$(calls 赵老师)" 2 "the class teacher calls as many families as the limit"
same "$(calls 上官红)" 2 "the mentor calls the rest of her class"
run 0 calltree check --tree 分班 && has "every rule" "the split tree keeps every rule"

# Shorter pages: the class teachers go in two columns to stay on one.
run 0 --lang zh calltree print --school 大河乡中心学校 --wall --page-lines 45
ntest=$((ntest + 1))
lines=$(printf '%s\n' "$OUT" | wc -l)
[ "$lines" -le 45 ] && pass "on pages of 45 lines it still fits ($lines lines)" || fail "the wall sheet is $lines lines"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q "一年级1班 赵老师 13700000001 .*年级.*班 .*老师 1370000" &&
	pass "the class teachers are in two columns" || fail "one column: $OUT"

# The demo's whole staff list, junior classes (初一1班) too, goes out
# and comes back in as it was.
DB="$WORK/demo-staff"
run 0 demo --children 300 --seed 2
run 0 export staff -o "$WORK/demo-staff.csv"
grep -q '初一' "$WORK/demo-staff.csv"
same $? 0 "the demo's staff list heads a junior class"
DB="$WORK/demo-staff-2"
run 0 init
run 0 import staff "$WORK/demo-staff.csv"
run 0 export staff -o "$WORK/demo-staff-2.csv"
cmp -s "$WORK/demo-staff.csv" "$WORK/demo-staff-2.csv"
same $? 0 "the demo's staff list round-trips, junior classes too"


# A second principal of one school is taken, with a warning naming both.
DB="$WORK/principals"
run 0 init
printf '学校,姓名,职务,电话\n柳树小学,王丽,校长,13800000001\n柳树小学,李强,校长、班主任,13800000002\n' >"$WORK/two-heads.csv"
run 0 --lang zh import staff "$WORK/two-heads.csv" &&
	err_has "李强是柳树小学的第二位校长，该校已有校长王丽" "a second principal is warned of, naming both"
has "有两位校长，请核对： 王丽、李强 (柳树小学)" "the summary says it"
has "新增 2" "and both are imported"
run 0 --lang en import staff "$WORK/two-heads.csv" && has "2 unchanged" "importing again changes nothing"
hasnt "principals" "and says nothing more"

# A note or a signature line under the table is skipped with a warning;
# a row with a post but no name, or no school, is still refused, saying
# the cell is required.
DB="$WORK/notes"
run 0 init --school 青山镇中心学校
printf '学校,姓名,职务,电话\n青山镇中心学校,马化,帮扶教师,13511112228\n填表人：张三 审核人：李四,,,\n' >"$WORK/note.csv"
run 0 import staff "$WORK/note.csv" && has "staff: 1 added" "a signature line under the table does not block the list"
err_has 'row 3: warning: "填表人：张三 审核人：李四" is not a staff member' "the line is skipped with a warning"
printf '学校,姓名,职务,电话\n青山镇中心学校,,班主任,\n,李芳,班主任,13511113333\n' >"$WORK/noname.csv"
run 1 --lang zh import staff "$WORK/noname.csv" &&
	err_has "第2行: 姓名未填写，这一栏必须填写" "a staff row without its name is refused, in the words of the roster"
err_has "第3行 (李芳): 学校未填写，这一栏必须填写" "and one without its school"
ntest=$((ntest + 1))
case "$ERR" in
*空文件*) fail "an empty cell is called an empty file: $ERR" ;;
*) pass "an empty cell is no empty file" ;;
esac

# With --school, 姓名 and a phone are header enough; a title above them
# is skipped, saying so.
printf '青山镇中心学校教职工通讯录\n姓名,手机号码\n李芳,13511113333\n' >"$WORK/short.csv"
run 0 import staff "$WORK/short.csv" --school 青山镇中心学校 &&
	has "staff: 1 added" "姓名 and 手机号码 make a header when --school names the school"
err_has "the header row names 姓名 and at least one more" "the title above it is skipped, saying what a header needs"
same "$(staff 李芳 | cut -d, -f2-4)" "李芳,青山镇中心学校,13511113333" "the teacher is of that school, with her phone"
run 1 import staff "$WORK/short.csv" && err_has "has no header row" "without --school 学校 is needed"
# 电话号码 and 联系方式 are phone columns too.
n=0
for h in 电话号码 联系方式; do
	n=$((n + 1))
	who=$(printf '%s\n' 王一丹 王二丹 | sed -n "${n}p")
	printf '姓名,%s\n%s,1351112000%s\n' "$h" "$who" "$n" >"$WORK/ph.csv"
	run 0 import staff "$WORK/ph.csv" --school 青山镇中心学校
	same "$(staff "$who" | cut -d, -f2-4)" \
	    "$who,青山镇中心学校,1351112000$n" "a phone column headed $h is read"
done


# The problems come in row order, those found while writing (a login
# another staff member has) with those found while reading.
DB="$WORK/order"
run 0 init
printf '学校,姓名,电话,登录名\n柳树小学,王丽,13800000001,wangli\n' >"$WORK/first.csv"
run 0 import staff "$WORK/first.csv"
printf '学校,姓名,电话,登录名\n柳树小学,李强,13800000002,wangli\n柳树小学,张三,1380000,\n' >"$WORK/order.csv"
run 1 import staff "$WORK/order.csv"
same "$(printf '%s\n' "$ERR" | grep -o ': row [0-9]*' | tr -d '\n')" ": row 2: row 3" \
    "the problems in row order"

finish

#!/bin/sh
# The roster commands as a school uses them: import roster and export
# roster, their options, exit codes and messages; the sample rosters in
# tests/data; export then import into an empty database; and kill -9 in
# the middle of a large import, after which `shouhu check` passes and
# nothing has changed.
. "$TOP_SRCDIR/tests/lib.sh"

D="$TOP_SRCDIR/tests/data"

# children: the number of children in $DB.
children() {
	"$SHOUHU" --db "$DB" list children --format csv | tail -n +2 | wc -l
}

# ---- usage ----
run 2 import && err_has "usage: shouhu import roster FILE" "import without operands"
run 2 import roster && err_has "usage: shouhu import" "import without a file"
run 2 import pupils "$D/roster-utf8.csv" && err_has "the kinds are roster and staff" "import of another kind"
run 2 import roster "$D/roster-utf8.csv" --encoding latin1 &&
	err_has "auto, utf-8 or gb18030" "a bad --encoding"
run 2 export roster --encoding auto && err_has "utf-8 or gb18030" "export has no auto encoding"
run 2 export pupils && err_has "the kinds are roster and staff" "export of another kind"
run 2 export roster --dry-run && err_has "unknown option" "export has no --dry-run"
run 0 help import && has "--skip-bad" "help import lists the options"
has "--encoding ENCODING" "help import: --encoding"
run 0 help export && has "-o, --output FILE" "help export lists -o"
has "--template" "help export: --template"
run 1 import roster "$D/roster-utf8.csv" && err_has "shouhu init" "no database"

# ---- importing ----
run 0 init --school 柳树乡中心学校
run 1 import roster "$WORK/nothing.csv" && err_has "cannot open" "a missing file"
run 0 import roster "$D/roster-utf8.csv" && has "children: 8 added" "the roster is imported"
has "3 staff members created: 王丽 (柳树乡中心学校), 刘老师 (柳树乡中心学校), 赵老师 (桃花村小学)" "the summary lists the staff made"
has "1 school created: 桃花村小学" "the summary lists the schools made"
has "Imported." "the summary ends with what became of it"
same "$(children)" 8 "eight children"
run 0 import roster "$D/roster-utf8.csv" && has "children: 0 added, 0 updated, 8 unchanged" "importing twice changes nothing"
has "contacts: 0 added, 0 updated; contact cards: 0 people linked, 0 links changed" "no contact twice"
run 0 import roster "$D/roster-gbk.csv" && has "(GB18030)" "GBK is recognised"
has "8 unchanged" "the GBK roster is the same roster"
run 0 import roster "$D/roster-lf.csv" && has "8 unchanged" "LF and English headers: the same roster"
err_has 'roster-lf.csv: row 1: warning: the column "家庭人口" is not known and is ignored' "an unknown column is warned about"
run 0 check && has "consistent" "the database is consistent"
run 0 show child 1 && has "Contact card" "show child after the import"
has "王秀英  grandmother  [entrusted guardian]" "the guardian comes first"

# ---- problems ----
run 1 import roster "$D/roster-bad.csv" && err_has "roster-bad.csv: row 4 (李日期): 出生日期 \"2015-13-45\"" "a bad date is named by its row, as the spreadsheet shows it"
err_has "roster-bad.csv: row 11: a quote in the wrong place" "a stray quote, after a row of two lines"
err_has 'roster-bad.csv: row 5 (王电话): 父亲电话 "1.38E+10": looks like a number mangled by Excel' "Excel's damage to a phone"
err_has 'roster-bad.csv: row 7 (锟斤拷): 姓名 "锟斤拷": damaged text' "mojibake"
err_has "roster-bad.csv: row 9 (孙多列): 23 fields, more than the 22 of the header row" "too many fields"
err_has "roster-bad.csv: row 10 (周少列): 10 fields, fewer than the 22 of the header row" "too few fields"
has "Nothing was imported" "bad rows: nothing imported"
same "$(children)" 8 "a roster with bad rows changes nothing"
run 0 import roster "$D/roster-bad.csv" --dry-run --skip-bad && has "Nothing was written (--dry-run)" "a dry run says so"
has "children: 2 added" "a dry run tells what would be done"
same "$(children)" 8 "a dry run writes nothing"
run 0 import roster "$D/roster-bad.csv" --skip-bad && has "15 rows with errors were skipped" "--skip-bad imports the good rows"
same "$(children)" 10 "the two good rows are in"
# The problems come in the spreadsheet's row order, those found while
# writing (the age given by row 2's birth date) with the others.
{
	head -n 1 "$D/roster-utf8.csv"
	echo "柳树乡中心学校,三年级,2班,张老年,男,汉族,1900-03-07,,柳树村3组,否,张伟,广东省东莞市,13812345678,,,,,,,较好,,"
	echo "柳树乡中心学校,三年级,2班,张电话,男,汉族,2016-03-07,,柳树村3组,否,张伟,广东省东莞市,1381234,,,,,,,较好,,"
} >"$WORK/order.csv"
run 1 import roster "$WORK/order.csv"
same "$(printf '%s\n' "$ERR" | grep -o ': row [0-9]*' | tr -d '\n')" ": row 2: row 3" \
    "the problems in row order"
run 1 import roster "$D/roster-nobirth.csv" && err_has "there is no column 出生日期" "a missing required column"
err_has "header row" "the header is blamed"
run 1 import roster "$D/roster-unclosed.csv" && err_has "roster-unclosed.csv: row 3: a quoted field is not closed" "an unclosed quote"
printf 'PK\003\004' >"$WORK/book.xlsx"
run 1 import roster "$WORK/book.xlsx" && err_has "not CSV" "an Excel workbook is refused"

# Each problem names the row as Excel and WPS show it (the 备注 of three
# lines above it does not shift it), the 序号 and the child's name.
run 1 import roster "$D/roster-seq.csv" &&
	err_has 'roster-seq.csv: row 13 (no. 12, 张三): 父亲电话 "12345": a mobile number has 11 digits' "the row, 序号 and name of a problem"
has "the rows with errors, as the spreadsheet numbers them: 13" "the summary names the rows as the spreadsheet does"
run 1 --lang zh import roster "$D/roster-seq.csv" &&
	err_has 'roster-seq.csv: 第13行 (序号 12, 张三): 父亲电话 "12345": 手机号码应为 11 位' "the same in Chinese"

# What is no roster file is refused at once, not read for ever.
refused() {
	ntest=$((ntest + 1))
	timeout 20 "$SHOUHU" --db "$DB" import roster "$1" >"$WORK/out" 2>"$WORK/err"
	got=$?
	if [ $got -ne 1 ] || ! grep -q "$2" "$WORK/err"; then
		fail "import roster $1: exit $got, $(cat "$WORK/err")"
	else
		pass "import roster $1 is refused: $2"
	fi
}
refused /dev/zero "is not a file but a device"
mkfifo "$WORK/fifo" && refused "$WORK/fifo" "is not a file but a pipe"
refused "$WORK" "is not a file but a directory"
head -c 2000000 /dev/zero | tr '\0' a >"$WORK/long.csv"
refused "$WORK/long.csv" "row 1 has a line longer than 1024 KB"

# ---- exporting ----
DB="$WORK/a"
run 0 init
run 0 import roster "$D/roster-utf8.csv"
run 0 export roster -o "$WORK/out.csv" && has "Wrote 8 children to $WORK/out.csv" "export -o"
same "$(stat -c %a "$WORK/out.csv")" 600 "the roster file is private"
# Never over an existing file (the school's own roster) without --force.
cp "$WORK/out.csv" "$WORK/kept.csv"
printf 'the school roster\n' >"$WORK/school.csv"
run 1 export roster -o "$WORK/school.csv" && err_has "school.csv exists (18 bytes" "an existing file is refused"
err_has "use --force" "the refusal says how to replace it"
same "$(cat "$WORK/school.csv")" "the school roster" "the existing file is untouched"
run 0 export roster -o "$WORK/school.csv" --force && has "Wrote 8 children" "--force replaces it"
cmp -s "$WORK/out.csv" "$WORK/school.csv"
same $? 0 "with the roster"
run 0 help export && has "--force" "help export lists --force"
same "$(head -c 3 "$WORK/out.csv" | od -An -tx1 | tr -d ' ')" efbbbf "UTF-8 with a BOM"
same "$(head -1 "$WORK/out.csv" | tail -c 2 | od -An -tx1 | tr -d ' ')" 0d0a "CRLF line ends"
same "$(wc -l <"$WORK/out.csv")" 10 "a header and a row per child (one has two lines)"
# show child: the note's second line under its first, not at the margin.
hong=$("$SHOUHU" --db "$DB" list children --search 张小红 --format csv |
    sed -n 2p | cut -d, -f1)
run 0 show child "$hong"
first=$(printf '%s\n' "$OUT" | grep '外号' | sed 's/外号.*//' | wc -m)
second=$(printf '%s\n' "$OUT" | grep '^ *喜欢唱歌' | sed 's/喜欢唱歌.*//' | wc -m)
same "$second" "$first" "a note of two lines shows its second line under the first"
"$SHOUHU" --db "$DB" export roster >"$WORK/stdout.csv" 2>/dev/null
cmp -s "$WORK/out.csv" "$WORK/stdout.csv"
same $? 0 "export to standard output writes the same"
run 0 export roster --template -o "$WORK/t.csv"
same "$(wc -l <"$WORK/t.csv")" 1 "--template writes the header row alone"
"$SHOUHU" --db "$WORK/none" export roster --template >"$WORK/t2.csv" 2>"$WORK/err"
same $? 0 "--template needs no database"
cmp -s "$WORK/t.csv" "$WORK/t2.csv"
same $? 0 "the same template"
run 0 export roster --school 桃花村小学 && has "李思远" "--school exports that school"
hasnt "张小明" "--school leaves out the others"
run 1 export roster --school 没有 && err_has 'no school named "没有"' "export of an unknown school"
run 0 export roster --encoding gb18030 -o "$WORK/gb.csv"
tail -c +4 "$WORK/out.csv" >"$WORK/nobom.csv"
iconv -f GB18030 -t UTF-8 "$WORK/gb.csv" >"$WORK/gb-utf8.csv"
cmp -s "$WORK/nobom.csv" "$WORK/gb-utf8.csv"
same $? 0 "--encoding gb18030 writes the same roster in GB18030"

# Export, import into an empty database, export again: the same bytes.
for f in out.csv gb.csv; do
	DB="$WORK/copy-$f"
	enc=utf-8
	[ $f = gb.csv ] && enc=gb18030
	run 0 init
	run 0 import roster "$WORK/$f" && has "children: 8 added" "$f imports into an empty database"
	run 0 export roster -o "$WORK/again-$f" --encoding $enc
	cmp -s "$WORK/$f" "$WORK/again-$f"
	same $? 0 "export, import, export: $f is the same"
done

# ---- the official form's columns ----
DB="$WORK/form"
run 0 init --school 柳树乡中心学校
run 0 import roster "$D/roster-form.csv" && has "children: 3 added" "a roster with the official form's columns"
run 0 show child 1 && has "Disability category" "show names the disability category"
has "physical" "肢体 is the physical category"
has "level 3" "三级 is level 3"
has "medical assistance" "医疗救助 is an aid"
has "湖南省邵阳市隆回县柳树乡" "户籍所在地 is the household registration"
run 0 show child 2 && has "in prison" "why the other parent cannot care"
has "one away, the other unable to care" "留守类型 is taken as given"
run 0 show contact 1 && has "430523195603120023" "the guardian's ID number"
has "grandmother, call order 1" "奶奶 is the grandmother"
run 0 show child 1 && has "张德明  grandfather" "祖父姓名 adds the grandfather"
has "13800001111" "爷爷电话 is the grandfather's phone"
run 0 show child 2
same "$(printf '%s\n' "$OUT" | grep -c 周桂兰)" 1 "the guardian named as the 外祖母 too is one person"
has "周桂兰  maternal grandmother  [entrusted guardian]" "the 外祖母 is the entrusted guardian"
run 0 list children --format csv && has "family_income" "the CSV list has the fields that are not private"
hasnt "disability" "the CSV list leaves out the disability, which is private"
run 0 import roster "$D/roster-form-gbk.csv" && has "(GB18030)" "the same roster in GBK"
has "3 unchanged" "the GBK roster gives the same records"
run 0 export roster -o "$WORK/form.csv"
for col in 祖父姓名 祖父电话 祖母姓名 祖母电话 外祖父姓名 外祖父电话 外祖母姓名 外祖母电话 户籍所在地 身体状况 残疾类别 残疾等级 受助情况 家庭经济来源 留守类型 重点帮扶 监护人身份证号; do
	OUT=$(head -n 1 "$WORK/form.csv")
	has "$col" "the export has the column $col"
done
OUT=$(cat "$WORK/form.csv")
has ",残疾,肢体,三级," "the export writes the disability as the form does"
has "两免一补、医疗救助" "the export writes the aid"
has "	430523196007140049" "the export writes the guardian's ID number"
DB="$WORK/form2"
run 0 init
run 0 import roster "$WORK/form.csv" && has "children: 3 added" "the export imports"
run 0 export roster -o "$WORK/form2.csv"
cmp -s "$WORK/form.csv" "$WORK/form2.csv"
same $? 0 "export, import, export with the form's columns: the same bytes"
run 1 import roster "$D/roster-form-bad.csv"
err_has 'row 2 (no. 1, 王一): 残疾等级 "五级": not one of' "a level beyond 四级 is named"
err_has 'row 3 (no. 2, 王二): 监护人身份证号 "430523195603120024": the check digit' "a guardian's ID number with a wrong check digit"
err_has 'row 4 (no. 3, 王三): 监护人身份证号 is given, but not 监护人姓名' "an ID number without the guardian"
err_has 'row 5 (no. 4, 王四): Disability category "sight" is only for a child whose Health is "disabled"' "a disability with health 健康"
DB="$WORK/form"
run 0 list children --format csv
same "$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)" 3 "nothing of the bad rosters was imported"

# What schools write for none (无, /, -, ——) in the form's columns of
# categories is an empty cell in each of them; 重病 and 患病 are both
# the parent's serious illness, and the error offers 重病 as the export
# and the manual write it.
DB="$WORK/none"
run 0 init --school 柳树乡中心学校
{
	echo 学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,身体状况,残疾类别,残疾等级,受助情况,留守类型,无监护能力原因
	n=0
	for v in 无 / - —— ' 无 ' ／; do
		n=$((n + 1))
		echo "柳树乡中心学校,三年级,2班,王$(echo 一二三四五六 | cut -c$((3 * n - 2))-$((3 * n))),男,2016-03-0$n,王奶奶,祖母,1381234000$n,健康,$v,$v,$v,父母均外出,$v"
	done
	echo "柳树乡中心学校,三年级,2班,李一,男,2016-03-08,李奶奶,祖母,13812340008,健康,,,,一方外出另一方无监护能力,患病"
	echo "柳树乡中心学校,三年级,2班,李二,男,2016-03-09,李奶奶,祖母,13812340009,健康,,,,一方外出另一方无监护能力,重病"
} >"$WORK/none.csv"
run 0 import roster "$WORK/none.csv" && has "children: 8 added" "无, /, -, —— are no value in every column of categories"
run 0 show child 7 && has "serious illness" "患病 is a serious illness of the parent"
run 0 show child 8 && has "serious illness" "and so is 重病"
run 0 export roster -o "$WORK/none-out.csv"
same "$(grep -c ',李.,.*,一方外出另一方无监护能力,重病' "$WORK/none-out.csv")" 2 "the export writes 重病"
printf '学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,留守类型,无监护能力原因\n柳树乡中心学校,三年级,2班,李三,男,2016-03-10,李奶奶,祖母,13812340010,一方外出另一方无监护能力,病\n' >"$WORK/ill.csv"
run 1 --lang zh import roster "$WORK/ill.csv" &&
	err_has '无监护能力原因 "病": 只能是以下之一：重病, 残疾, 服刑, 其他' "the error offers 重病, as the export writes it"

# ---- kill -9 in the middle of a large import ----
DB="$WORK/big"
run 0 demo --children 30000 --seed 4
run 0 export roster -o "$WORK/big.csv"
DB="$WORK/target"
run 0 init
run 0 import roster "$D/roster-utf8.csv"
before=$(children)
dump_before=$("$SHOUHU" --db "$DB" list children --format csv | cut -d, -f1-12 | sort)
[ -d /proc/self/fdinfo ] || skip "no /proc to see the import at work"
# The import writes its checked rows to a private temporary file
# (shouhu-import.*, unlinked) and reads it back inside the write
# transaction: its position below its size means that transaction is
# open.
applying() {
	for fd in /proc/"$1"/fd/*; do
		case $(readlink "$fd" 2>/dev/null) in
		*shouhu-import.*) ;;
		*) continue ;;
		esac
		size=$(stat -L -c %s "$fd" 2>/dev/null) || return 1
		pos=$(awk '/^pos:/ { print $2 }' "/proc/$1/fdinfo/${fd##*/}" \
		    2>/dev/null)
		[ -n "$pos" ] && [ "$size" -gt 0 ] && [ "$pos" -lt "$size" ] &&
			return 0
	done
	return 1
}
conclusive=0
rm -rf "$WORK/pristine"
cp -R "$DB" "$WORK/pristine"
# Up to six tries (0, 0.3, 0.6 s into the writing, twice): an import that
# finishes before the kill (a fast or an idle machine) is all or nothing
# too, and the next try starts again from the same database.
for delay in 0 0.3 0.6 0 0.3 0.6; do
	[ $conclusive -ge 3 ] && break
	rm -rf "$DB"
	cp -R "$WORK/pristine" "$DB"
	"$SHOUHU" --db "$DB" import roster "$WORK/big.csv" >/dev/null 2>&1 &
	pid=$!
	# Up to two minutes of checking the file first, on a busy machine.
	t0=$(date +%s)
	while [ $(($(date +%s) - t0)) -lt 120 ] && kill -0 $pid 2>/dev/null &&
	    ! applying $pid; do
		sleep 0.01
	done
	sleep $delay
	killed=0
	if applying $pid && kill -9 $pid 2>/dev/null; then
		conclusive=$((conclusive + 1))
		killed=1
	fi
	wait $pid 2>/dev/null
	run 0 check && has "consistent" "check after kill -9 (${delay} s into the writing)"
	now=$(children)
	if [ "$now" -ne "$before" ]; then
		# Finished before the kill: then all of it, never a part.
		same "$now" $((before + 30000)) "all or nothing (${delay} s)"
		[ $killed = 1 ] && conclusive=$((conclusive - 1))
		continue
	fi
	same "$now" "$before" "kill -9 while writing changes nothing (${delay} s)"
	dump_after=$("$SHOUHU" --db "$DB" list children --format csv | cut -d, -f1-12 | sort)
	same "$dump_after" "$dump_before" "the same children after kill -9 (${delay} s)"
done
ntest=$((ntest + 1))
if [ $conclusive -ge 2 ]; then
	pass "killed while writing $conclusive times"
else
	fail "the import could not be killed while writing ($conclusive)"
fi
run 0 import roster "$D/roster-update.csv" && has "children: 1 added" "a writer after the kills is not blocked"
finish

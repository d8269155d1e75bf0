#!/bin/sh
# Emergency call trees from the command line: making, checking, printing
# (against golden files, in display columns, on pages), handing the sheet
# to lp (a stand-in on PATH that records what it gets), drills and what
# they do to the contact cards, contact cards on paper.
#
# The golden files are made from `shouhu demo --children 60 --seed 11`,
# in English, with the printed date fixed.  After an intended change of
# the layout or of the demo, remake them with
#	UPDATE_GOLDEN=1 make check TESTS=tests/calltree.sh
# and read the difference before committing it.
. "$TOP_SRCDIR/tests/lib.sh"

DATE=2025-05-06

# widest FILE: the widest line in display columns (Chinese counts two).
widest() {
	tr -d '\f' <"$1" | wc -L
}

# longest_page FILE: the most lines on one page (pages end at form feeds).
longest_page() {
	awk 'BEGIN { RS = "\f" } { n = gsub(/\n/, "\n"); if (n > m) m = n }
	    END { print m + 0 }' "$1"
}

# Usage errors come before the database is opened.
run 2 calltree && err_has "usage: shouhu calltree" "calltree needs a subcommand"
run 2 calltree frobnicate && err_has 'no calltree command "frobnicate"' "an unknown subcommand"
run 2 calltree print && err_has "needs either --school or --tree" "print needs a tree"
run 2 calltree generate --school A --tree B && err_has "--tree does not go with" "an option of another subcommand"
run 2 calltree generate --school A --township && err_has "needs either --school or --township" "a school or the township, not both"
run 2 calltree print --tree T --width 10 && err_has "--width" "a width too narrow"
run 2 calltree drill --tree T && err_has "needs --start" "a drill needs its start"
run 2 calltree drill --tree T --start 07:30 1.1=25:99 && err_has "not a time of day" "a bad time"
run 2 calltree drill --tree T --start 07:30 1.1 && err_has "POSITION=07:42" "a result without ="
run 2 print cards && err_has "needs --school" "cards need a school"
run 2 print trees --school A && err_has 'cannot print "trees"' "print knows cards only"
run 1 calltree list && err_has "shouhu init" "no database"

run 0 demo --children 60 --seed 11
run 0 list schools --format csv
SCHOOL=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR == 2 { print $2 }')
OTHER=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR == 3 { print $2 }')
run 1 calltree print --school "$SCHOOL" && err_has "has no call tree yet" "no tree yet"
run 1 calltree generate --school 没有这个学校 && err_has "no school named" "an unknown school"

run 0 --lang en calltree generate --school "$SCHOOL" &&
	has "version 1" "generate makes version 1"
has "47 children, each on one line" "every child in school is on one line"
TREE="$SCHOOL call tree"
run 0 calltree check --tree "$TREE" && has "keeps every rule" "the tree keeps the rules"
run 0 --lang en calltree generate --school "$SCHOOL" &&
	has "version 2" "making it again is a new version"
run 1 --lang en calltree generate --school "$OTHER" --name "$TREE" &&
	err_has "already kept for" "a name is one school's"
run 0 calltree list && has "$TREE" "the list has the tree"
has "none" "not drilled yet"

# Golden sheets: the default layout, and a narrow one on short pages.
run 0 --lang en calltree print --tree "$TREE" --date $DATE -o "$WORK/sheet80.txt"
golden calltree-80.txt "$WORK/sheet80.txt" "the printed sheet, 80 columns"
mode=$(stat -c %a "$WORK/sheet80.txt")
same "$mode" 600 "the sheet file is private"
printf 'old\n' >"$WORK/shared.txt"
chmod 644 "$WORK/shared.txt"
run 0 --lang en calltree print --tree "$TREE" --date $DATE -o "$WORK/shared.txt"
same "$(stat -c %a "$WORK/shared.txt")" 600 "a file already there is made private too"
cmp -s "$WORK/shared.txt" "$WORK/sheet80.txt"
same $? 0 "and holds the sheet"
run 0 --lang en calltree print --tree "$TREE" --date $DATE --width 60 --page-lines 24 -o "$WORK/sheet60.txt"
golden calltree-60.txt "$WORK/sheet60.txt" "the printed sheet, 60 columns, 24 lines a page"
run 0 --lang en print cards --school "$SCHOOL" --class 1-1 --date $DATE -o "$WORK/cards.txt"
golden cards-1-1.txt "$WORK/cards.txt" "contact cards of a class"

# Widths in display columns and page lengths, in Chinese too.
for lang in en zh; do
	for w in 60 80 132; do
		run 0 --lang $lang calltree print --tree "$TREE" --width $w --page-lines 30 -o "$WORK/s.txt"
		got=$(widest "$WORK/s.txt")
		ntest=$((ntest + 1))
		if [ "$got" -le $w ]; then pass "$lang: no line wider than $w ($got)"; else fail "$lang: a line of $got columns in --width $w"; fi
		got=$(longest_page "$WORK/s.txt")
		ntest=$((ntest + 1))
		if [ "$got" -le 30 ]; then pass "$lang $w: pages of at most 30 lines"; else fail "$lang $w: a page of $got lines"; fi
	done
	run 0 --lang $lang print cards --school "$SCHOOL" --width 60 --page-lines 30 -o "$WORK/c.txt"
	got=$(widest "$WORK/c.txt")
	ntest=$((ntest + 1))
	if [ "$got" -le 60 ]; then pass "$lang: cards fit 60 columns"; else fail "$lang: a card line of $got columns"; fi
done

# Every page has its header with "page x/y", y the number of pages.
pages=$(($(tr -cd '\f' <"$WORK/sheet60.txt" | wc -c) + 1))
heads=$(grep -c "page [0-9]*/$pages\$" "$WORK/sheet60.txt")
same "$heads" "$pages" "each of the $pages pages has its header"
grep -q "activated by principal" "$WORK/sheet60.txt"
same $? 0 "the header names who activates the tree"

# Every child in school is on the sheet once: count the class labels.
kids=$(sed '/^Summary$/,$d' "$WORK/sheet80.txt" | grep -o '(grade [0-9] class [0-9]*)\|(junior [0-9] class [0-9]*)' | wc -l)
same "$kids" 47 "each of the 47 children is on one line of the sheet"

# lp: a stand-in records its arguments and what it reads, and answers
# as CUPS's lp does.
mkdir -p "$WORK/bin" "$WORK/empty"
cat >"$WORK/bin/lp" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/lp.args"
cat >"$WORK/lp.in"
if [ -n "\${LP_SAY:-}" ]; then echo "\$LP_SAY" >&2; exit 1; fi
[ "\${LP_EXIT:-0}" = 0 ] && echo "request id is 办公室-12 (1 file(s))"
exit \${LP_EXIT:-0}
EOF
chmod +x "$WORK/bin/lp"
oldpath=$PATH
PATH="$WORK/bin:$PATH"
# A PDF by default, titled with the school, the sheet and the date.
run 0 --lang en calltree print --tree "$TREE" --date $DATE --lp
same "$(head -c 5 "$WORK/lp.in")" "%PDF-" "--lp hands lp a PDF"
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL call tree $DATE|" \
    "--lp alone: the default printer, the sheet's title"
has "job 办公室-12" "the job id lp gave is reported"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp=办公室
same "$(tr '\n' '|' <"$WORK/lp.args")" "-d|办公室|-t|$SCHOOL 应急联络树 $DATE|" \
    "--lp=PRINTER: lp -d PRINTER, the title in Chinese"
# Plain text when asked, GB18030 raw for a dot-matrix queue.
run 0 --lang en calltree print --tree "$TREE" --date $DATE --lp --format text
cmp -s "$WORK/lp.in" "$WORK/sheet80.txt"
same $? 0 "--lp --format text hands lp the text sheet"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp --encoding gb18030
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL 应急联络树 $DATE|-o|raw|" \
    "--encoding gb18030: sent raw"
iconv -f GB18030 -t UTF-8 "$WORK/lp.in" >"$WORK/gb.txt"
same $? 0 "the GB18030 sheet sent decodes"
grep -q "备用" "$WORK/gb.txt"
same $? 0 "and reads as Chinese"
# The configuration names the dot-matrix queues: they get GB18030 raw.
printf 'gb18030_printers = 针式, default\n' >"$WORK/shouhu.conf"
export SHOUHU_CONF="$WORK/shouhu.conf"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp=针式
same "$(tr '\n' '|' <"$WORK/lp.args")" "-d|针式|-t|$SCHOOL 应急联络树 $DATE|-o|raw|" \
    "a queue in gb18030_printers gets raw text"
iconv -f GB18030 -t UTF-8 "$WORK/lp.in" >/dev/null 2>&1
same $? 0 "and it is GB18030"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL 应急联络树 $DATE|-o|raw|" \
    "\"default\" in gb18030_printers stands for lp's own default queue"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp=激光
same "$(head -c 5 "$WORK/lp.in")" "%PDF-" "a queue not listed gets a PDF"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp=针式 --format pdf
same "$(head -c 5 "$WORK/lp.in")" "%PDF-" "--format pdf wins over the configuration"
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --lp=针式 --encoding utf-8 --format text
cmp -s "$WORK/lp.in" "$WORK/sheet80.txt" || iconv -f UTF-8 -t UTF-8 "$WORK/lp.in" >/dev/null 2>&1
same $? 0 "--encoding utf-8 wins over the configuration"
unset SHOUHU_CONF
export LP_EXIT=3
run 1 calltree print --tree "$TREE" --lp && err_has "lp failed (exit status 3)" "lp failing is told"
unset LP_EXIT
export LP_SAY="lp: The printer or class does not exist."
run 1 calltree print --tree "$TREE" --lp=nowhere &&
	err_has "The printer or class does not exist." "what lp said is told"
unset LP_SAY
PATH=$oldpath
ntest=$((ntest + 1))
env PATH="$WORK/empty" "$SHOUHU" --db "$DB" calltree print --tree "$TREE" --lp \
    >"$WORK/out" 2>"$WORK/err"
st=$?
case "$st $(cat "$WORK/err")" in
"1 "*"lp was not found"*) pass "lp missing is told" ;;
*) fail "lp missing: status $st: $(cat "$WORK/err")" ;;
esac

# GB18030 text: decodes, and no line is longer than 80 bytes.
run 0 --lang zh calltree print --tree "$TREE" --date $DATE --encoding gb18030 -o "$WORK/gb.txt"
iconv -f GB18030 -t UTF-8 "$WORK/gb.txt" >"$WORK/gb-utf8.txt"
same $? 0 "a GB18030 file decodes"
same "$(LC_ALL=C awk '{ gsub(/\f/, "") } length > 80' "$WORK/gb.txt" | wc -l)" 0 \
    "no GB18030 line longer than 80 bytes"
run 0 --lang zh print cards --school "$SCHOOL" --encoding gb18030 -o "$WORK/gbc.txt"
same "$(LC_ALL=C awk '{ gsub(/\f/, "") } length > 80' "$WORK/gbc.txt" | wc -l)" 0 \
    "no GB18030 card line longer than 80 bytes"

# -o refuses devices, directories and symbolic links; nothing is touched.
run 1 calltree print --tree "$TREE" -o /dev/full && err_has "/dev/full" "-o /dev/full refused"
mkdir "$WORK/adir"
run 1 calltree print --tree "$TREE" -o "$WORK/adir" && err_has "adir" "-o a directory refused"
printf 'keep\n' >"$WORK/target.txt"
ln -s "$WORK/target.txt" "$WORK/link.txt"
run 1 calltree print --tree "$TREE" -o "$WORK/link.txt" && err_has "link.txt" "-o a symbolic link refused"
same "$(cat "$WORK/target.txt")" keep "the link's target is untouched"
run 1 print cards --school "$SCHOOL" -o /dev/full && err_has "/dev/full" "cards: -o /dev/full refused"
run 2 calltree print --tree "$TREE" --format html && err_has "neither text nor pdf" "an unknown format"

# PDF: the same pages as the text, the names and phones readable back,
# one CJK font embedded as a subset.
if command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 &&
    command -v pdffonts >/dev/null 2>&1; then
	# pages_of TEXT: the y of the sheet's own "第 x/y 页".
	pages_of() { grep -o '第 [0-9]*/[0-9]* 页$' "$1" | tail -1 | sed 's|.*/||; s| .*||'; }
	for what in sheet cards; do
		if [ $what = sheet ]; then
			set -- calltree print --tree "$TREE" --date $DATE
		else
			set -- print cards --school "$SCHOOL" --date $DATE
		fi
		run 0 --lang zh "$@" -o "$WORK/p.txt"
		run 0 --lang zh "$@" -o "$WORK/p.pdf"
		same "$(head -c 5 "$WORK/p.pdf")" "%PDF-" "$what: -o FILE.pdf writes a PDF"
		same "$(pdfinfo "$WORK/p.pdf" | awk '/^Pages:/ { print $2 }')" \
		    "$(pages_of "$WORK/p.txt")" "$what: as many PDF pages as the sheet's x/y"
		pdftotext -layout "$WORK/p.pdf" "$WORK/p-back.txt"
		missing=0
		for p in $(grep -o '1[3-9][0-9]\{9\}' "$WORK/p.txt" | sort -u); do
			grep -q "$p" "$WORK/p-back.txt" || missing=$((missing + 1))
		done
		same $missing 0 "$what: pdftotext gives back every phone"
		missing=0
		if [ $what = sheet ]; then
			names=$(grep -o '[^ ：:]*([^ ()]*班)' "$WORK/p.txt" | sed 's/(.*//' | sort -u)
		else
			names=$(grep -o '联系卡：[^ ]*' "$WORK/p.txt" | sed 's/联系卡：//' | sort -u)
		fi
		for n in $names; do
			grep -q "$n" "$WORK/p-back.txt" || missing=$((missing + 1))
		done
		same "$missing $(echo $names | wc -w | awk '$1 > 5 { print "many" }')" "0 many" \
		    "$what: pdftotext gives back the children's names"
		pdffonts "$WORK/p.pdf" | awk 'NR > 2' >"$WORK/fonts"
		same "$(wc -l <"$WORK/fonts" | tr -d ' ')" 1 "$what: one font"
		same "$(awk '{ print $(NF - 4), $(NF - 3) }' "$WORK/fonts")" "yes yes" \
		    "$what: embedded as a subset"
	done
	run 0 --lang zh calltree print --tree "$TREE" --date $DATE --format pdf -o "$WORK/p.out"
	same "$(head -c 5 "$WORK/p.out")" "%PDF-" "--format pdf writes a PDF whatever the name"
	same "$(pdfinfo "$WORK/p.out" | sed -n 's/^Title: *//p')" "$SCHOOL 应急联络树 $DATE" \
	    "the PDF's title"
	oldpath=$PATH
	PATH="$WORK/bin:$PATH"
	run 0 --lang zh print cards --school "$SCHOOL" --date $DATE --lp
	PATH=$oldpath
	same "$(pdfinfo "$WORK/lp.in" | sed -n 's/^Title: *//p')" "$SCHOOL 联系卡 $DATE" \
	    "lp gets the cards as a PDF with their title"
	run 1 calltree print --tree "$TREE" --width 132 -o "$WORK/wide.pdf" &&
		err_has "80" "a PDF page is 80 columns"
else
	echo "SKIP: PDF checks: pdfinfo, pdftotext or pdffonts not found (Debian: poppler-utils)"
fi

# A drill: a family not reached, one reached through the backup, the
# first branch reached.  Positions and names are read off the sheet.
run 0 --lang en calltree show --tree "$TREE"
line_x=$(printf '%s\n' "$OUT" | grep '\[ \] 1\.1\.1\.1 ')
line_y=$(printf '%s\n' "$OUT" | grep '\[ \] 1\.1\.1\.2 ')
x_name=$(printf '%s\n' "$line_x" | awk '{ print $4 }')
x_phone=$(printf '%s\n' "$line_x" | awk '{ print $(NF - 3) }')
x_bname=$(printf '%s\n' "$line_x" | awk '{ print $(NF - 2) }')
x_bphone=$(printf '%s\n' "$line_x" | awk '{ print $(NF - 1) }')
y_name=$(printf '%s\n' "$line_y" | awk '{ print $4 }')
y_phone=$(printf '%s\n' "$line_y" | awk '{ print $(NF - 3) }')
run 1 calltree drill --tree "$TREE" --start 07:30 9.9.9=07:40 && err_has "no line 9.9.9" "an unknown position"
run 1 calltree drill --tree "$TREE" --start 07:30 1.1=07:40 1.1=07:41 && err_has "given twice" "a line given twice"
run 1 --lang en calltree drill --tree "$TREE" --start 07:30 1=b:07:31 &&
	err_has "line 1 has no backup on the sheet" "reached through a backup the line does not have"
run 0 --lang en calltree drill --tree "$TREE" --start 07:30 --date $DATE \
    1=07:30 1.1=07:35 1.1.1=07:41 1.1.1.1=x 1.1.1.2=b:07:52 &&
	has "Recorded drill #1" "a drill is recorded"
has "Lines called: 5; reached: 4 (1 through the backup); not reached: 1." "the drill's counts"
has "1.1 " "the report names the first branch"
has "the last after 22 minutes" "minutes to the last line reached in the branch"
has "1.1.1.1 $x_name $x_phone; backup $x_bname $x_bphone" "the line not reached, with its numbers"
has "$x_name $x_phone" "the number that failed"
has "$x_bname $x_bphone" "the backup's number that failed"
has "$y_name $y_phone" "a number that failed before the backup answered"
run 0 list contacts --to-verify
has "$x_name" "the contact not reached is to verify"
has "$x_bname" "so is the backup not reached"
has "$y_name" "and the family reached only through the backup"
run 0 --lang en calltree report --tree "$TREE" && has "Drill #1 of" "the report again"
has "not reached: 1." "the same counts"
run 0 --lang en calltree list && has "4 of 5 reached" "the list shows the last drill"
run 0 --lang en print cards --school "$SCHOOL" && has "$x_phone (to verify)" "the card marks the number to verify"
run 1 --lang en calltree report --tree "$TREE" --drill 99 && err_has "no drill #99" "an unknown drill"

# Results on standard input.
ntest=$((ntest + 1))
printf '# after lunch\n1=12:00\n\n1.1=12:09\n' |
    "$SHOUHU" --db "$DB" --lang en calltree drill --tree "$TREE" --start 12:00 --date $DATE >"$WORK/out" 2>&1
case "$(cat "$WORK/out")" in
*"Recorded drill #2"*"Lines called: 2; reached: 2"*) pass "results read from standard input" ;;
*) fail "results from standard input: $(cat "$WORK/out")" ;;
esac

# The limits given stay with the tree: too few staff for 1 family
# each, the tree is made all the same and check names the lines over.
run 0 --lang en calltree generate --school "$OTHER" --name 小限额 --family-limit 1 &&
	has "too few for 1 families" "too few staff for the limit is said"
run 1 --lang en calltree check --tree 小限额 && has "families, more than 1" "check names the lines over the limit given"
err_has "problems found" "and fails"
# Labels follow the language printed in, not the one made in.
run 0 --lang zh calltree generate --school "$OTHER" --name 双语
run 0 --lang en calltree print --tree 双语 --date $DATE && has "activated by principal" "made in Chinese, printed in English"
run 0 --lang zh calltree print --tree 双语 --date $DATE && has "启动人：校长" "and in Chinese"

# Other groupings, and the whole township.
run 0 --lang en calltree generate --school "$SCHOOL" --by village && has "call tree by village" "a tree by village"
run 0 --lang en calltree check --tree "$SCHOOL call tree by village" && has "keeps every rule" "the village tree keeps the rules"
run 0 --lang en calltree generate --township --family-limit 8 --staff-limit 3 --purpose 暴雨停课
has "call tree" "a township tree"
run 0 --lang en calltree check --tree "石门乡 call tree" && has "keeps every rule" "the township tree keeps the rules"
run 0 --lang en calltree print --tree "石门乡 call tree" --width 70
has "For: 暴雨停课" "the purpose is printed"
# Phones are read from the records when shown, printed and checked: a
# staff member without a phone is a problem until the phone is on her
# record, and then no longer, without making the tree again.
printf '学校,姓名,职务,电话\n%s,欧阳补电话,领导小组,\n' "$SCHOOL" >"$WORK/staff.csv"
run 0 import staff "$WORK/staff.csv"
run 0 --lang en calltree generate --school "$SCHOOL" --name 补电话 --family-limit 4
run 1 --lang en calltree check --tree 补电话 &&
	has "欧阳补电话: staff without a phone" "check names the staff line without a phone"
run 0 --lang en calltree print --tree 补电话 --date $DATE -o "$WORK/nophone.txt"
ntest=$((ntest + 1))
grep -q "欧阳补电话 .*no phone" "$WORK/nophone.txt" &&
    sed -n '/^Other problems to fix:/,$p' "$WORK/nophone.txt" | grep -q "欧阳补电话" &&
	pass "the sheet says no phone, and so does its problems page" ||
	fail "the sheet without her phone: $(grep 欧阳补电话 "$WORK/nophone.txt")"
printf '学校,姓名,职务,电话\n%s,欧阳补电话,领导小组,13612345678\n' "$SCHOOL" >"$WORK/staff.csv"
run 0 import staff "$WORK/staff.csv"
run 0 --lang en calltree check --tree 补电话 &&
	has "keeps every rule" "with the phone on her record, check is clean at once"
run 0 --lang en calltree show --tree 补电话
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -q "欧阳补电话 .*13612345678" &&
	pass "the tree shows the phone from her record" ||
	fail "her line: $(printf '%s\n' "$OUT" | grep 欧阳补电话)"
run 0 --lang en calltree print --tree 补电话 --date $DATE -o "$WORK/phone.txt"
ntest=$((ntest + 1))
grep -q "欧阳补电话 .*13612345678" "$WORK/phone.txt" &&
    ! grep -q "staff without a phone" "$WORK/phone.txt" &&
	pass "the sheet prints it, its problems page is clean" ||
	fail "the sheet with her phone: $(grep 欧阳补电话 "$WORK/phone.txt")"

# The name the program gave a tree follows the reader too; a name typed
# stays as typed.
run 0 --lang zh calltree print --tree "$TREE" --date $DATE
same "$(printf '%s\n' "$OUT" | head -n 1 | sed 's/  *第 [0-9]*\/[0-9]* 页$//')" "${SCHOOL}应急联络树  第 2 版" \
    "made in English, the sheet is headed in Chinese"
run 0 --lang en calltree print --tree "$TREE" --date $DATE
same "$(printf '%s\n' "$OUT" | head -n 1 | sed 's/  *page [0-9]*\/[0-9]*$//')" "$SCHOOL call tree  version 2" \
    "and in English as made"
run 0 --lang en calltree print --tree 双语 --date $DATE
same "$(printf '%s\n' "$OUT" | head -n 1 | sed 's/  *page [0-9]*\/[0-9]*$//')" "双语  version 1" \
    "a name typed is printed as typed"
run 0 --lang zh calltree print --tree "$SCHOOL call tree by village" --date $DATE
same "$(printf '%s\n' "$OUT" | head -n 1 | sed 's/  *第 [0-9]*\/[0-9]* 页$//')" "${SCHOOL}按村应急联络树  第 1 版" \
    "the tree by village, in Chinese"
PATH="$WORK/bin:$PATH" run 0 --lang zh calltree print --tree "$TREE" --wall --date $DATE --lp --format text
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL 应急联络一览 $DATE|" \
    "the wall sheet's job: the school, the sheet, the day"
has "已送入打印队列，作业号 办公室-12。" "the job is said to be in the print queue"
run 0 check && has "consistent" "the database is consistent after all this"

finish

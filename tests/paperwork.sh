#!/bin/sh
# The term's paperwork from the command line: safety agreements printed
# for signing (against a golden page), signed, refused and missing, on
# the worklist; aid recorded, listed and summed for the aid office; bad
# input refused with nothing half-saved; and, as root, the amounts kept
# from a mentor and shown to the principal.
#
# The golden page is made from `shouhu demo --children 60 --seed 11`, in
# Chinese, with the term and the printed date fixed.  After an intended
# change of the layout or the text, remake it with
#	UPDATE_GOLDEN=1 make check TESTS=tests/paperwork.sh
# and read the difference before committing it.
. "$TOP_SRCDIR/tests/lib.sh"

# count_missing ARGS: the children without a signed agreement.
count_missing() {
	"$SHOUHU" --db "$DB" agreement missing --format csv "$@" | sed 1d | wc -l
}
# aids: the number of aid records.
aids() {
	"$SHOUHU" --db "$DB" aid list --format csv "$@" | sed 1d | wc -l
}

# Usage errors.
run 2 agreement && err_has "usage: shouhu agreement" "agreement needs a subcommand"
run 2 agreement frob && err_has 'no agreement command "frob"' "an unknown subcommand"
run 2 print agreements && err_has "needs either --class or --school" "agreements need a class or a school"
run 2 aid add --child 1 && err_has "needs --child ID, --kind KIND and --amount" "aid add needs its fields"

run 0 demo --children 60 --seed 11
SCHOOL=$("$SHOUHU" --db "$DB" list schools --format csv | tr -d '\r' | awk -F, 'NR == 2 { print $2 }')
TODAY=$(date +%Y-%m-%d)
TERM=$("$SHOUHU" --db "$DB" --lang en agreement missing --school "$SCHOOL" | sed -n 's/.* for the \(autumn\|spring\) term \([0-9]*\)\.$/\2-\1/p')
[ -n "$TERM" ] || fail "no current term in the list of missing agreements"

# The golden page: a class's agreements, one a page, 80 columns.
run 0 --lang zh print agreements --school "$SCHOOL" --class 1-1 --term 2026秋 --date 2026-09-01 -o "$WORK/agr.txt"
golden agreements-1-1.txt "$WORK/agr.txt" "a class's agreements, made out for signing"
run 0 list children --school "$SCHOOL" --class 1-1 --format csv
kids=$(printf '%s\n' "$OUT" | sed 1d | wc -l)
pages=$(awk 'BEGIN { RS = "\f" } END { print NR }' "$WORK/agr.txt")
same "$pages" "$kids" "one page for each child of the class"
same "$(tr -d '\f' <"$WORK/agr.txt" | wc -L)" 80 "no line wider than 80 columns"
first=$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f2)
OUT=$(cat "$WORK/agr.txt")
has "$first" "the page names the child"
has "2026年秋季学期" "and the term"
has "监护人（签字）：______" "with a blank for the guardian's signature"
run 0 --lang zh print agreements --school "$SCHOOL" --class 1-1 --width 60 -o "$WORK/agr60.txt"
same "$(tr -d '\f' <"$WORK/agr60.txt" | wc -L)" 60 "and 60 columns when asked"

# The township's missing agreements are its schools'.
OTHER=$("$SHOUHU" --db "$DB" list schools --format csv | tr -d '\r' | awk -F, 'NR == 3 { print $2 }')
same "$(count_missing)" $(($(count_missing --school "$SCHOOL") + $(count_missing --school "$OTHER"))) \
    "without --school, every school's missing agreements"

# Signing: the missing list shrinks by the children signed.
before=$(count_missing --school "$SCHOOL")
[ "$before" -gt 2 ] || fail "the demo has too few missing agreements ($before)"
ids=$("$SHOUHU" --db "$DB" agreement missing --school "$SCHOOL" --format csv | sed 1d | cut -d, -f1 | head -3 | tr '\n' ' ')
set -- $ids
run 0 --lang en agreement sign --child "$1,$2" && has "2 agreements of the" "two children's agreements signed"
same "$(count_missing --school "$SCHOOL")" $((before - 2)) "the missing list is two shorter"
run 0 agreement list --school "$SCHOOL" --format csv
printf '%s\n' "$OUT" | grep "^$1," | grep -q ",signed,$TODAY" ; same $? 0 "signed today"
run 0 --lang en agreement sign --refused "$3" --date 2026-09-03 && has "refused" "a refusal is recorded"
same "$(count_missing --school "$SCHOOL")" $((before - 2)) "and a refused agreement is still missing"
run 0 agreement missing --school "$SCHOOL" --format csv
printf '%s\n' "$OUT" | grep "^$3," | grep -q ",refused,2026-09-03" ; same $? 0 "as refused, on its day"
printf 'child,name\n%s,x\n' "$3" >"$WORK/ids.csv"
run 0 agreement sign --from "$WORK/ids.csv" && same "$(count_missing --school "$SCHOOL")" $((before - 3)) "ids from a CSV file"
run 0 --lang en agreement sign --undo "$3" && same "$(count_missing --school "$SCHOOL")" $((before - 2)) "--undo takes a mistake back"

# Bad input: nothing half-saved.
now=$(count_missing --school "$SCHOOL")
run 1 --lang en agreement sign "$3,999999" && err_has "there is no child #999999" "an unknown child is named"
same "$(count_missing --school "$SCHOOL")" "$now" "and the other child of the batch is not signed either"
run 2 --lang en agreement sign "$3" --date 2099-01-01 && err_has "is in the future" "a date in the future is refused"
same "$(count_missing --school "$SCHOOL")" "$now" "and nothing is signed"
run 2 --lang en agreement sign "$3" --term 2026x && err_has "is not a term" "a bad term is refused"

# The worklist has each missing agreement once the term is two weeks old.
case $(date +%m-%d) in
09-0?|09-1[0-4]|03-0?|03-1[0-4]) ;;
*)	run 0 due --school "$SCHOOL" --format csv
	n=$(printf '%s\n' "$OUT" | grep -c '^agreement,')
	same "$n" "$(count_missing --school "$SCHOOL")" "every missing agreement is on the school's worklist" ;;
esac

# Aid.
n0=$(aids --school "$SCHOOL")
[ "$n0" -gt 0 ] || fail "the demo has no aid"
kid=$(printf '%s\n' "$ids" | cut -d' ' -f1)
run 0 --lang en aid add --child "$kid" --kind 医疗救助 --amount ¥1,250.5 --date 2026-10-08 && has "Recorded aid" "aid recorded"
same "$(aids --school "$SCHOOL")" $((n0 + 1)) "and listed"
run 0 aid list --child "$kid" --format csv
has "medical,$TERM,2026-10-08,1250.50" "kind, term, date and amount in yuan with fen"
zterm=$(printf '%s\n' "$TERM" | sed 's/^\([0-9]*\)-autumn$/\1年秋季学期/; s/^\([0-9]*\)-spring$/\1年春季学期/')
run 0 --lang zh aid list --child "$kid" && has "$zterm" "the list names the term as the screens do"
hasnt "$TERM" "not by its key"
run 0 --lang en aid list --child "$kid" && has "term ${TERM%-*}" "and in English"
run 1 --lang en aid add --child "$kid" --kind 低保 --amount -5 && err_has "cannot be negative" "a negative amount is refused"
run 1 --lang en aid add --child 999999 --kind 低保 --amount 5 && err_has "there is no child #999999" "an unknown child is refused"
run 1 --lang en aid add --child "$kid" --kind 低保 --amount 5 --date 2099-01-01 && err_has "in the future" "a date in the future is refused"
run 1 --lang en aid add --child "$kid" --kind 彩票 --amount 5 && err_has "Aid" "an unknown kind is refused"
same "$(aids --school "$SCHOOL")" $((n0 + 1)) "and nothing was saved"

# The summary adds up to the list.
run 0 aid summary --school "$SCHOOL" --format csv
total=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$1 == "total" { print $3 " " $4 }')
list=$("$SHOUHU" --db "$DB" aid list --school "$SCHOOL" --format csv | tr -d '\r' |
    awk -F, 'NR > 1 { n++; s += $8 } END { printf "%d %.2f\n", n, s }')
same "$total" "$list" "the summary's count and total equal the list's"
kinds=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, 'NR > 1 && $1 != "total" { n += $3 } END { print n }')
same "$kinds" "${list%% *}" "and the kinds add up to the total"
run 0 aid summary --township --format csv
schools=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$2 == "total" && $1 != "township" { n += $4; s += $5 } END { printf "%d %.2f\n", n, s }')
town=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$1 == "township" && $2 == "total" { print $4 " " $5 }')
same "$town" "$schools" "the township's total is its schools' together"
all=$("$SHOUHU" --db "$DB" aid list --format csv | sed 1d | wc -l)
same "${town%% *}" "$all" "and counts every aid record"
run 0 --lang zh aid summary --school "$SCHOOL" -o "$WORK/sum.txt"
OUT=$(cat "$WORK/sum.txt")
has "医疗救助" "the printable summary names the kinds"
has "合计" "with a total"
run 0 audit
has "aid record" "the aid recorded is in the audit trail"

# Printing takes the options every printout takes: the summary in
# GB18030, to a file and to lp, titled as every printout is.
run 0 --lang zh aid summary --school "$SCHOOL" --encoding gb18030 -o "$WORK/sum-gb.txt"
same "$(iconv -f GB18030 -t UTF-8 "$WORK/sum-gb.txt")" "$(cat "$WORK/sum.txt")" \
    "aid summary --encoding gb18030 writes the summary in GB18030"
run 2 aid summary --school "$SCHOOL" --encoding big5 && err_has "neither utf-8 nor gb18030" \
    "aid summary: an unknown encoding"
run 2 aid summary --school "$SCHOOL" --format csv --encoding gb18030 &&
    err_has "not CSV" "--encoding is for the printed summary"
mkdir -p "$WORK/bin"
cat >"$WORK/bin/lp" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/lp.args"
cat >"$WORK/lp.in"
echo "request id is 办公室-3 (1 file(s))"
EOF
chmod +x "$WORK/bin/lp"
PATH="$WORK/bin:$PATH" run 0 --lang zh aid summary --school "$SCHOOL" --lp --encoding gb18030
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL 资助汇总 $TODAY|-o|raw|" \
    "the aid summary's job: the school, the summary, the day; GB18030 raw"
has "已送入打印队列，作业号 办公室-3。" "the job id as lp gave it"
township=$("$SHOUHU" --db "$DB" list schools --format csv | tr -d '\r' | awk -F, 'NR == 2 { print $3 }')
PATH="$WORK/bin:$PATH" run 0 --lang en aid summary --township --lp
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$township aid summary $TODAY|" \
    "the township's summary is titled with the township's name"
# The agreements: the term as the screens show it, never its key.
PATH="$WORK/bin:$PATH" run 0 --lang zh print agreements --school "$SCHOOL" --class 1-1 \
    --term 2026-autumn --date 2026-09-01 --lp
same "$(tr '\n' '|' <"$WORK/lp.args")" "-t|$SCHOOL 一年级1班安全责任书（2026年秋季学期） 2026-09-01|" \
    "the agreements' job: the school, the class's agreements of the term, the day"
PATH="$WORK/bin:$PATH" run 0 --lang en print agreements --school "$SCHOOL" --class 1-1 \
    --term 2026-autumn --date 2026-09-01 --lp
ntest=$((ntest + 1))
case "$(sed -n 2p "$WORK/lp.args")" in
*2026-autumn*) fail "the English title has the term's key: $(sed -n 2p "$WORK/lp.args")" ;;
"$SCHOOL "*" safety agreements, "*" 2026-09-01") pass "and in English, the term's label" ;;
*) fail "the English title: $(sed -n 2p "$WORK/lp.args")" ;;
esac

# ---- roles: the amounts are the principal's and the administrator's.
. "$TOP_SRCDIR/tests/users.sh"
users_need finish "the roles' checks make throwaway users: run as root"
users_make G=spg UP=spa UM=spb UT=spc	# the principal, a mentor, a class teacher
AS_ARGS="--lang en"
"$SHOUHU" --db "$DB" list staff --format csv >"$WORK/staff.csv"
P_ID=$(grep -m1 '"principal' "$WORK/staff.csv" | cut -d, -f1)
M_ID=$(grep -m1 ',"class_teacher,mentor",' "$WORK/staff.csv" | cut -d, -f1)
line=$(grep ',"class_teacher,mentor",' "$WORK/staff.csv" | sed -n 2p)
T_ID=${line%%,*}
T_CLASS=$(printf '%s\n' "$line" | sed 's/.*"class_teacher,mentor",\([^,]*\),\([^,]*\),.*/\1-\2/')
link "$UP" "$P_ID" principal,leader
link "$UM" "$M_ID" mentor
link "$UT" "$T_ID" class_teacher
share
as 0 "$UP" aid list --school "$SCHOOL"
has "1250.50" "the principal sees the amounts"
as 0 "$UP" aid summary --school "$SCHOOL" --format csv
has "amount" "and the summary's totals"
mentee=$("$SHOUHU" --db "$DB" show staff "$M_ID" | sed -n 's/.*(child #\([0-9]*\))$/\1/p' | head -1)
run 0 aid add --child "$mentee" --kind 临时救助 --amount 777.77
pupil=$("$SHOUHU" --db "$DB" list children --school "$SCHOOL" --class "$T_CLASS" --format csv | sed -n 2p | cut -d, -f1)
run 0 aid add --child "$pupil" --kind 临时救助 --amount 888.88
as 0 "$UT" aid list --school "$SCHOOL"
has "temporary relief" "the class teacher sees the kind of aid of her pupil"
hasnt "888.88" "never its amount"
has "principal and the administrator only" "and is told why"
as 0 "$UT" aid list --school "$SCHOOL" --format csv
hasnt "888.88" "not in CSV either"
hasnt "amount" "which has no amount column"
as 0 "$UT" aid summary --school "$SCHOOL" --format csv
hasnt "amount" "the summary has no amounts for her"
has "temporary,1,1" "but counts her class's aid"
as 0 "$UT" aid summary --school "$SCHOOL"
hasnt "888.88" "nor the printable one"
as 0 "$UM" aid list --school "$SCHOOL" --format csv
hasnt "777.77" "a mentor sees no aid of his mentee (aid is private, as the child's aid field)"
hasnt "temporary" "not even its kind"
as 1 "$UM" aid add --child "$mentee" --kind 低保 --amount 5
OUT=$ERR
has "may not record aid" "a mentor may not record aid"
as 0 "$UM" agreement list --school "$SCHOOL" --format csv
same "$(printf '%s\n' "$OUT" | sed 1d | cut -d, -f1 | sort -n | tr '\n' ' ')" \
    "$("$SHOUHU" --db "$DB" show staff "$M_ID" | sed -n 's/.*(child #\([0-9]*\))$/\1/p' | sort -n | tr '\n' ' ')" \
    "a mentor's agreements are his mentees' alone"
# The aid summary's count is labelled apart from the registration
# form's aid that report summary counts.
AS_ARGS="--lang zh"
as 0 "$UP" aid summary --school "$SCHOOL"
has "受助儿童" "the aid summary counts children aided"
has "按已录入的资助记录统计" "from the aid records entered"
has "受助情况（登记表）" "and names the registration form's count as the other one"
same "$(printf '%s\n' "$OUT" | grep -c '受助情况（登记表）')" 1 "once, under the tables"
finish

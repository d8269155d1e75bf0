#!/bin/sh
# The call tree's screen at 80x24, for a tree with problems: a staff
# line without a phone says so (not "home visit"), a change shows the
# tree's problems and c lists them all, a phone is never cut in a
# drill, and printing goes through the one printing path: a PDF with the
# sheet's title to lp (the job id it gave is shown), a PDF to a file
# named .pdf.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

SCHOOL=石门乡中心学校
"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
printf '学校,姓名,职务,电话\n%s,欧阳无电话,领导小组,\n' "$SCHOOL" \
    >"$WORK/staff.csv"
run 0 import staff "$WORK/staff.csv"
run 0 calltree generate --school "$SCHOOL" --family-limit 4
run 1 --lang en calltree check --school "$SCHOOL" &&
	has "staff without a phone" "the made tree has a staff line without a phone"

# lp: a stand-in records its arguments and what it reads.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/lp" <<EOS
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/lp.args"
cat >"$WORK/lp.in"
echo "request id is 办公室-12 (1 file(s))"
EOS
chmod +x "$WORK/bin/lp"

start app 80 24 PATH="$WORK/bin:$PATH"
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
keys app 7
wait_for app "$SCHOOL"
keys app Enter
expect app "1.1" "the tree opens"
expect app "欧阳无电话" "the staff member without a phone is on the tree"
ntest=$((ntest + 1))
line=$(screen app | grep "欧阳无电话")
case $line in
*没有电话*) pass "a staff line without a phone says no phone" ;;
*) fail "the staff line: $line" ;;
esac
case $line in
*家访*) fail "a staff line says home visit: $line" ;;
esac

# A change: the message line tells the problems, c lists them.
keys app Home Down
wait_for app ">"
keys app b
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "13912345678"
keys app Enter
expect app "1 个问题" "after a change the message line tells the tree's problems"
expect app "教职工没有电话" "with the first of them"
keys app c
expect app "联络树的问题" "c shows every problem"
expect app "欧阳无电话" "naming the line"
keys app q
wait_for app "1.1"

# A drill: lines get wider; a phone is never cut.
keys app l
wait_for app "+-"
keys app Enter
wait_for app "+-"
type_text app "07:30"
keys app Enter
keys_done app
keys app Space
keys_done app
ntest=$((ntest + 1))
cut=$(screen app | grep -E '(^|[^0-9])1[3-9][0-9]{1,9}($|[^0-9])' |
    grep -vE '(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])')
[ -z "$cut" ] && pass "no phone is cut in a drill at 80 columns" ||
	{ fail "a phone is cut: $cut"; screen app; }
keys app Escape
wait_for app "[是/否]"
keys app y
keys_done app

# Printing to lp: a PDF with the sheet's title, the job id shown.
keys app p
wait_for app "+-"
keys app Enter
expect app "办公室-12" "the job id lp gave is shown"
same "$(head -c 5 "$WORK/lp.in")" "%PDF-" "lp receives a PDF"
ntest=$((ntest + 1))
grep -qx -- "-t" "$WORK/lp.args" && grep -q "^$SCHOOL 应急联络树" "$WORK/lp.args" &&
	pass "with the sheet's title" ||
	fail "lp's arguments: $(tr '\n' '|' <"$WORK/lp.args")"

# Printing to a file named .pdf.
keys app p
wait_for app "+-"
keys app Down Enter
wait_for app "+-"
keys app C-u
type_text app "$WORK/sheet.pdf"
keys app Enter
expect app "联络单已写入" "the screen says where the sheet is"
same "$(head -c 5 "$WORK/sheet.pdf" 2>/dev/null)" "%PDF-" "a file named .pdf gets a PDF"
finish

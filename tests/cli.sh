#!/bin/sh
# The command line, as a school's script would use it: exit codes,
# messages, init, demo, list, show and check.
. "$TOP_SRCDIR/tests/lib.sh"

run 0 --version && has "shouhu " "--version names the program"
run 0 --help && has "Usage: shouhu" "--help shows the usage"
has "list" "the usage lists the commands"
run 0 help list && has "--search" "help for one command lists its options"
run 2 frobnicate && err_has 'no command "frobnicate"' "an unknown command is a usage error"
run 2 list children --bogus && err_has "unknown option" "an unknown option is a usage error"
run 2 list && err_has "children|contacts" "list without a type shows its usage"
run 2 show child && err_has "usage: shouhu show" "show without a number shows its usage"
run 1 list children && err_has "shouhu init" "no database: a hint to create one"

run 0 init --school 柳树乡中心学校 --school 桃花村小学 &&
	has "Created a new database" "init creates the database"
has "Added 2 schools" "init adds the schools"
mode=$(stat -c %a "$DB")
same "$mode" 700 "the database directory is private"
mode=$(stat -c %a "$DB/data.mdb")
same "$mode" 600 "the data file is private"
run 0 init --school 柳树乡中心学校 && has "already exists" "init says when the database exists"
hasnt "Added 1" "init does not add a school twice"
run 1 demo && err_has "already has schools" "demo refuses a database in use"

DB="$WORK/demo"
run 2 demo --children 0 && err_has "--children" "demo checks its numbers"
run 0 demo --children 400 --seed 7 && has "400 children" "demo makes the children asked for"
has "schools" "demo reports what it made"
run 0 check && has "consistent" "the demo database is consistent"
# The CSV lists' columns are what scripts read: they stay where they
# are, and new fields only ever come after them.
run 0 list children --format csv
case "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" in
id,name,sex,birth_date,age,school,grade,class,village,group,boarding,status,left_behind,guardianship,first_contact,first_contact_relation,first_contact_phone,mentor,pinyin*)
	pass "the children's CSV columns keep their places" ;;
*) fail "children's CSV columns: $(printf '%s\n' "$OUT" | head -1)" ;;
esac
ntest=$((ntest + 1))
run 0 list contacts --format csv
case "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" in
id,name,phone1,phone1_verified,phone2,phone2_verified,phone3,phone3_verified,workplace,address,can_read,notes,phone1_failed,phone2_failed,phone3_failed,*children)
	pass "the contacts' CSV columns keep their places" ;;
*) fail "contacts' CSV columns: $(printf '%s\n' "$OUT" | head -1)" ;;
esac
ntest=$((ntest + 1))
run 0 list staff --format csv
case "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" in
id,name,school,phone,roles,head_grade,head_class,login,notes,*caseload)
	pass "the staff's CSV columns keep their places" ;;
*) fail "staff's CSV columns: $(printf '%s\n' "$OUT" | head -1)" ;;
esac
ntest=$((ntest + 1))
run 0 list schools --format csv
case "$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')" in
id,name,township,address,phone,principal,*child_count)
	pass "the schools' CSV columns keep their places" ;;
*) fail "schools' CSV columns: $(printf '%s\n' "$OUT" | head -1)" ;;
esac
ntest=$((ntest + 1))
run 0 list children --format csv
header=$(printf '%s\n' "$OUT" | head -1 | tr -d '\r')
case "$header" in
id,name,sex,birth_date,age,school,grade,class,*) ntest=$((ntest + 1)); pass "csv header" ;;
*) fail "csv header: $header" ;;
esac
rows=$(printf '%s\n' "$OUT" | wc -l)
same "$rows" 401 "csv has one line per child and a header"

# Search: take a child and find it by each way.
line=$(printf '%s\n' "$OUT" | sed -n 2p | tr -d '\r')
id=$(printf '%s' "$line" | cut -d, -f1)
name=$(printf '%s' "$line" | cut -d, -f2)
phone=$(printf '%s' "$line" | cut -d, -f17)
run 0 list children --search "$name" --format csv && has "$id,$name," "a Chinese name finds the child"
given=$(printf '%s' "$name" | cut -c4-)
run 0 list children --search "$given" --format csv && has "$id,$name," "a part of the name finds the child"
if [ -n "$phone" ]; then
	last4=$(printf '%s' "$phone" | tail -c 4)
	run 0 list children --search "$last4" --format csv && has "$id,$name," "the last digits of a guardian's phone find the child"
	first5=$(printf '%s' "$phone" | cut -c1-5)
	run 0 list children --search "$first5" --format csv && has "$id,$name," "the first digits of a phone find the child"
	mid=$(printf '%s' "$phone" | cut -c4-8)
	run 0 list children --search "$mid" --format csv && has "$id,$name," "digits from the middle of a phone find the child"
fi
run 0 show child "$id" && has "$name" "show child shows the name"
has "Contact card" "show child shows the contact card"
has "Mentor" "show child shows the mentor"
run 1 show child 999999 && err_has "no child #999999" "show of a missing child"
run 2 show child abc && err_has "not a record number" "show with a bad number"
run 2 list children --format xml && err_has "text or csv" "a bad --format"
run 2 list children --class 十五-9 && err_has "--class" "a bad --class"

# A whole class, in one school: every line is of that class.
school=$(printf '%s' "$line" | cut -d, -f6)
run 0 list children --school "$school" --class 1-1 --format csv
bad=$(printf '%s\n' "$OUT" | tail -n +2 | tr -d '\r' | awk -F, -v s="$school" '$6 != s || $7 != 1 || $8 != 1' | wc -l)
same "$bad" 0 "--school and --class select one class"
run 1 list children --school 没有这个学校 && err_has "no school named" "an unknown school"

# A class or a grade, written as people write it: the same children.
run 0 list children --school "$school" --class 1-1 --format csv
class_ids=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')
for form in 一年级1班 1年级1班 '一(1)班' '一（1）班'; do
	run 0 list children --school "$school" --class "$form" --format csv
	got=$(printf '%s\n' "$OUT" | tail -n +2 | cut -d, -f1 | sort | tr '\n' ' ')
	same "$got" "$class_ids" "--class $form is class 1-1"
done
run 0 list children --school "$school" --class 一年级 --format csv
bad=$(printf '%s\n' "$OUT" | tail -n +2 | tr -d '\r' | awk -F, '$7 != 1' | wc -l)
same "$bad" 0 "--class 一年级 is the whole grade"
n=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l)
ntest=$((ntest + 1))
[ "$n" -gt 0 ] && pass "the grade has children" || fail "no child in grade 1"

# Within a class, children come in pinyin order.
run 0 list children --school "$school" --class 1-1 --format csv
sorted=$(printf '%s\n' "$OUT" | tail -n +2 | tr -d '\r' | awk -F, '{ print $19 }')
same "$sorted" "$(printf '%s\n' "$sorted" | LC_ALL=C sort)" "a class is in pinyin order"

# Children who left are listed only with --all; the default is the same
# list while nobody has left.
run 0 list children --format csv
all=$(printf '%s\n' "$OUT" | wc -l)
run 0 list children --all --format csv
same "$(printf '%s\n' "$OUT" | wc -l)" "$all" "--all lists the same children while nobody left"
run 2 list contacts --all && err_has "--all" "--all goes with children"

# English columns are wide enough for English words.
run 0 --lang en list children --school "$school" --class 1-1
has "grade 1 class 1 " "an English class is not cut"
hasnt "fema " "nor is female"

# Polyphonic surnames: a 曾 child is found by zeng, a 单 child by shan.
DB="$WORK/poly"
run 0 demo --children 2000 --seed 3
run 0 list children --format csv
zeng=$(printf '%s\n' "$OUT" | cut -d, -f2 | grep '^曾' | head -1)
if [ -n "$zeng" ]; then
	run 0 list children --search zeng --format csv && has ",$zeng," "曾 as a surname is zeng"
fi
run 0 list contacts && has "Work place" "contacts list"
run 0 list staff && has "Mentees" "staff list"
run 0 list schools && has "中心学校" "schools list"

# The language: Chinese labels with --lang zh, even with only C.UTF-8.
run 0 --lang zh show child 1 && has "联系卡" "--lang zh shows Chinese labels"
run 0 --lang en show child 1 && has "Contact card" "--lang en shows English"
LC_ALL= LANG=zh_CN.UTF-8 run 0 show child 1 && has "联系卡" "a zh locale shows Chinese (installed or not)"
LC_ALL= LANG=en_US.UTF-8 run 0 show child 1 && has "Contact card" "another locale shows English"
LC_ALL= LANG=zh_CN.UTF-8 run 0 --lang en show child 1 && has "Contact card" "--lang en wins over the locale"
run 2 --lang fr list children && err_has "--lang" "an unknown language is a usage error"

# A database shared by a group of logins (a directory of mode 2770):
# its files are for the group too, never for others.
mkdir "$WORK/shared"
chmod 2770 "$WORK/shared"
DB="$WORK/shared"
run 0 init
same "$(stat -c %a "$WORK/shared/data.mdb")" 660 "a shared database's data file is for the group"
same "$(stat -c %a "$WORK/shared/lock.mdb")" 660 "and so is its lock file"
DB="$WORK/poly"

# Letters are pinyin, even x (an ID number's last character): 谢秀秀.
run 0 list children --format csv
xx=$(printf '%s\n' "$OUT" | awk -F, '$19 ~ /^x[a-z]* x[a-z]* x/ { print $2; exit }')
if [ -n "$xx" ]; then
	run 0 list children --search xxx --format csv && has ",$xx," "xxx searches initials, not digits"
fi
run 1 list staff --school 没有这个学校 && err_has "no school named" "an unknown school for staff"
run 2 list contacts --school 没有这个学校 && err_has "--school" "--school does not go with contacts"

# $SHOUHU_DB and the default directory.
SHOUHU_DB="$WORK/demo" "$SHOUHU" check >/dev/null 2>&1
same $? 0 "\$SHOUHU_DB names the database"
"$SHOUHU" init >/dev/null 2>&1
ntest=$((ntest + 1))
[ -f "$HOME/.local/share/shouhu/data.mdb" ] && pass "the default database is under ~/.local/share" ||
	fail "no database in ~/.local/share/shouhu"

# Every command's help, in Chinese, names each option's argument in
# Chinese and starts the options' help in one display column.
run 0 --lang zh help
cmds=$(printf '%s\n' "$OUT" | awk '/^[^ ]/ { on = 0 } on && NF { print $1 } /^命令/ { on = 1 }')
[ -n "$cmds" ] || fail "help lists no command"
for c in $cmds; do
	run 0 --lang zh help "$c"
	printf '%s\n' "$OUT" | grep -E '^  (-., |    )--' >"$WORK/rows"
	[ "$c" = help ] || [ -s "$WORK/rows" ] || fail "help $c has no option"
	sed -nE 's/^(  (-., |    )--[^ ]+( [^ ]+)? +)[^ ].*/\1/p' "$WORK/rows" |
	    while IFS= read -r left; do printf '%s\n' "$left" | wc -L; done |
	    sort -u >"$WORK/cols"
	same "$(wc -l <"$WORK/cols")" 1 "help $c: the options' help in one column"
	! grep -E -- '--[a-z-]+ (DATE|NAME|TEXT|FILE|DIR)( |$)' "$WORK/rows" ||
	    fail "help $c: an option's argument in English"
done
finish

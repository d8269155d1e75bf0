#!/bin/sh
# access.sh -- logins linked to staff members, and what each role may
# see: a shared database used by throwaway Unix users (members of a
# throwaway group, as in the documented group-shared setup); the login
# that makes a database is its administrator, the last one is kept.
# Needs root: it makes users and a group.

. "$TOP_SRCDIR/tests/lib.sh"

. "$TOP_SRCDIR/tests/users.sh"
users_need skip "access.sh makes throwaway users and a group: run as root"
# A class teacher, a mentor, a village school's teacher, and nobody (no
# staff member).
users_make G=sxg U1=sxa U2=sxb U3=sxc U4=sxd

# The database, made by root (its first administrator), shared by the
# group: mode 2770, its files 660.
"$SHOUHU" --db "$DB" demo --children 60 --seed 3 >/dev/null 2>&1 ||
	fail "demo"
share

# Who is who in the demo: a class teacher (and her class), the mentor
# who is also the counsellor (and his mentees), the village school.
demo_people "$SHOUHU" --db "$DB"
[ -n "$T_ID" ] && [ -n "$M_ID" ] && [ -n "$VILLAGE" ] ||
	fail "the demo has no class teacher, mentor or second school"
[ -n "$class_ids" ] && [ -n "$mentee_ids" ] && [ -n "$village_ids" ] ||
	fail "a class, a caseload or a village school is empty"

# ---- linking logins: the administrator alone.
link "$U1" "$T_ID" class_teacher
has "is now" "the administrator links a class teacher's login"
link "$U2" "$M_ID" mentor
run 0 user add "$U3" --name 新老师 --school "$VILLAGE" --roles village_teacher
has "is now 新老师" "a login linked by name makes the staff member"
share
run 0 user list
has "$U1" "user list names the logins"
has "$U3" "all of them"
as 1 "$U1" user add "$U4" --staff 1
OUT=$ERR
has "only the administrator" "a class teacher may not add users"

# ---- each role sees exactly its children.
as 0 "$U1" list children --format csv
is "a class teacher lists exactly her class" \
    "$(printf '%s\n' "$OUT" | ids)" "$class_ids"
as 0 "$U2" list children --format csv
is "a mentor lists exactly his mentees" "$(printf '%s\n' "$OUT" | ids)" \
    "$mentee_ids"
as 0 "$U3" list children --format csv
is "a village teacher lists exactly her school" \
    "$(printf '%s\n' "$OUT" | ids)" "$village_ids"
as 0 "$U3" list schools --format csv
is "and the other school counts none of its children for her" \
    "$(printf '%s\n' "$OUT" | sed -n 2p | cut -d, -f7 | tr -d '\r')" 0

# ---- private fields: masked for a mentor, shown to the class teacher.
mentee=${mentee_ids%% *}
idnum=$("$SHOUHU" --db "$DB" show child "$mentee" | sed -n 's/^  ID number *//p')
as 0 "$U2" show child "$mentee"
has "ID number" "a mentor opens his mentee's file"
has "***" "where the ID number is masked"
hasnt "$idnum" "and nowhere shown"
name_of() { "$SHOUHU" --db "$DB" show child "$1" | sed -n '1s/^[^ ]* #[0-9]*  //p'; }
# The screens too: the mentor's menu counts his mentees alone, and his
# list of children holds them and no other child.
if command -v tmux >/dev/null 2>&1; then
	. "$TOP_SRCDIR/tests/tmux.sh"
	nm=$(printf '%s\n' "$mentee_ids" | wc -w)
	mname=$(name_of "$mentee")
	# Notes on the mentee (private), by a roster import.
	"$SHOUHU" --db "$DB" export roster -o "$WORK/notes.csv" >/dev/null 2>&1
	awk -F, -v OFS=, -v n="$mname" 'NR == 1 { for (i = 1; i <= NF; i++) {
		if ($i == "姓名") k = i; if ($i == "备注") c = i } }
	    NR > 1 && $k == n { $c = "Quietnote" } { print }' \
	    "$WORK/notes.csv" >"$WORK/notes2.csv"
	"$SHOUHU" --db "$DB" import roster "$WORK/notes2.csv" >/dev/null 2>&1 ||
		fail "notes by a roster import"
	"$SHOUHU" --db "$DB" show child "$mentee" | grep -q Quietnote ||
		fail "the mentee has no notes"
	oname=$(name_of "${village_ids%% *}")
	[ -n "$mname" ] && [ -n "$oname" ] || fail "no names for the screen checks"
	start_as mentor "$U2"
	if [ "$nm" = 1 ]; then word=child; else word=children; fi
	expect mentor "$nm $word" "the mentor's menu counts his $nm mentees"
	keys mentor 1
	expect mentor "$mname" "his list of children has his mentee"
	expect_not mentor "$oname" "and not a child of another school"
	# His mentee's file masks the notes, as the command line does.
	keys mentor /
	type_text mentor "$mname"
	keys mentor Enter
	expect mentor ">$mname" "a search finds the mentee"
	keys mentor Enter
	expect mentor "Notes ***" "the file masks the mentee's notes"
	expect_not mentor "Quietnote" "and shows nothing of them"
	keys mentor Escape
	expect mentor "Children's files" "back to the list"
	keys mentor Escape
	keys mentor Escape
	# A staff member's form: the roles and the login are not his to
	# change, and not in his form.
	keys mentor 4
	expect mentor "Staff" "the mentor opens the staff list"
	keys mentor e
	expect mentor "Phone" "and a staff member's form"
	expect_not mentor "Login name" "whose login is not in a mentor's form"
	keys mentor Escape
	keys mentor Escape
	# Mentoring: his pairs, and no child of another school.
	keys mentor 3
	expect mentor ": 0 children, 0 marked" "no child without a mentor is his to see"
	keys mentor Tab
	expect mentor "$mname" "the mentoring screen shows the mentor's pair"
	expect_not mentor "$oname" "and no child he may not see"
fi
pupil=${class_ids%% *}
idnum=$("$SHOUHU" --db "$DB" show child "$pupil" | sed -n 's/^  ID number *//p')
as 0 "$U1" show child "$pupil"
has "$idnum" "the class teacher sees her pupil's ID number"
other=${village_ids%% *}
as 1 "$U1" show child "$other"
OUT=$ERR
has "may not see" "a child of another school is refused to the class teacher"

# Staff records through the staff list: the class teacher changes her
# own phone, but not the class she heads (which decides what she sees)
# nor another teacher's phone.
"$SHOUHU" --db "$DB" export staff -o "$WORK/staff-all.csv" >/dev/null 2>&1 ||
	fail "export staff"
t_name=$(awk -F, -v id="$T_ID" '$1 == id { print $2 }' "$WORK/staff.csv")
other_t=$(awk -F, -v id="$T_ID" 'NR > 1 && $1 != id && $2 != "" { print $2; exit }' "$WORK/staff.csv")
staff_edit() {	# staff_edit NAME AWK-PROGRAM FILE
	awk -F, -v OFS=, -v n="$1" "NR == 1 || \$2 == n { $2; print }" \
	    "$WORK/staff-all.csv" >"$3"
	chmod 644 "$3"
}
staff_edit "$t_name" '$6 = ($2 == n ? "13900002222" : $6)' "$WORK/own.csv"
as 0 "$U1" import staff "$WORK/own.csv"
"$SHOUHU" --db "$DB" list staff --format csv >"$WORK/staff2.csv"
has_ok=$(grep -c "^$T_ID,.*13900002222" "$WORK/staff2.csv")
same "$has_ok" 1 "the class teacher changes her own phone by the staff list"
staff_edit "$t_name" '$5 = ($2 == n ? "六年级9班" : $5)' "$WORK/class.csv"
as 1 "$U1" import staff "$WORK/class.csv"
OUT=$ERR
has "may not" "but not the class she heads"
"$SHOUHU" --db "$DB" list children --format csv >/dev/null
as 0 "$U1" list children --format csv
same "$(ids <<EOF2
$OUT
EOF2
)" "$class_ids" "and she still sees her class alone"
staff_edit "$other_t" '$6 = ($2 == n ? "13900003333" : $6)' "$WORK/other.csv"
as 1 "$U1" import staff "$WORK/other.csv"
OUT=$ERR
has "may not" "nor another teacher's phone"

# A principal's roster import takes over no contact known only from
# another school's children: a father of the same name and phone there
# is left as he was, and the new child gets a contact of his own.
"$SHOUHU" --db "$DB" export roster -o "$WORK/all.csv" >/dev/null 2>&1
pupil_row=$(awk -F, -v s="$T_SCHOOL" '$1 ~ s && $11 != "" && $13 != "" { print; exit }' "$WORK/all.csv")
f_name=$(printf '%s\n' "$pupil_row" | cut -d, -f11)
f_work=$(printf '%s\n' "$pupil_row" | cut -d, -f12)
f_phone=$(printf '%s\n' "$pupil_row" | cut -d, -f13)
u3_staff=$("$SHOUHU" --db "$DB" list staff --format csv | grep ',新老师,' | cut -d, -f1)
run 0 user remove "$U3"
run 0 user add "$U3" --staff "$u3_staff" --roles principal
printf '学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲务工地点,父亲电话\n%s,一年级,1班,郝新新,男,2019-03-01,%s,新疆乌鲁木齐,%s\n' \
    "$VILLAGE" "$f_name" "$f_phone" >"$WORK/np.csv"
chmod 644 "$WORK/np.csv"
as 0 "$U3" import roster "$WORK/np.csv" --school "$VILLAGE"
run 0 list contacts --search "$f_phone" --format csv
same "$(printf '%s\n' "$OUT" | sed 1d | grep -c "$f_name")" 2 \
    "the principal's import makes the father a contact of its own"
same "$(printf '%s\n' "$OUT" | grep -c "$f_work")" 1 \
    "the other school's father keeps his work place"
run 0 user remove "$U3"
run 0 user add "$U3" --staff "$u3_staff" --roles village_teacher
# The administrator's import does make him one person with two
# children at two schools; the village teacher's list of contacts names
# only the child she may see on his card.
printf '学校,年级,班级,姓名,性别,出生日期,父亲姓名,父亲务工地点,父亲电话\n%s,一年级,1班,郝二新,女,2019-05-01,%s,%s,%s\n' \
    "$VILLAGE" "$f_name" "$f_work" "$f_phone" >"$WORK/np2.csv"
run 0 import roster "$WORK/np2.csv"
as 0 "$U3" list contacts --search "$f_phone"
has "郝二新" "the village teacher's contacts list her pupil's father"
ntest=$((ntest + 1))
printf '%s\n' "$OUT" | grep -qE '#[0-9]+\(' &&
	fail "a contact names a child she may not see: $(printf '%s\n' "$OUT" | grep -E '#[0-9]+\(' | head -2)" ||
	pass "and name no child of his she may not see"

# ---- printed cards: only the mentor's children; call trees: not his.
outsider=
for c in $class_ids; do
	case " $mentee_ids " in *" $c "*) ;; *) outsider=$c; break ;; esac
done
as 0 "$U2" print cards --school "$T_SCHOOL"
has "$(name_of "$mentee")" "a mentor prints his mentee's contact card"
hasnt "$(name_of "$outsider")" "and not the card of a child who is not his"
as 1 "$U2" calltree print --school "$T_SCHOOL"
OUT=$ERR
has "may not use this call tree" "a school's call tree is not for a mentor"

# ---- an unknown login is refused, and the refusal is in the audit.
as 1 "$U4" list children
OUT=$ERR
has "shouhu user add $U4" "an unknown login is told what to ask for"
run 0 audit --kind refused
has "$U4" "the refusal is in the audit"

# ---- the audit, backups and users are not for everyone.
as 1 "$U2" audit
OUT=$ERR
has "may not read the audit trail" "a mentor may not read the audit"
as 1 "$U1" backup -o "$WORK/copy.mdb"
OUT=$ERR
has "only the administrator" "a class teacher may not make a backup"
ntest=$((ntest + 1))
[ ! -e "$WORK/copy.mdb" ] && pass "and none is written" ||
	fail "a refused backup wrote a file"
run 0 backup -o "$WORK/root.mdb"
has "checked it" "the administrator makes backups"

# ---- the figures count what each login may see.
n_class=$(printf '%s' "$class_ids" | wc -w)
n_mentees=$(printf '%s' "$mentee_ids" | wc -w)
summary_all() { printf '%s\n' "$OUT" | tr -d '\r' | awk -F, '$1 == "school" { n += $5 } END { print n + 0 }'; }
as 0 "$U1" report summary --format csv
is "a class teacher's summary counts her class" "$(summary_all)" "$n_class"
as 0 "$U2" report summary --township --format csv
is "a mentor's summary counts his mentees" "$(summary_all)" "$n_mentees"
as 0 "$U2" --lang en report summary
has "private to you and not counted" "a mentor's summary says the aid was not counted"
first_mentee=${mentee_ids%% *}
as 0 "$U2" --lang en print form --child "$first_mentee"
has "***" "a mentor's form hides the private fields"
other=$(printf '%s\n' $class_ids | grep -vxF -f /dev/fd/3 3<<EOT | head -1
$(printf '%s\n' $mentee_ids)
EOT
)
as 1 "$U2" print form --child "$other"
is "nor does he print another child's form" "$OUT" ""
run 0 --lang en print form --child "$first_mentee"
hasnt "***" "the administrator's form shows them"
as 0 "$U2" --lang en report term --from 2025-09-01 --to 2030-01-31
hasnt "Call-tree drills" "a mentor's term report has no drills: they are the school's"
has "Care log" "but his care log"
run 0 --lang en report term --township --from 2025-09-01 --to 2030-01-31
has "Call-tree drills" "the administrator's has them"
as 0 "$U2" --lang en report staff
is "a mentor gets his own assessment sheet" \
    "$(printf '%s' "$OUT" | grep -c "Assessment sheet")" 1

# ---- roles and logins are the administrator's to change.
run 0 user remove "$U3"
share
as 1 "$U3" list children
OUT=$ERR
has "shouhu user add $U3" "a removed login is refused again"

# ---- a database a staff login makes for herself is hers: she is its
# administrator, and nobody else uses it before she adds them.
keep=$DB
DB="$WORK/own/db"
mkdir -m 770 "$WORK/own" && chown "$U4:$G" "$WORK/own" || fail "mkdir own"
as 0 "$U4" demo --children 10 --seed 4
as 0 "$U4" --lang en whoami
has "Login: $U4" "whoami names the login"
has "you created it" "the login that makes a database is its administrator"
as 0 "$U4" --lang en user list
has "$U4 " "user list names her"
has "without a staff member" "an administrator without a staff record yet"
share
as 1 "$U1" list children
OUT=$ERR
has "shouhu user add $U1" "another login is refused until she adds it"
run 0 --lang en audit --kind refused
has "$U1" "and the refusal is in her database's audit"
as 1 "$U4" --lang en user remove "$U4"
OUT=$ERR
has "$U4 is the last administrator" "the last administrator cannot be removed"
as 0 "$U4" user add "$U1" --staff 1 --roles principal
as 0 "$U1" list children
# Linked to a staff member without the role, she would be none.
as 1 "$U4" --lang en user add "$U4" --staff 2 --roles mentor
OUT=$ERR
has "$U4 is the last administrator" "nor may she leave the role by linking"
as 0 "$U4" user add "$U4" --staff 2 --roles mentor,administrator
as 0 "$U4" --lang en user list
hasnt "without a staff member" "linked, she is an administrator by her roles"
as 0 "$U4" --lang en whoami
has "administrator" "and whoami says so"
as 1 "$U4" --lang en user remove "$U4"
OUT=$ERR
has "last administrator" "and she still cannot remove herself"
as 0 "$U4" user add "$U2" --staff 3 --roles administrator
as 0 "$U4" user remove "$U4"
as 1 "$U4" list children
OUT=$ERR
has "shouhu user add $U4" "once another administrator exists, she may go"

# The screens' first start makes a database the same way.
if command -v tmux >/dev/null 2>&1; then
	DB="$WORK/own3/db"
	mkdir -m 770 "$WORK/own3" && chown "$U3:$G" "$WORK/own3" ||
		fail "mkdir own3"
	start_as first "$U3"
	wait_for first "There is no database"
	type_text first y
	keys first Enter
	expect first "shouhu - files" "the screens make a new database"
	keys first q
	as 0 "$U3" --lang en whoami
	has "you created it" "whose maker the screens record as administrator"
	share
	as 1 "$U1" list children
	OUT=$ERR
	has "shouhu user add $U1" "and nobody else may use it"
fi
DB=$keep

finish

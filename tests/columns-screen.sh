#!/bin/sh
# The columns of the screens at 80x24, in tmux, in both languages: a
# name or place too long for its column ends with "…", a phone number
# is never cut, English columns are wide enough for English (the
# children's first contact and phone, the mentoring screen's header),
# and a form's labels are whole.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 60 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }
school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p |
    cut -d, -f2)
"$SHOUHU" --db "$DB" calltree generate --school "$school" --name 联络树 \
    >/dev/null ||
	{ echo "FAIL: calltree generate"; exit 1; }

# pairs KEY VALUE: from a CSV list on standard input, "key,value" of the
# columns so named, for the keys (names) that occur once.
pairs() {
	tr -d '\r' | awk -F, -v k="$1" -v v="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ key = $(c[k]); n[key]++; val[key] = $(c[v]); at[++m] = key }
	END { for (i = 1; i <= m; i++) if (n[at[i]] == 1) print at[i] "," val[at[i]] }'
}

# rows NAME: the rows of the list on the screen (below its header).
rows() { screen "$1" | sed -n '3,22p'; }

# brackets NAME WHAT: every row's "name(relation)" cells are whole or
# end with "…", never cut inside the brackets.
brackets() {
	ntest=$((ntest + 1))
	bad=$(rows "$1" | grep -F '(' | grep -vF ')' | grep -vF '…')
	if [ -z "$bad" ]; then
		pass "$2"
	else
		fail "$2: cut with no \"…\":"
		printf '%s\n' "$bad"
	fi
}

# cells NAME CSV: for each "key,value" line of CSV whose key is on the
# screen, whether its row shows the value whole ($seen), ends it with
# "…" ($cut) or cuts it with no "…" ($bad).
cells() {
	bad= cut=0 seen=0
	while IFS=, read -r key value; do
		[ -n "$value" ] || continue
		row=$(rows "$1" | grep -F -- "$key" | head -n 1)
		[ -n "$row" ] || continue
		seen=$((seen + 1))
		case $row in
		*"$value"*) ;;
		*…*) cut=$((cut + 1)) ;;
		*) bad="$bad $key:$value" ;;
		esac
	done <"$2"
}

# whole_or_cut NAME CSV WHAT [CUT]: every value is whole or ends with
# "…"; at least CUT are cut (the data has longer ones), so that the
# check means something.
whole_or_cut() {
	ntest=$((ntest + 1))
	cells "$1" "$2"
	if [ -z "$bad" ] && [ $cut -ge "${4:-0}" ]; then
		pass "$3 ($cut cut with \"…\")"
	else
		fail "$3: cut with no \"…\" ($cut with):$bad"
		screen "$1"
	fi
}

# phones_whole NAME CSV WHAT: phone numbers, never cut at all.
phones_whole() {
	ntest=$((ntest + 1))
	cells "$1" "$2"
	if [ -z "$bad" ] && [ $cut -eq 0 ] && [ $seen -gt 0 ]; then
		pass "$3 ($seen numbers)"
	else
		fail "$3:$bad ($cut cut with \"…\")"
		screen "$1"
	fi
}

# ---- Chinese ----
start zh 80 24
wait_for zh "守护 - "

# The contacts: the children on each card.
keys zh 2
wait_for zh "务工地点"
brackets zh "the contacts' children are whole or end with …"
"$SHOUHU" --db "$DB" --lang zh list contacts --format csv |
    pairs name children >"$WORK/kids"
whole_or_cut zh "$WORK/kids" "a contact's children too long end with …"
"$SHOUHU" --db "$DB" list contacts --format csv | pairs name phone1 \
    >"$WORK/phones"
phones_whole zh "$WORK/phones" "the contacts' phone numbers are whole"
keys zh q
wait_for zh "守护 - "

# Mentoring: the first contact of the children without a mentor.
keys zh 3
wait_for zh "未结对的儿童"
brackets zh "mentoring shows the first contact whole or ends it with …"
expect zh "第一联系人" "and heads the column whole"
keys zh q
wait_for zh "守护 - "

# The officials: the organisation.
keys zh 8
wait_for zh "单位通讯录"
"$SHOUHU" --db "$DB" list officials --format csv |
    pairs name organisation >"$WORK/orgs"
whole_or_cut zh "$WORK/orgs" "an organisation too long ends with …" 1
"$SHOUHU" --db "$DB" list officials --format csv | pairs name phone \
    >"$WORK/phones"
phones_whole zh "$WORK/phones" "the officials' phone numbers are whole"
keys zh q
wait_for zh "守护 - "

# The call trees: the school.
keys zh 7
wait_for zh "应急联络树"
echo "联络树,$school" >"$WORK/trees"
whole_or_cut zh "$WORK/trees" "a call tree's school too long ends with …" 1
keys zh q
wait_for zh "守护 - "

# The children: the first contact and the phone.
keys zh 1
wait_for zh "第一联系人"
brackets zh "the children's first contacts are whole or end with …"
"$SHOUHU" --db "$DB" list children --format csv |
    pairs name first_contact_phone >"$WORK/phones"
phones_whole zh "$WORK/phones" "the children's phone numbers are whole"

# A person linked to a second card: the form's title names the person,
# with the phone, not the children already on the person's card.
row=$("$SHOUHU" --db "$DB" --lang zh list contacts --format csv |
    pairs name children | grep -F '(' | head -n 1)
row=$("$SHOUHU" --db "$DB" list contacts --format csv | pairs name phone1 |
    grep -F "${row%%,*}," | head -n 1)
person=${row%%,*}
phone=${row#*,}
keys zh Enter
wait_for zh "联系卡"
keys zh a
wait_for zh "+-"
keys zh Down Enter
wait_for zh "+-"
type_text zh "$person"
keys zh Enter
wait_for zh "$phone"
keys zh Enter
expect zh "加入 $person  $phone" "the link form's title names $person and the phone"
ntest=$((ntest + 1))
if screen zh | head -n 1 | grep -qF '('; then
	fail "the title lists the children of the card too"
	screen zh | head -n 1
else
	pass "and not the children on the card"
fi
keys zh Escape
wait_for zh "联系卡（按拨打顺序）"
keys zh q
wait_for zh "第一联系人"
keys zh q
wait_for zh "守护 - "

# ---- English ----
LANG_OPT="--lang en"
start en 80 24
wait_for en "shouhu - "

# The children: the first contact fits, and the phone is shown.
keys en 1
wait_for en "First contact"
expect en "Phone" "the English children's list shows the phone at 80 columns"
brackets en "the English first contacts are whole or end with …"
phones_whole en "$WORK/phones" "the phone numbers are whole in English"

# The child's form: the labels are whole.
keys en e
wait_for en "Birth date"
expect en "Household registration " "a long label is whole in English"
expect en "Disability or illness" "and another"
keys en Escape
wait_for en "First contact"
keys en q
wait_for en "shouhu - "

# Mentoring: the header and the first contact.
keys en 3
wait_for en "without a mentor"
expect en " marked" "the mentoring header is whole"
expect en "First contact" "the first contact is headed whole"
brackets en "and shown whole or ending with …"
ntest=$((ntest + 1))
if rows en | grep -q '^.\[ \] .*([a-z]'; then
	pass "a first contact shows its relation"
else
	fail "no first contact shows a relation"
	screen en
fi
finish

#!/bin/sh
# The children's list as text on the command line, in both languages:
# the numbers set right in their column, the first contact whole or
# ending with "…", the phone number never cut, and no line ending in
# blanks.  Each row is checked against the same list as CSV.
. "$TOP_SRCDIR/tests/lib.sh"

# A fixed demo: in English it has first contacts too long for their
# column, so that the check of cut cells means something.
"$SHOUHU" --db "$DB" demo --children 400 --seed 1 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# check LANG MINCUT: the text list in LANG against the CSV list; at
# least MINCUT first contacts are cut.
check() {
	"$SHOUHU" --db "$DB" --lang "$1" list children >"$WORK/text" ||
		{ fail "$1: list children"; return; }
	"$SHOUHU" --db "$DB" --lang "$1" list children --format csv |
	    tr -d '\r' | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $(c["id"]) "," $(c["first_contact"]) "," \
	    $(c["first_contact_phone"]) }' >"$WORK/csv"

	ntest=$((ntest + 1))
	n=$(grep -c ' $' "$WORK/text")
	if [ "$n" -eq 0 ]; then
		pass "$1: no line ends with blanks"
	else
		fail "$1: $n lines end with blanks"
	fi

	ntest=$((ntest + 1))
	bad=$(sed 1d "$WORK/text" | cut -c1-8 | grep -Ev '^ *[0-9]+  $' |
	    head -n 3)
	if [ -z "$bad" ]; then
		pass "$1: the numbers are set right in six columns"
	else
		fail "$1: numbers not set right: $bad"
	fi

	phones=0 whole=0 cut=0 bad=
	while IFS=, read -r id name phone; do
		row=$(grep -E "^ *$id  " "$WORK/text")
		if [ -z "$row" ]; then
			bad="$bad $id:missing"
			continue
		fi
		if [ -n "$phone" ]; then
			case $row in
			*" $phone") phones=$((phones + 1)) ;;
			*) bad="$bad $id:$phone" ;;
			esac
		fi
		[ -n "$name" ] || continue
		case $row in
		*"$name("*")"*) whole=$((whole + 1)) ;;
		*…*) cut=$((cut + 1)) ;;
		*) bad="$bad $id:$name" ;;
		esac
	done <"$WORK/csv"
	ntest=$((ntest + 1))
	if [ -z "$bad" ] && [ "$phones" -gt 0 ] && [ "$whole" -gt 0 ] &&
	    [ "$cut" -ge "$2" ]; then
		pass "$1: $phones phone numbers whole at the end, $whole first contacts whole, $cut cut with …"
	else
		fail "$1: cut or missing:$bad ($phones phones, $whole whole, $cut cut)"
	fi
}

# same LANG: a search lays out its rows from those its keys keep (each
# value measured when it was kept); the whole list from the records.
# Each child's line is the same either way.
same() {
	"$SHOUHU" --db "$DB" --lang "$1" list children >"$WORK/all" ||
		{ fail "$1: list children"; return; }
	"$SHOUHU" --db "$DB" list children --format csv | tr -d '\r' |
	    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    NR <= 26 { print $(c["name"]) }' >"$WORK/names"
	n=0 bad=
	while IFS= read -r q; do
		"$SHOUHU" --db "$DB" --lang "$1" list children --search "$q" |
		    sed 1d >"$WORK/found" ||
			{ fail "$1: search $q"; return; }
		while IFS= read -r line; do
			n=$((n + 1))
			id=$(echo "$line" | awk '{ print $1 }')
			grep -qxF -- "$line" "$WORK/all" || bad="$bad $q:$id"
		done <"$WORK/found"
	done <"$WORK/names"
	ntest=$((ntest + 1))
	if [ -z "$bad" ] && [ "$n" -ge 25 ]; then
		pass "$1: $n lines found by a search are the list's lines"
	else
		fail "$1: lines unlike the list's:$bad ($n found)"
	fi
}

check en 1
check zh 0
same en
same zh

finish

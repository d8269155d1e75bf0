# lib.sh -- helpers for the shell tests, which drive the real program.
# Sourced by each tests/*.sh; the harness exports SHOUHU, TOP_SRCDIR,
# TOP_BUILDDIR, SHOUHU_LOCALEDIR, CLANG and TMUX_BIN.

set -u
: "${SHOUHU:=$TOP_BUILDDIR/src/shouhu}"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset LANGUAGE SHOUHU_DB
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-$TEST_NAME.XXXXXX")
DB="$WORK/db"
export HOME="$WORK/home" XDG_DATA_HOME=
mkdir -p "$HOME"
cleanup_hooks=
cleanup() {
	for h in $cleanup_hooks; do "$h"; done
	rm -rf "$WORK"
}
trap cleanup EXIT

ntest=0
nfail=0

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
pass() { echo "ok: $*"; }
finish() {
	echo "$ntest checks, $nfail failed"
	[ "$nfail" -eq 0 ] || exit 1
	exit 0
}

# captured WANT WHAT COMMAND...: runs COMMAND, its output in $OUT and
# $ERR; a check that it exited WANT, which names it WHAT when it did not.
captured() {
	want=$1
	captured_what=$2
	shift 2
	ntest=$((ntest + 1))
	"$@" >"$WORK/out" 2>"$WORK/err"
	got=$?
	OUT=$(cat "$WORK/out")
	ERR=$(cat "$WORK/err")
	if [ "$got" -ne "$want" ]; then
		fail "$captured_what exited $got, expected $want; stderr: $ERR"
		return 1
	fi
	return 0
}

# run EXPECTED_STATUS ARGS... : runs shouhu --db $DB ARGS; output in $OUT, $ERR.
run() {
	want=$1
	shift
	captured "$want" "shouhu $*" "$SHOUHU" --db "$DB" "$@"
}

# settle TEXT ARGS...: runs shouhu --db $DB ARGS until its output holds
# TEXT (10 s at most), for what a screen writes a moment after a key; the
# output is left in $OUT for the checks that follow.
settle() {
	text=$1
	shift
	i=0
	while [ $i -lt 50 ]; do
		OUT=$("$SHOUHU" --db "$DB" "$@" 2>/dev/null)
		case "$OUT" in *"$text"*) return 0 ;; esac
		sleep 0.2
		i=$((i + 1))
	done
	return 0
}

# has TEXT WHAT: the last output contains TEXT.
has() {
	ntest=$((ntest + 1))
	case "$OUT" in
	*"$1"*) pass "$2" ;;
	*) fail "$2: no \"$1\" in output:"; printf '%s\n' "$OUT" | head -20 ;;
	esac
}

hasnt() {
	ntest=$((ntest + 1))
	case "$OUT" in
	*"$1"*) fail "$2: \"$1\" should not be in the output" ;;
	*) pass "$2" ;;
	esac
}

# err_has TEXT WHAT: the last standard error contains TEXT.
err_has() {
	ntest=$((ntest + 1))
	case "$ERR" in
	*"$1"*) pass "$2" ;;
	*) fail "$2: no \"$1\" in stderr: $ERR" ;;
	esac
}

# same A B WHAT
same() {
	ntest=$((ntest + 1))
	if [ "$1" = "$2" ]; then pass "$3"; else fail "$3: \"$1\" != \"$2\""; fi
}

# is WHAT GOT WANT: GOT is WANT.
is() {
	ntest=$((ntest + 1))
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: \"$2\", expected \"$3\""; fi
}

# build_fuzzer HARNESS.c: builds a libFuzzer program of the core library
# (all sources but the program and its screens) and HARNESS into
# $WORK/fuzz, with the libraries configure found ($FUZZ_CFLAGS,
# $FUZZ_LIBS); skips without clang, fails when it cannot build.
build_fuzzer() {
	[ -n "${CLANG:-}" ] && [ -x "$CLANG" ] || skip "clang is not installed"
	srcs=
	for f in "$TOP_SRCDIR"/src/*.c; do
		case ${f##*/} in
		main.c | ui.c | ui-*) ;;
		*) srcs="$srcs $f" ;;
		esac
	done
	# shellcheck disable=SC2086
	"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all -I"$TOP_BUILDDIR" -I"$TOP_SRCDIR/src" \
	    -DLOCALEDIR='"/nonexistent"' ${FUZZ_CFLAGS:-} $srcs "$1" \
	    -o "$WORK/fuzz" ${FUZZ_LIBS:--llmdb -lcsv} 2>"$WORK/build.log" ||
		{ cat "$WORK/build.log"; echo "FAIL: cannot build the fuzzer"; exit 1; }
}

# golden NAME FILE WHAT: FILE is the same as tests/golden/NAME (remade
# instead with UPDATE_GOLDEN=1).
golden() {
	ntest=$((ntest + 1))
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$2" "$TOP_SRCDIR/tests/golden/$1" &&
		    chmod 644 "$TOP_SRCDIR/tests/golden/$1"
		pass "$3 (golden file remade)"
	elif cmp -s "$2" "$TOP_SRCDIR/tests/golden/$1"; then
		pass "$3"
	else
		fail "$3: differs from tests/golden/$1:"
		diff "$TOP_SRCDIR/tests/golden/$1" "$2" | head -20
	fi
}

# widest FILE: the widest line in display columns (Chinese counts two).
widest() {
	tr -d '\f' <"$1" | wc -L
}

# fake_lp: a stand-in lp in $WORK/bin (put it first in PATH), which
# keeps its arguments in $WORK/lp.args and what it is sent in
# $WORK/lp.in, and answers as CUPS does with job 办公室-7.
fake_lp() {
	mkdir -p "$WORK/bin"
	cat >"$WORK/bin/lp" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/lp.args"
cat >"$WORK/lp.in"
echo "request id is 办公室-7 (1 file(s))"
EOF
	chmod +x "$WORK/bin/lp"
}

# ids: the first column of a CSV list on standard input, sorted.
ids() { sed 1d | cut -d, -f1 | sort -n | tr '\n' ' '; }

# demo_people SHOUHU...: who is who in a demo township, read with the
# command given (the program and its --db): a class teacher (T_ID,
# T_SCHOOL, T_GRADE, T_CLASS) and her class (class_ids), the mentor
# who is also the counsellor (M_ID) and his mentees (mentee_ids), the
# village school (VILLAGE) and its children (village_ids).
demo_people() {
	"$@" list staff --format csv >"$WORK/staff.csv"
	line=$(grep -m1 '"class_teacher,mentor",[0-9]' "$WORK/staff.csv")
	T_ID=${line%%,*}
	T_SCHOOL=$(printf '%s\n' "$line" | cut -d, -f3)
	T_GRADE=$(printf '%s\n' "$line" | sed 's/.*"class_teacher,mentor",\([^,]*\),\([^,]*\),.*/\1/')
	T_CLASS=$(printf '%s\n' "$line" | sed 's/.*"class_teacher,mentor",\([^,]*\),\([^,]*\),.*/\2/')
	M_ID=$(grep -m1 '"mentor,counsellor"' "$WORK/staff.csv" | cut -d, -f1)
	VILLAGE=$("$@" list schools --format csv | sed -n 3p | cut -d, -f2)
	class_ids=$("$@" list children --school "$T_SCHOOL" \
	    --class "$T_GRADE-$T_CLASS" --format csv | ids)
	mentee_ids=$("$@" show staff "$M_ID" |
	    sed -n 's/.*(child #\([0-9]*\))$/\1/p' | sort -n | tr '\n' ' ')
	village_ids=$("$@" list children --school "$VILLAGE" --format csv |
	    ids)
}

#!/bin/sh
# The terminal's character set: in a GB18030 locale (a PuTTY window set
# to GBK) the command line speaks GB18030, with the same columns; in a
# UTF-8 locale, UTF-8; and nothing read from the data reaches the
# terminal as a control sequence.
. "$TOP_SRCDIR/tests/lib.sh"

run 0 demo --children 40 --seed 7

# Chinese asked for, and no catalog to be found: said, not silent.
SHOUHU_LOCALEDIR="$WORK/nowhere" "$SHOUHU" --db "$DB" --lang zh list schools \
    >"$WORK/out" 2>"$WORK/err"
OUT=$(cat "$WORK/err")
has "no Chinese messages were found" "a missing Chinese catalog is said"
"$SHOUHU" --db "$DB" --lang zh list schools >"$WORK/out" 2>"$WORK/err"
OUT=$(cat "$WORK/err")
hasnt "no Chinese messages" "and not when the catalog is there"

command -v iconv >/dev/null || skip "iconv is not installed"
# A private GB18030 locale, made from glibc's own definitions.
loc="$WORK/locale"
mkdir -p "$loc"
if ! localedef -i zh_CN -f GB18030 "$loc/zh_CN.GB18030" >/dev/null 2>&1; then
	skip "localedef cannot make a zh_CN.GB18030 locale (package locales)"
fi

gb() { LOCPATH="$loc" LC_ALL=zh_CN.GB18030 LANG=zh_CN.GB18030 "$@"; }

utf=$("$SHOUHU" --db "$DB" --lang zh list schools)
gb "$SHOUHU" --db "$DB" --lang zh list schools >"$WORK/gb.out" 2>&1
ntest=$((ntest + 1))
if iconv -f GB18030 -t UTF-8 <"$WORK/gb.out" >"$WORK/gb.utf8" 2>/dev/null &&
    [ "$(cat "$WORK/gb.utf8")" = "$utf" ]; then
	pass "list schools in a GB18030 locale is the UTF-8 list in GB18030"
else
	fail "list schools in a GB18030 locale:"; od -c "$WORK/gb.out" | head -5
fi
ntest=$((ntest + 1))
if iconv -f UTF-8 -t UTF-8 <"$WORK/gb.out" >/dev/null 2>&1; then
	fail "the GB18030 output is still UTF-8"
else
	pass "the GB18030 output is not UTF-8"
fi

# Errors too.
gb "$SHOUHU" --db "$DB" --lang zh show child 999999 >/dev/null 2>"$WORK/gb.err"
OUT=$(iconv -f GB18030 -t UTF-8 <"$WORK/gb.err")
has "找不到儿童" "an error in a GB18030 locale reads in Chinese"

# Each line of the children's list keeps its columns: in GB18030 a
# Chinese character is two bytes and two columns.
gb "$SHOUHU" --db "$DB" --lang zh list children >"$WORK/gbc.out"
"$SHOUHU" --db "$DB" --lang zh list children >"$WORK/utfc.out"
ntest=$((ntest + 1))
if iconv -f GB18030 -t UTF-8 <"$WORK/gbc.out" | cmp -s - "$WORK/utfc.out"; then
	pass "the children's list is the same in both character sets"
else
	fail "the children's list differs between GB18030 and UTF-8"
fi

# Data holding terminal controls: a note with OSC 52 (writes the
# clipboard) and a clear-screen sequence.
esc=$(printf '\033')
bel=$(printf '\007')
printf 'roster note %s]52;c;aGk=%s and %s[2J\n' "$esc" "$bel" "$esc" >"$WORK/note"
ntest=$((ntest + 1))
if "$SHOUHU" --db "$DB" --lang en nonexistent-command "$(cat "$WORK/note")" \
    2>"$WORK/err" >/dev/null; then
	fail "an unknown command succeeded"
elif grep -q "$esc" "$WORK/err" || grep -q "$bel" "$WORK/err"; then
	fail "an error message passed ESC or BEL to the terminal"
else
	pass "an error message quoting input has no control characters"
fi
finish

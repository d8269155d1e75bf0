#!/bin/sh
# The screens in a GB18030 locale (PuTTY set to GBK) write GB18030, not
# UTF-8; a Chinese search typed there finds the child; and in a locale
# that can show no Chinese (LANG=C) the first screen says how to set
# the terminal and the locale.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

command -v iconv >/dev/null || skip "iconv is not installed"
command -v script >/dev/null || skip "script (util-linux) is not installed"
loc="$WORK/locale"
mkdir -p "$loc"
if ! localedef -i zh_CN -f GB18030 "$loc/zh_CN.GB18030" >/dev/null 2>&1; then
	skip "localedef cannot make a zh_CN.GB18030 locale (package locales)"
fi
"$SHOUHU" --db "$DB" demo --children 20 --seed 5 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# The program under script(1), which keeps every byte it writes.
real=$SHOUHU
cat >"$WORK/under-script" <<EOS
#!/bin/sh
exec script -qfc "$real \$*" "$WORK/raw"
EOS
chmod +x "$WORK/under-script"

word=$(printf '儿童' | iconv -f UTF-8 -t GB18030)
SHOUHU="$WORK/under-script" start gb 80 24 LOCPATH="$loc" \
    LANG=zh_CN.GB18030 LC_ALL=zh_CN.GB18030
i=0
while [ $i -lt 100 ] && ! LC_ALL=C grep -qF "$word" "$WORK/raw" 2>/dev/null
do
	sleep 0.1
	i=$((i + 1))
done
ntest=$((ntest + 1))
LC_ALL=C grep -qF "$word" "$WORK/raw" 2>/dev/null &&
	pass "the main menu is written in GB18030" ||
	{ fail "no GB18030 儿童 in what the screens wrote"; od -c "$WORK/raw" | head; }
ntest=$((ntest + 1))
LC_ALL=C grep -qF '儿童' "$WORK/raw" &&
	fail "the screens wrote UTF-8 in a GB18030 locale" ||
	pass "and no UTF-8"
keys gb 0
dead gb

# LANG=C: the advice, then the screens in UTF-8.
start plain 80 24 LANG=C LC_ALL=C
expect plain "Translation" "in a locale with no Chinese the first screen says how to set PuTTY"
expect plain "Character set" "under a title in English too"
expect plain "LANG=C.UTF-8" "and the locale"
keys plain q
expect plain "儿童" "q goes on to the main menu, in UTF-8"
finish

#!/bin/sh
# pdf.sh -- printed pages as PDF, read back the way a user would: the
# page count and title (pdfinfo), the names and phones (pdftotext), the
# embedded font (pdffonts), and where the columns land on a rendered page
# (pdftoppm): the right-hand border of a call sheet and of a contact card
# must stand at the same place on every line, Chinese or not.
. "$TOP_SRCDIR/tests/lib.sh"

for t in pdfinfo pdftotext pdffonts pdftoppm; do
	command -v $t >/dev/null 2>&1 ||
	    skip "$t not found (Debian: apt-get install poppler-utils)"
done

SHEET="$TOP_BUILDDIR/tests/pdf-sheet"
DATA="$TOP_SRCDIR/tests/data/pdf-sheet.txt"
TITLE='青山镇中心学校 应急联络树 2026-12-04'

# check DESCRIPTION COMMAND...: one check, passing when COMMAND does.
check() {
	what=$1
	shift
	ntest=$((ntest + 1))
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# The grid lines (1-based, per page) of the data that end in a border.
border_lines() {
	awk -v page="$1" 'BEGIN { p = 1; n = 0 }
	    /^\f/ { p++; n = 0; sub(/^\f/, ""); if ($0 == "") next }
	    { n++ } p == page && /\|$/ { print n }' "$DATA"
}

# aligned PDF PAGE: the rightmost vertical stroke of every bordered line
# of PAGE is the same pixel column, the one of the grid's 80th column.
aligned() {
	pdftoppm -r 72 -gray -f "$2" -l "$2" "$1" "$WORK/page" || return 1
	"$SHEET" bars "$WORK"/page*.pgm >"$WORK/bars" || return 1
	rm -f "$WORK"/page*.pgm
	border_lines "$2" >"$WORK/want"
	[ -s "$WORK/want" ] || return 1
	# 80th cell's centre: (595.276 - 80 * 5.6) / 2 + 79.5 * 5.6 pt.
	awk 'NR == FNR { want[$1] = 1; nwant++; next }
	    ($1 in want) { got++; x[got] = $2 }
	    END {
		if (got != nwant) { print "bars on " got " of " nwant; exit 1 }
		for (i = 1; i <= got; i++) {
			if (x[i] - x[1] > 0.25 || x[1] - x[i] > 0.25) {
				print "line bar at " x[i] ", first at " x[1]
				exit 1
			}
			if (x[i] < 517.3 || x[i] > 520.3) {
				print "bar at " x[i] ", expected near 518.8"
				exit 1
			}
		}
	    }' "$WORK/want" "$WORK/bars"
}

# The sheet as the program lays it out, with the fonts installed here.
pdf="$WORK/sheet.pdf"
check "a two-page sheet renders" "$SHEET" render "$pdf" "$TITLE" <"$DATA"

pdfinfo "$pdf" >"$WORK/info" 2>&1
check "two pages" grep -q '^Pages: *2$' "$WORK/info"
check "the title is the sheet's" grep -q "^Title: *$TITLE\$" "$WORK/info"
check "A4" grep -q '^Page size: *595.276 x 841.89 pts (A4)' "$WORK/info"

pdftotext -layout "$pdf" "$WORK/text"
grep -o '1[0-9]\{10\}' "$DATA" >"$WORK/phones-want"
grep -o '1[0-9]\{10\}' "$WORK/text" >"$WORK/phones-got"
check "every phone reads back, in order" \
    cmp -s "$WORK/phones-want" "$WORK/phones-got"
# Each child's name on the same text line as the phone after it.
sed -n 's/.*[0-9]\. \([^（]*\)（.*：\(1[0-9]\{10\}\)；.*/\1 \2/p' "$DATA" \
    >"$WORK/pairs"
same_line() {
	[ -s "$WORK/pairs" ] || return 1
	while read -r name phone; do
		grep -F "$phone" "$WORK/text" | grep -qF "$name（" || {
			echo "$name and $phone are not read on one line"
			return 1
		}
	done <"$WORK/pairs"
}
check "names read back beside their phones" same_line
check "full-width punctuation reads back" \
    grep -qF '姓名：张伟' "$WORK/text"
check "full-width brackets read back" grep -qF '班级：三年级（2）班' "$WORK/text"
check "boxes and tick boxes read back" \
    grep -qF '+---+ 回报：联络员 王老师；未接通：[ ] 再拨 [ ] 上报' "$WORK/text"
lines_got=$(pdftotext -layout -f 1 -l 1 "$pdf" - | grep -c '[^[:space:]]')
check "one text line per grid line ($lines_got of 60)" [ "$lines_got" -eq 60 ]

pdffonts "$pdf" | tail -n +3 >"$WORK/fonts"
cjk_fonts() {
	grep -cE '^[A-Z]{6}\+[^ ]*(CJK|WenQuanYi|UMing|UKai|Sungti|Kaiti)' \
	    "$WORK/fonts"
}
check "one CJK font, embedded as a subset" [ "$(cjk_fonts)" -eq 1 ]
check "every font embedded, subset, with a character map" \
    awk 'NF < 7 || $(NF-4) != "yes" || $(NF-3) != "yes" ||
        $(NF-2) != "yes" { bad = 1 } END { exit bad + (NR == 0) }' \
    "$WORK/fonts"
bytes=$(wc -c <"$pdf")
check "pages stay small ($bytes bytes for 2)" [ "$bytes" -lt 150000 ]

check "the call sheet's right border is one column" aligned "$pdf" 1
check "the contact card's right border is one column" aligned "$pdf" 2

# Bad bytes are drawn, as U+FFFD.
printf '\377张三 13869162555\001\n' | "$SHEET" render "$WORK/bad.pdf" "$TITLE"
pdftotext "$WORK/bad.pdf" "$WORK/bad"
check "invalid UTF-8 reads back as U+FFFD" \
    grep -qF '�张三 13869162555�' "$WORK/bad"

# The same sheet with another font: only WenQuanYi Zen Hei, and with
# the Noto CJK fonts but not their monospaced face (the Latin letters
# then come from a monospaced Latin font).
font_dir() {
	f=$(fc-list -f '%{file}\n' ":family=$1" 2>/dev/null | head -n 1)
	[ -n "$f" ] && dirname "$f"
}
with_fonts() {
	conf="$WORK/fonts-$1.conf"
	{
		echo '<?xml version="1.0"?><fontconfig>'
		echo "<cachedir>$WORK/fc-cache</cachedir>"
		shift
		for d in "$@"; do echo "<dir>$d</dir>"; done
		echo '<selectfont><rejectfont><pattern>'
		echo '<patelt name="family"><string>Noto Sans Mono CJK SC</string>'
		echo '</patelt></pattern></rejectfont></selectfont></fontconfig>'
	} >"$conf"
	echo "$conf"
}
if wqy=$(font_dir 'WenQuanYi Zen Hei'); then
	pdf="$WORK/wqy.pdf"
	FONTCONFIG_FILE=$(with_fonts wqy "$wqy") \
	    "$SHEET" render "$pdf" "$TITLE" <"$DATA"
	check "WenQuanYi Zen Hei is embedded" \
	    sh -c "pdffonts '$pdf' | grep -q '^[A-Z]\{6\}+WenQuanYi'"
	check "with WenQuanYi the border is one column" aligned "$pdf" 1
fi
if noto=$(font_dir 'Noto Sans CJK SC') &&
    dejavu=$(font_dir 'DejaVu Sans Mono'); then
	pdf="$WORK/noto.pdf"
	FONTCONFIG_FILE=$(with_fonts noto "$noto" "$dejavu") \
	    "$SHEET" render "$pdf" "$TITLE" <"$DATA"
	check "Noto Sans CJK with DejaVu Sans Mono for Latin" \
	    sh -c "pdffonts '$pdf' | grep -q 'NotoSansCJKsc' &&
	        pdffonts '$pdf' | grep -q 'DejaVuSansMono'"
	check "with a Latin font the border is one column" aligned "$pdf" 1
	pdftotext -layout "$pdf" "$WORK/text"
	check "with a Latin font the phones read back" \
	    sh -c "grep -o '1[0-9]\{10\}' '$WORK/text' |
	        cmp -s - '$WORK/phones-want'"
fi

# Contact cards as the program prints them: every card's right-hand
# border stands where the text layout puts it, on every page.
"$SHOUHU" --db "$WORK/db" demo --children 60 --seed 5 >/dev/null 2>&1
school=$("$SHOUHU" --db "$WORK/db" list schools --format csv | sed -n 2p | cut -d, -f2)
"$SHOUHU" --db "$WORK/db" --lang zh print cards --school "$school" \
    --date 2026-12-04 -o "$WORK/cards.txt" >/dev/null 2>&1
"$SHOUHU" --db "$WORK/db" --lang zh print cards --school "$school" \
    --date 2026-12-04 -o "$WORK/cards.pdf" >/dev/null 2>&1
DATA="$WORK/cards.txt"
pages=$(pdfinfo "$WORK/cards.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
want=$(grep -c "$(printf '\f')" "$DATA")
check "the cards' PDF has as many pages as their text ($pages)" \
    test "${pages:-0}" -eq $((want + 1))
page=1
while [ "$page" -le "${pages:-0}" ]; do
	check "page $page of the contact cards: the right border is one column" \
	    aligned "$WORK/cards.pdf" "$page"
	page=$((page + 1))
done

# Every printout's PDF carries its job's title: the school, the
# document, the day, in the language printed in.
"$SHOUHU" --db "$WORK/db" --lang zh report summary --school "$school" \
    --date 2026-12-04 -o "$WORK/summary.pdf" >/dev/null 2>&1
check "the summary's PDF is titled \"$school 留守儿童统计表 2026-12-04\"" \
    sh -c "pdfinfo '$WORK/summary.pdf' | grep -qx 'Title: *$school 留守儿童统计表 2026-12-04'"
check "the cards' PDF is titled \"$school 联系卡 2026-12-04\"" \
    sh -c "pdfinfo '$WORK/cards.pdf' | grep -qx 'Title: *$school 联系卡 2026-12-04'"

finish

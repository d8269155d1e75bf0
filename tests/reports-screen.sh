#!/bin/sh
# The statistics screen (统计), in tmux and in Chinese: s in the main
# menu opens it; its figures are the summary's (report summary --format
# csv); bars grow with the terminal; the administrator switches from all
# schools to one; p prints every school's figures under the township's
# name, and writes one school's summary to a file.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

"$SHOUHU" --db "$DB" demo --children 60 --seed 11 >/dev/null ||
	{ echo "FAIL: demo"; exit 1; }

# field ROW COLUMN: a number of the summary's CSV.
field() {
	"$SHOUHU" --db "$DB" report summary --township --format csv | tr -d '\r' |
	    awk -F, -v row="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	    $1 == "all" && row == "all" || $1 == "school" && $2 == row { print $col[c] }'
}
total=$(field all children)
both=$(field all both_away)
poor=$(field all guardianship_poor)
school=$("$SHOUHU" --db "$DB" list schools --format csv | awk -F, 'NR == 2 { print $2 }')
stotal=$(field "$school" children)

# lp, to see the job's title.
fake_lp

start app 80 24 PATH="$WORK/bin:$PATH"
wait_for app "1" || { echo "FAIL: no menu"; exit 1; }
expect app "统计" "the main menu has the statistics"
keys app s
expect app "在校留守儿童：$total" "s opens the statistics of every school"
screen app | grep -E "父母均外出 +$both " >/dev/null
same $? 0 "both parents away, as the summary counts"
screen app | grep -E "差 +$poor " >/dev/null
same $? 0 "guardianship poor, as the summary counts"
expect app "█" "the figures are bars"
lines=$(screen app | wc -l)
ntest=$((ntest + 1))
[ "$lines" -le 24 ] && pass "it fits 80x24" || fail "$lines lines at 80x24"
wide80=$(screen app | grep "父母均外出" | tr -cd '█' | wc -c)

T resize-window -t app -x 120 -y 40
sleep 0.3
keys app Down
wait_re app "各校儿童|各班儿童" || true
wide120=$(screen app | grep "父母均外出" | tr -cd '█' | wc -c)
ntest=$((ntest + 1))
[ "$wide120" -gt "$wide80" ] && pass "a wider terminal has longer bars" ||
	fail "bars of $wide80 bytes at 80 columns, $wide120 at 120"
expect app "各校儿童" "a taller terminal shows the children of each school"
T resize-window -t app -x 80 -y 24

# All schools are the township's: printed under its name, as report
# summary --township prints them.
keys app p
expect app "打印统计表" "p prints every school's figures"
keys app Enter
expect app "办公室-7" "to lp"
same "$(sed -n 2p "$WORK/lp.args" | cut -d' ' -f1-2)" "石门乡 留守儿童统计表" \
    "the job is titled with the township's name"
if command -v pdftotext >/dev/null; then
	same "$(pdftotext -layout "$WORK/lp.in" - | head -n 1 | awk '{ print $2 }')" 石门乡 \
	    "and so are its pages"
fi

keys app s
expect app "统计范围" "s picks a school"
type_text app "$school"
keys app Enter
expect app "在校留守儿童：$stotal" "one school's figures"

keys app p
expect app "打印统计表" "p prints"
keys app Down Enter
expect app "写入文件" "to a file"
keys app C-u
type_text app "$WORK/summary.txt"
keys app Enter
expect app "统计表已写入文件" "the summary is written"
ntest=$((ntest + 1))
grep -q "留守儿童统计表" "$WORK/summary.txt" && pass "the file is the summary" ||
	fail "no summary in the file"

keys app q
expect app "1  " "q goes back to the menu"

# Many schools at 80x24: the lines below the figures scroll (Down, PgDn,
# End), the last one shown says how many are below, and every school can
# be seen; every bar is on one scale (a longer bar, a larger share); the
# labels' column fits "both parents away".
DB="$WORK/many"
"$SHOUHU" --db "$DB" demo --children 3000 --seed 7 >/dev/null ||
	{ echo "FAIL: demo of 3000"; exit 1; }
"$SHOUHU" --db "$DB" list schools --format csv | tail -n +2 |
    awk -F, '{ print $2 }' >"$WORK/schools"
LANG_OPT="--lang en" start many 80 24
wait_for many "1" || { echo "FAIL: no menu"; exit 1; }
keys many s
expect many "Children in school" "the statistics of many schools"
expect many "both parents away " "the label is whole"
wait_re many "more lines: Down, PgDn" || true
screen many | grep -qE "\.\.\. [0-9]+ more lines: Down, PgDn"
same $? 0 "the last line shown says how many lines are below"
screen many >"$WORK/seen"
last=
while :; do
	range=$(screen many | head -n 1 | grep -oE '[0-9]+-[0-9]+/[0-9]+')
	[ "$range" = "$last" ] && break
	last=$range
	keys many NPage
	i=0
	while [ $i -lt 50 ] && screen many | head -n 1 | grep -qF -- "$range"; do
		sleep 0.1
		i=$((i + 1))
	done
	screen many >>"$WORK/seen"
done
missing=$(while read -r sc; do grep -qF -- "$sc" "$WORK/seen" || echo "$sc"; done <"$WORK/schools")
same "$missing" "" "paging down shows every school"
ntest=$((ntest + 1))
screen many | grep -q "more lines" && fail "the last page still says more lines" ||
	pass "the last page says nothing more"
# Bars: sorted by share, never shorter than a smaller share's (but for
# the rounding of the share to a whole per cent: one half block).
awk '/[0-9]+% / {
	for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+%$/) p = $i + 0
	l = $0; n = gsub(/\xe2\x96\x88/, "", l) * 2 + gsub(/\xe2\x96\x8c/, "", l)
	print p, n }' "$WORK/seen" | sort -n -k1,1 -k2,2 | uniq >"$WORK/bars"
ntest=$((ntest + 1))
bad=$(awk '$2 < most - 1 { print } $2 > most { most = $2 }' "$WORK/bars")
[ -z "$bad" ] && [ -s "$WORK/bars" ] && pass "every bar as long as its share, on one scale" ||
	fail "bars out of scale (share, half blocks): $bad"
keys many Home
wait_re many " 1-[0-9]+/" >/dev/null
expect many "both parents away" "Home goes back to the top"
finish

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
mkdir -p "$WORK/bin"
cat >"$WORK/bin/lp" <<EOF
#!/bin/sh
printf '%s\n' "\$@" >"$WORK/lp.args"
cat >"$WORK/lp.in"
echo "request id is 办公室-7 (1 file(s))"
EOF
chmod +x "$WORK/bin/lp"

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
finish

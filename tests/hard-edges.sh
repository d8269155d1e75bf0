#!/bin/sh
# Hard edges, as a careless or hostile user meets them.  The database
# files: cut short, replaced by symbolic links, on read-only media, from
# a machine of another word size, under a small address-space limit, a
# writer stopped with Ctrl-Z, a demo killed with kill -9: each is a
# message and exit status 1, never a crash, a hang or "consistent".
# Then terminal controls in imported data, files that never end,
# impossible ages and names, and files named with -o that must not be
# written.
. "$TOP_SRCDIR/tests/lib.sh"

export SHOUHU_TEST_NOSYNC=1
ORIG="$WORK/orig"
DB=$ORIG
run 0 demo --children 300 --seed 3 || finish
run 0 export roster -o "$WORK/roster.csv"

# fresh NAME: a copy of the demo database in $DB.
fresh() {
	DB="$WORK/$1"
	rm -rf "$DB"
	cp -R "$ORIG" "$DB"
}

size=$(stat -c %s "$ORIG/data.mdb")
for cut in 0 8192 $((size / 2)) $((size - 4096)); do
	fresh cut
	truncate -s "$cut" "$DB/data.mdb"
	run 1 list children &&
		err_has "is damaged" "list of a data file cut to $cut bytes"
	err_has "restore a backup" "the message for $cut bytes says what to do"
	run 1 check && err_has "is damaged" "check of a file cut to $cut bytes"
	hasnt "consistent" "a file cut to $cut bytes is not called consistent"
done

# Damage inside the pages (bytes overwritten at random, fixed seeds):
# every command either works or says the database is damaged, with exit
# status 1; none dies of a signal or an assertion inside LMDB.
crashed=0
told=0
for seed in $(seq 1 40); do
	fresh flip
	awk -v seed="$seed" -v size="$size" 'BEGIN { srand(seed)
		for (i = 0; i < 20; i++)
			printf "%d %d\n", 8192 + int(rand() * (size - 8192)),
			    int(rand() * 256) }' |
	while read -r off byte; do
		# shellcheck disable=SC2059
		printf "$(printf '\\%03o' "$byte")" |
		    dd of="$DB/data.mdb" bs=1 seek="$off" conv=notrunc 2>/dev/null
	done
	rm -f "$WORK/flip.csv"
	for cmd in check "list children" "export roster -o $WORK/flip.csv"; do
		# shellcheck disable=SC2086
		"$SHOUHU" --db "$DB" $cmd >/dev/null 2>"$WORK/err" </dev/null
		rc=$?
		if [ $rc -gt 1 ]; then
			crashed=$((crashed + 1))
			echo "seed $seed: $cmd exited $rc: $(tail -1 "$WORK/err")"
		elif [ $rc -eq 1 ] && [ -s "$WORK/err" ]; then
			told=$((told + 1))
		fi
	done
done
is "40 damaged copies: no command died of the damage" "$crashed" 0
ntest=$((ntest + 1))
[ "$told" -gt 0 ] && pass "and the damage was said ($told times)" ||
	fail "no command said the copies were damaged"

fresh link
mv "$DB/lock.mdb" "$WORK/elsewhere.mdb"
ln -s "$WORK/elsewhere.mdb" "$DB/lock.mdb"
run 1 list children && err_has "lock.mdb is a symbolic link" \
	"a symbolic link for lock.mdb is refused"
fresh link2
mv "$DB/data.mdb" "$WORK/elsewhere-data.mdb"
ln -s "$WORK/elsewhere-data.mdb" "$DB/data.mdb"
run 1 list children && err_has "data.mdb is a symbolic link" \
	"a symbolic link for data.mdb is refused"
run 1 init && err_has "data.mdb is a symbolic link" \
	"init does not write through a symbolic link"

fresh notlmdb
head -c 65536 /dev/urandom >"$DB/data.mdb"
run 1 list children && err_has "not a database file" \
	"a data file of noise is refused"

# A data file laid out by a 32-bit build and one by a 64-bit build, with
# meta pages written by hand (empty trees): this build opens the one of
# its own word size and names the other.
meta() {	# meta FILE HEADER PAGE: flags, magic, version, page size, roots
	hdr=$2
	w=$((hdr - 8))
	off=$(($3 * 4096))
	at() { dd of="$1" bs=1 seek=$(($off + $2)) conv=notrunc 2>/dev/null; }
	printf '\010\000' | at "$1" $((w + 2))
	printf '\336\300\357\276\001\000\000\000' | at "$1" $hdr
	printf '\000\020\000\000' | at "$1" $((hdr + 8 + 2 * w))
	for db in 0 1; do
		head -c $w /dev/zero | tr '\000' '\377' |
		    at "$1" $((hdr + 8 + 2 * w + db * (8 + 5 * w) + 8 + 4 * w))
	done
	printf '\001' | at "$1" $((hdr + 8 + 2 * w + 2 * (8 + 5 * w)))
}
opened=
for bits in 32 64; do
	DB="$WORK/foreign$bits"
	mkdir -p "$DB"
	head -c 8192 /dev/zero >"$DB/data.mdb"
	hdr=$((bits == 64 ? 16 : 12))
	meta "$DB/data.mdb" $hdr 0
	meta "$DB/data.mdb" $hdr 1
	"$SHOUHU" --db "$DB" list children >"$WORK/out" 2>"$WORK/err" &&
	    opened="$opened $bits" && continue
	ERR=$(cat "$WORK/err")
	err_has "made by a $bits-bit build" \
		"a database of another word size ($bits) is named as such"
	err_has "backup --portable" "and the message says how to move it"
done
ntest=$((ntest + 1))
case $opened in
" 32"|" 64") pass "the database of this build's word size opens" ;;
*) fail "opened: $opened" ;;
esac

# Read-only media: a copy whose files this user cannot write.
fresh ro
if [ "$(id -u)" = 0 ]; then
	# Another user, who must be one of the database's.
	nobody=$(getent passwd 65534 | cut -d: -f1)
	[ -n "$nobody" ] && run 0 user add "$nobody" --staff 1 \
		--roles administrator
fi
rm -f "$DB/lock.mdb" "$DB/write.lock"
chmod 755 "$DB"
chmod 644 "$DB/data.mdb"
if [ "$(id -u)" = 0 ]; then
	as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
	[ -n "$nobody" ] && $as_other true 2>/dev/null || as_other=
	chmod 755 "$WORK"
else
	as_other=env
	chmod 555 "$DB"
	chmod 444 "$DB/data.mdb"
fi
if [ -n "$as_other" ]; then
	ntest=$((ntest + 1))
	if OUT=$($as_other "$SHOUHU" --db "$DB" list children 2>"$WORK/err"); then
		pass "a read-only copy opens for reading"
	else
		fail "a read-only copy: $(cat "$WORK/err")"
	fi
	has "蔡" "the read-only copy lists its children"
	ntest=$((ntest + 1))
	if OUT=$($as_other "$SHOUHU" --db "$DB" check 2>"$WORK/err"); then
		pass "check of a read-only copy"
	else
		fail "check of a read-only copy: $(cat "$WORK/err")"
	fi
	# Commands that write an audit entry still read a copy they
	# cannot write to.
	kid=$($as_other "$SHOUHU" --db "$DB" list children --format csv |
	    sed -n 2p | cut -d, -f1)
	ntest=$((ntest + 1))
	if OUT=$($as_other "$SHOUHU" --db "$DB" show child "$kid" 2>"$WORK/err"); then
		pass "a child's file opens from a read-only copy"
	else
		fail "show child of a read-only copy: $(cat "$WORK/err")"
	fi
	ntest=$((ntest + 1))
	if OUT=$(cd "$WORK" && $as_other "$SHOUHU" --db "$DB" export roster 2>"$WORK/err"); then
		pass "a read-only copy exports its roster"
	else
		fail "export roster of a read-only copy: $(cat "$WORK/err")"
	fi
	has "蔡" "the roster of the read-only copy has its children"
	ntest=$((ntest + 1))
	if $as_other "$SHOUHU" --db "$DB" init --school 新学校 \
	    >/dev/null 2>"$WORK/err"; then
		fail "a read-only copy was written"
	else
		pass "a write to a read-only copy fails"
	fi
	ERR=$(cat "$WORK/err")
	err_has "$DB" "and the message names the database"
	# The screens open it for reading too: the list, a child's file.
	if command -v tmux >/dev/null 2>&1; then
		. "$TOP_SRCDIR/tests/tmux.sh"
		LANG_OPT="--lang en"
		# shellcheck disable=SC2086
		start ro 80 24 $as_other
		expect ro "Incidents" "the screens open a read-only copy"
		keys ro 1
		expect ro "grade 1 class 1" "and list its children"
		keys ro Enter
		expect ro "Contact card" "and open a child's file"
		keys ro Escape
		LANG_OPT=
	fi
else
	echo "SKIP: no other user to be for the read-only copy"
fi

# An address-space limit of about 200 MB (shared servers).
fresh small
if (ulimit -v 200000 && "$SHOUHU" --version) >/dev/null 2>&1; then
	ntest=$((ntest + 1))
	if (ulimit -v 200000 && "$SHOUHU" --db "$DB" list children) \
	    >"$WORK/out" 2>"$WORK/err"; then
		pass "a database opens under ulimit -v 200000"
	else
		fail "under ulimit -v 200000: $(cat "$WORK/err")"
	fi
	DB="$WORK/small2"
	ntest=$((ntest + 1))
	if (ulimit -v 200000 && "$SHOUHU" --db "$DB" demo --children 5000) \
	    >"$WORK/out" 2>"$WORK/err"; then
		pass "the map grows on demand under ulimit -v 200000"
	else
		fail "a demo under ulimit -v 200000: $(cat "$WORK/err")"
	fi
	run 0 check && has "child 5000" "and the database made so is whole"
else
	echo "SKIP: this build cannot run under ulimit -v (sanitizers?)"
fi

# holds_lock PID: PID holds the write lock (an fcntl lock on write.lock).
holds_lock() {
	[ -f "$DB/write.lock" ] || return 1
	ino=$(stat -c %i "$DB/write.lock")
	grep -q "POSIX *ADVISORY *WRITE $1 [0-9a-f]*:[0-9a-f]*:$ino " /proc/locks
}

# stop_when_locked PID: stops PID (as Ctrl-Z does) once it holds the
# write lock (20 s at most).
stop_when_locked() {
	i=0
	while ! holds_lock $1 && [ $i -lt 400 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	kill -STOP $1
}

# A writer stopped with Ctrl-Z (SIGSTOP) in the middle of a change.
if [ -r /proc/locks ]; then
	DB="$WORK/stopped"
	"$SHOUHU" --db "$DB" demo --children 20000 >/dev/null 2>&1 &
	pid=$!
	stop_when_locked $pid
	start=$(date +%s)
	run 1 --wait 2 init --school 新学校 &&
		err_has "process $pid" "a waiting writer names the one it waits for"
	err_has "more than 2 seconds" "and gives up after --wait seconds"
	took=$(($(date +%s) - start))
	ntest=$((ntest + 1))
	if [ $took -ge 2 ] && [ $took -le 6 ]; then pass "it waited about 2 s"
	else fail "it waited $took s"; fi
	run 0 list children && pass "readers go on while the writer is stopped"
	run 2 --wait soon list children && err_has "--wait" "--wait wants seconds"
	kill -CONT $pid
	wait $pid
	run 0 check && has "child 20000" "the stopped writer finishes when woken"

	# While a writer is stopped, a child's file, an export and a print
	# wait for their entry in the audit trail, and give up showing or
	# writing nothing.
	# (A roster of 3,000 keeps a writer busy long enough to be stopped.)
	"$SHOUHU" --db "$WORK/mid" demo --children 3000 --seed 9 >/dev/null 2>&1
	"$SHOUHU" --db "$WORK/mid" export roster -o "$WORK/big.csv" >/dev/null 2>&1
	DB="$WORK/held"
	"$SHOUHU" --db "$DB" demo --children 30 --seed 2 >/dev/null 2>&1
	school=$("$SHOUHU" --db "$DB" list schools --format csv | sed -n 2p |
	    cut -d, -f2)
	"$SHOUHU" --db "$DB" import roster "$WORK/big.csv" >/dev/null 2>&1 &
	pid=$!
	stop_when_locked $pid
	run 1 --wait 1 show child 1
	err_has "audit trail could not be written" "a child's file waits for its audit entry"
	hasnt "Birth date" "and is not shown without it"
	run 1 --wait 1 export roster -o "$WORK/held.csv"
	ntest=$((ntest + 1))
	[ ! -e "$WORK/held.csv" ] && pass "an export unrecorded writes nothing" ||
		fail "the roster was exported with no audit entry"
	run 1 --wait 1 print cards --school "$school" -o "$WORK/held.txt"
	ntest=$((ntest + 1))
	[ ! -e "$WORK/held.txt" ] && pass "nor does a print" ||
		fail "the cards were printed with no audit entry"
	kill -CONT $pid
	wait $pid
	run 0 show child 1 && has "Birth date" "once the writer is done, the file shows"

	# Less address space than the file (28 MB) needs: said, with how much.
	runs_in=
	for lim in 10000 15000 20000 25000; do
		(ulimit -v $lim && "$SHOUHU" --version) >/dev/null 2>&1 &&
		    runs_in=$lim && break
	done
	if [ -n "$runs_in" ]; then
		ntest=$((ntest + 1))
		(ulimit -v $lim && "$SHOUHU" --db "$DB" list children) \
		    >"$WORK/out" 2>"$WORK/err"
		ERR=$(cat "$WORK/err")
		case "$ERR" in
		*"needs at least"*" MB"*) pass "too little address space is said" ;;
		*) fail "under ulimit -v $lim: $ERR" ;;
		esac
	fi
else
	echo "SKIP: no /proc/locks"
fi

# The data file cut short while a reader is at work (SIGBUS): said, and
# exit status 1, not a crash.
if [ -r /proc/locks ] && [ -d "$WORK/stopped" ]; then
	DB="$WORK/stopped"
	ino=$(stat -c %i "$DB/lock.mdb")
	try=0
	while [ $try -lt 3 ]; do
		try=$((try + 1))
		fresh_big="$WORK/cutlive"
		rm -rf "$fresh_big"
		cp -R "$DB" "$fresh_big"
		ino=$(stat -c %i "$fresh_big/lock.mdb")
		# (Under AddressSanitizer the program's own handler of the
		# fault is the one wanted.)
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_sigbus=0" \
		    "$SHOUHU" --db "$fresh_big" check >/dev/null 2>"$WORK/err" &
		pid=$!
		i=0
		while ! grep -q "POSIX *ADVISORY *READ $pid [0-9a-f]*:[0-9a-f]*:$ino " \
		    /proc/locks && [ $i -lt 200 ]; do
			sleep 0.01
			i=$((i + 1))
		done
		truncate -s 8192 "$fresh_big/data.mdb"
		wait $pid
		got=$?
		[ $got -ne 0 ] && break
	done
	ntest=$((ntest + 1))
	ERR=$(cat "$WORK/err")
	case "$got:$ERR" in
	1:*"changed size while in use"*) pass "a file cut short under a reader is said" ;;
	*) fail "a file cut short under a reader: exit $got: $ERR" ;;
	esac
fi

# A demo killed with kill -9 at a moment chosen from a fixed seed leaves
# all of the township or nothing, and check finds no problem.
seed=${DAMAGE_SEED:-20261204}
r=$seed
round=0
while [ $round -lt 5 ]; do
	round=$((round + 1))
	r=$(( (r * 1103515245 + 12345) % 2147483648 ))
	ms=$(( 30 + r % 1800 ))
	DB="$WORK/killed$round"
	"$SHOUHU" --db "$DB" demo --children 20000 >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	what="round $round (seed $seed, killed after $ms ms)"
	if [ ! -e "$DB/data.mdb" ]; then
		ntest=$((ntest + 1))
		pass "$what: killed before the database was made"
		continue
	fi
	run 0 check || { echo "$what: $ERR"; continue; }
	case "$OUT" in
	*"child 20000"*|*"consistent: ;"*|*"consistent: ; "*)
		ntest=$((ntest + 1)); pass "$what: all or nothing" ;;
	*" child "*) fail "$what: a part of the demo was left: $OUT" ;;
	*) ntest=$((ntest + 1)); pass "$what: nothing left" ;;
	esac
	run 0 list children --format csv
	rows=$(printf '%s\n' "$OUT" | wc -l)
	ntest=$((ntest + 1))
	case $rows in
	1|20001) pass "$what: the list has $((rows - 1)) children" ;;
	*) fail "$what: the list has $((rows - 1)) children" ;;
	esac
done

# ---- Terminal controls in imported data never reach the terminal ----
DB="$WORK/esc"
run 0 demo --children 20 --seed 3
esc=$(printf '\033')
bel=$(printf '\007')
head -1 "$WORK/roster.csv" | tr -d '\r' | cut -d, -f1-22 >"$WORK/esc.csv"
# A bad phone holding OSC 52 (writes the clipboard), a note holding a
# clear-screen sequence.
printf '%s\n' "柳树乡中心学校,三年级,2班,林小雨,女,汉族,2016-03-02,,双河村1组,否,林强,浙江省杭州市,${esc}]52;c;aGk=${bel},,,,王秀英,祖母,13800000001,一般,," \
    "柳树乡中心学校,三年级,2班,林小雪,女,汉族,2016-03-02,,双河村1组,否,林强,浙江省杭州市,13800000002,,,,王秀英,祖母,13800000001,一般,,注意${esc}[2J" >>"$WORK/esc.csv"
run 1 --lang en import roster "$WORK/esc.csv"
ntest=$((ntest + 1))
case "$OUT$ERR" in
*"$esc"* | *"$bel"*) fail "an import's message passed ESC or BEL to the terminal" ;;
*) pass "an import's message quoting a bad cell has no control characters" ;;
esac
err_has "control character" "a note with an escape sequence is refused, not stored"
# An address holding a control sequence (CSI as one C1 character) is
# said to hold control characters, not text damaged by a conversion
# between encodings.
csi=$(printf '\302\233')
head -1 "$WORK/esc.csv" >"$WORK/esc2.csv"
printf '%s\n' "柳树乡中心学校,三年级,2班,林小雨,女,汉族,2016-03-02,,双河村${csi}31m1组,否,林强,浙江省杭州市,13800000002,,,,王秀英,祖母,13800000001,一般,," >>"$WORK/esc2.csv"
run 1 --lang en import roster "$WORK/esc2.csv"
err_has "control characters (such as Esc)" "an address with Esc is said to hold control characters"
OUT=$ERR
hasnt "between encodings" "not text damaged by an encoding"
run 0 list children --search 林小 && hasnt "林小" "nothing of that roster was stored"
# The same in every column of the roster, in both languages: whatever
# the column's check says of the cell, no control byte is shown.
good="柳树乡中心学校,三年级,2班,林小雪,女,汉族,2016-03-02,,双河村1组,否,林强,浙江省杭州市,13800000002,,,,王秀英,祖母,13800000001,一般,,"
leaked=
for col in $(seq 1 22); do
	head -1 "$WORK/esc.csv" >"$WORK/esc1.csv"
	printf '%s\n' "$good" | awk -F, -v OFS=, -v c="$col" \
	    -v bad="X${esc}[2J${esc}]52;c;aGk=${bel}Y" '{ $c = bad; print }' \
	    >>"$WORK/esc1.csv"
	for lang in en zh; do
		"$SHOUHU" --db "$DB" --lang "$lang" import roster \
		    "$WORK/esc1.csv" >"$WORK/out" 2>&1
		case "$(cat "$WORK/out")" in
		*"$esc"* | *"$bel"*) leaked="$leaked $col/$lang" ;;
		esac
	done
done
is "a control sequence in any of the 22 columns never reaches the terminal" \
    "$leaked" ""

# ---- Files that never end, or are no files ----
run 1 import roster /dev/zero && err_has "device" "import of /dev/zero is refused"
mkfifo "$WORK/fifo" 2>/dev/null &&
	{ run 1 import roster "$WORK/fifo" && err_has "pipe" "import of a FIFO is refused"; }
run 1 import roster "$WORK" && err_has "$WORK" "import of a directory is refused"

# ---- Impossible ages and names ----
# age_row NAME BIRTH: a roster of one child.
age_row() {
	head -1 "$WORK/roster.csv" | tr -d '\r' | cut -d, -f1-22 >"$WORK/age.csv"
	printf '%s\n' "柳树乡中心学校,三年级,2班,$1,女,汉族,$2,,双河村1组,否,,,,,,,王秀英,祖母,13800000011,一般,," >>"$WORK/age.csv"
}
age_row 王一 1900-01-01
run 1 --lang en import roster "$WORK/age.csv" &&
	err_has "王一" "a birth date in 1900 is refused for a child in school"
age_row 王二 2100-01-01
run 1 --lang en import roster "$WORK/age.csv" &&
	err_has "王二" "a birth date in 2100 is refused"
age_row ㅤㅤ 2016-01-01
run 1 --lang en import roster "$WORK/age.csv" &&
	err_has "row 2" "a name of filler characters is refused"
age_row "王$(printf '\314\201\314\201\314\201\314\201\314\201')芳" 2016-01-01
run 1 --lang en import roster "$WORK/age.csv" &&
	err_has "row 2" "a name of stacked combining marks is refused"
run 0 list children --search 王一 && hasnt "王一" "nothing of the refused rosters was written"

# ---- Files named with -o ----
printf 'the school roster\n' >"$WORK/mine.csv"
run 1 export roster -o "$WORK/mine.csv" && err_has "--force" "export refuses an existing file"
same "$(cat "$WORK/mine.csv")" "the school roster" "and leaves it as it was"
run 0 export roster -o "$WORK/mine.csv" --force
grep -q 柳树乡中心学校 "$WORK/mine.csv"
same $? 0 "--force replaces it"
same "$(stat -c %a "$WORK/mine.csv")" 600 "the roster written is the user's alone"
run 1 export roster -o /dev/full --force && err_has "/dev/full" "export to a device is refused"
[ -c /dev/full ]
same $? 0 "and /dev/full is still a device"
run 1 export roster -o "$WORK" --force && err_has "directory" "export to a directory is refused"
ln -s "$WORK/mine.csv" "$WORK/link.csv"
run 1 export roster -o "$WORK/link.csv" --force && err_has "symbolic link" "export through a symbolic link is refused"
run 1 print cards --school 柳树乡中心学校 -o /dev/full && err_has "/dev/full" "print to a device is refused"

finish

#!/bin/sh
# install.sh -- a township server: `make install` into a throwaway
# prefix, `shouhu setup`, then staff logins (throwaway users outside the
# group) reach the shared database only through the program, and what
# they write is theirs.  Needs root: it makes users and a group.

. "$TOP_SRCDIR/tests/lib.sh"

# What this machine is, for reading a failure from afar.
echo "environment: $(id); umask $(umask); $(uname -sr);" \
    "$(grep -h '^PRETTY_NAME' /etc/os-release 2>/dev/null);" \
    "TMPDIR=${TMPDIR:-}; $WORK on $(findmnt -n -T "$WORK" -o TARGET,FSTYPE,OPTIONS 2>&1);" \
    "$(grep -h '^Cap\(Eff\|Bnd\)\|^NoNewPrivs\|^Seccomp:' /proc/self/status | tr -s '\t\n' ' ')"

[ "$(id -u)" = 0 ] || skip "install.sh makes throwaway users and a group: run as root"
for t in useradd userdel usermod gpasswd groupdel setpriv getent findmnt stat; do
	command -v "$t" >/dev/null 2>&1 || skip "$t is missing"
done
grep -q '^NoNewPrivs:[[:space:]]*1' /proc/self/status 2>/dev/null &&
	skip "no_new_privs is set for this process: the setgid bit does nothing here"

# The program trusts an installed copy only below directories that are
# root's, are not symbolic links, and that nobody else may write (but
# for sticky ones, such as /tmp), as a real prefix is.  trusted DIR: DIR
# and every directory above it are so.
trusted() {
	d=$1
	while :; do
		[ -L "$d" ] && return 1
		[ "$(stat -c %u "$d" 2>/dev/null)" = 0 ] || return 1
		case "$(stat -c %A "$d")" in
		?????w???[!tT] | ????????w[!tT]) return 1 ;;
		esac
		[ "$d" = / ] && return 0
		d=$(dirname "$d")
	done
}
# suid_ok DIR: DIR's file system honours the setgid bit.
suid_ok() {
	case ",$(findmnt -n -T "$1" -o OPTIONS)," in
	*,nosuid,*) return 1 ;;
	esac
	return 0
}
# The prefix goes below the test's directory when that is such a place,
# else below the first of /tmp and /var/tmp that is.
if ! trusted "$(dirname "$WORK")" || ! suid_ok "$WORK"; then
	base=
	for b in /tmp /var/tmp; do
		if trusted "$b" && suid_ok "$b"; then
			base=$b
			break
		fi
	done
	[ -n "$base" ] || skip "no directory here is root's alone on a file" \
	    "system that honours the setgid bit ($WORK, /tmp, /var/tmp)"
	rm -rf "$WORK"
	WORK=$(mktemp -d "$base/shouhu-$TEST_NAME.XXXXXX")
	DB="$WORK/db"
	HOME="$WORK/home"
	mkdir -p "$HOME"
	echo "working in $WORK"
fi

# Messages in English whatever the host; no leak reports from a setgid
# program under the sanitizers (it may not be traced).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
unset MAKEFLAGS MFLAGS MAKELEVEL

n=$$
G=shg$n
U1=sha$n
U2=shb$n
# -f: also while a process of the user (the screens) is still ending.
undo() {
	for u in "$U1" "$U2"; do
		getent passwd "$u" >/dev/null && userdel -f "$u" >/dev/null 2>&1
		getent passwd "$u" >/dev/null && echo "FAIL: user $u is left"
	done
	getent group "$G" >/dev/null && groupdel "$G"
}
cleanup_hooks=undo
trap 'exit 1' HUP INT TERM

chmod 755 "$WORK"
# What an administrator installs with; a stricter umask is tried below.
umask 022
P=$WORK/prefix
DBDIR=$WORK/var/db
SH=$P/bin/shouhu
CONF=$P/etc/shouhu.conf
useradd -M -d "$WORK/h1" -s /bin/sh "$U1" || skip "useradd failed"
useradd -M -d "$WORK/h2" -s /bin/sh "$U2" || skip "useradd failed"
mkdir -m 700 "$WORK/h1" "$WORK/h2"
chown "$U1:" "$WORK/h1"
chown "$U2:" "$WORK/h2"

# as USER CMD...: runs CMD as USER (his own group only), in his home.
as() {
	u=$1
	shift
	home=$(getent passwd "$u" | cut -d: -f6)
	(cd "$home" && setpriv --reuid="$u" --regid="$(id -g "$u")" \
	    --clear-groups env HOME="$home" "$@")
}
# sh_as WANT USER ARGS...: the installed shouhu as USER; $OUT, $ERR.
sh_as() {
	want=$1
	u=$2
	shift 2
	captured "$want" "$u: shouhu $*" as "$u" "$SH" "$@"
}
# The names and rights of a file: "owner:group mode".
rights() { stat -c '%U:%G %a' "$1"; }

# Does a setgid program take its group here?  A copy of id(1), setgid to
# the second login's group, run by the first.
mkdir -m 755 "$WORK/probe"
cp "$(command -v id)" "$WORK/probe/id" && chgrp "$(id -g "$U2")" "$WORK/probe/id" &&
	chmod 2755 "$WORK/probe/id" || skip "cannot make a setgid copy of id"
[ "$(as "$U1" "$WORK/probe/id" -g 2>&1)" = "$(id -g "$U2")" ] ||
	skip "a setgid program does not take its group here ($(as "$U1" "$WORK/probe/id" 2>&1))"
rm -r "$WORK/probe"

# ---- make install, before the group exists: no setgid, and how to finish.
OUT=$(make -C "$TOP_BUILDDIR" install prefix="$P" SHOUHU_GROUP="$G" 2>&1)
ntest=$((ntest + 1))
[ -x "$SH" ] && pass "make install put the program under the prefix" ||
	{ fail "make install: $OUT"; finish; }
has "without the setgid bit" "the install says it did not make the program setgid"
has "shouhu setup" "and says how to finish"
is "the program is installed plain" "$(rights "$SH")" "root:root 755"

# ---- setup as a staff login: refused.
sh_as 1 "$U1" setup --group "$G" --dir "$DBDIR"
OUT=$ERR
has "must be run by root" "setup refuses a staff login"
ntest=$((ntest + 1))
[ ! -e "$DBDIR" ] && [ ! -e "$CONF" ] && pass "and changes nothing" ||
	fail "a refused setup left $DBDIR or $CONF"

# ---- setup from the build tree: refused, so no build is ever setgid.
OUT=$(SHOUHU_CONF="$WORK/build.conf" "$SHOUHU" setup --group "$G" \
    --dir "$WORK/build-db" 2>&1)
has "not an installed copy" "setup refuses a program that is not installed"
ntest=$((ntest + 1))
[ ! -e "$WORK/build-db" ] && [ ! -e "$WORK/build.conf" ] &&
    ! getent group "$G" >/dev/null && pass "and changes nothing" ||
	fail "setup from the build tree changed something"

# ---- setup as root.
OUT=$("$SH" setup --group "$G" --dir "$DBDIR" --township 青山镇 2>&1)
rc=$?
ntest=$((ntest + 1))
[ $rc -eq 0 ] && pass "setup" || fail "setup exited $rc: $OUT"
has "Made the system group $G" "setup makes the group"
is "the database directory is root's and the group's alone" \
    "$(rights "$DBDIR")" "root:$G 2770"
is "the program is setgid to the group" "$(rights "$SH")" "root:$G 2755"
is "the data file belongs to root and the group" \
    "$(rights "$DBDIR/data.mdb")" "root:$G 660"
is "the configuration is readable by all" "$(rights "$CONF")" "root:root 644"
OUT=$(cat "$CONF")
has "database = $DBDIR" "the configuration names the database"
has "township = 青山镇" "and the township"

# Installed again with the group there: the install itself sets the bit.
OUT=$(make -C "$TOP_BUILDDIR" install prefix="$P" SHOUHU_GROUP="$G" 2>&1)
has "setgid (mode 2755)" "make install as root with the group makes it setgid"
is "the reinstalled program is setgid" "$(rights "$SH")" "root:$G 2755"

# ---- a second setup changes nothing and says so.
before=$(ls -l --time-style=+%s.%N "$DBDIR" "$CONF" "$SH"; cat "$CONF")
conf_before=$(cat "$CONF")
OUT=$("$SH" setup --group "$G" 2>&1)
has "Nothing to change" "a second setup says there is nothing to change"
is "and changes nothing" "$(ls -l --time-style=+%s.%N "$DBDIR" "$CONF" "$SH"; cat "$CONF")" "$before"
# An install made under umask 077 leaves directories staff cannot enter:
# setup says so, with the fix.
chmod 700 "$P/bin"
OUT=$("$SH" setup --group "$G" 2>&1)
has "staff logins cannot reach $SH: $P/bin is mode 700 (chmod o+x $P/bin)" \
    "setup says when staff logins cannot reach the program"
chmod 755 "$P/bin"
chmod 600 "$CONF"
OUT=$("$SH" setup --group "$G" 2>&1)
has "cannot reach $CONF: $CONF is mode 600 (chmod o+r $CONF)" \
    "or cannot read the configuration"
chmod 644 "$CONF"
OUT=$("$SH" setup --group "$G" --township 白水镇 2>&1)
has "--force" "setup will not rewrite a configuration that says otherwise"
is "which stays as it was" "$(cat "$CONF")" "$conf_before"

# A directory it cannot safely take is refused, and nothing changes.
ln -s "$WORK/h1" "$WORK/var/link"
mkdir "$WORK/var/hers"
chown "$U1:" "$WORK/var/hers"
hers=$(stat -c %U:%G:%a "$WORK/var/hers")
OUT=$("$SH" setup --group "$G" --dir "$WORK/var/link" --force 2>&1)
has "symbolic link" "setup refuses a symbolic link for the directory"
OUT=$("$SH" setup --group "$G" --dir "$WORK/var/hers" --force 2>&1)
has "belongs to $U1" "setup refuses a directory of another user"
is "and the configuration stays" "$(cat "$CONF")" "$conf_before"
is "the directory of another user stays his" \
    "$(stat -c %U:%G:%a "$WORK/var/hers")" "$hers"
ntest=$((ntest + 1))
[ -z "$(ls -A "$WORK/var/hers")" ] && pass "and empty" ||
	fail "setup wrote into a directory of another user"

# Records, made through the program by root.
"$SH" demo --children 40 --seed 7 >/dev/null 2>&1 || fail "demo as root"
# The township named at setup names what is the whole township's.
OUT=$("$SH" --lang en calltree generate --township 2>&1)
has "\"青山镇 call tree\"" "the configuration's township names the township's call tree"

# ---- staff: not the files, only the program.
ntest=$((ntest + 1))
as "$U1" cat "$DBDIR/data.mdb" >/dev/null 2>&1 &&
	fail "a staff login read data.mdb" || pass "a staff login cannot read data.mdb"
ntest=$((ntest + 1))
as "$U1" cat "$DBDIR/lock.mdb" >/dev/null 2>&1 &&
	fail "a staff login read lock.mdb" || pass "a staff login cannot read lock.mdb"
# Only logins linked to a staff member use it: root, who made it, links
# them, and an unlinked login is told what to ask for.
OUT=$("$SH" user list 2>&1)
has "root  " "root, who made the database, is its first user"
has "administrator, without a staff member (created the database)" \
    "an administrator without a staff record"
"$SH" user add "$U1" --staff 1 --roles administrator >/dev/null 2>&1 ||
	fail "root links a staff login"
sh_as 1 "$U2" list children
OUT=$ERR
has "$U2 is not a user of this database; ask the administrator for: shouhu user add $U2" \
    "an unlinked staff login is refused, and told what to ask for"
"$SH" user add "$U2" --staff 2 --roles supervisor >/dev/null 2>&1 ||
	fail "root links another staff login"
root_list=$("$SH" list children --format csv 2>&1)
sh_as 0 "$U1" list children --format csv
is "a staff login lists the children through the program" "$OUT" "$root_list"
ntest=$((ntest + 1))
[ "$(printf '%s\n' "$OUT" | wc -l)" -gt 40 ] && pass "all forty of them" ||
	fail "the list holds $(printf '%s\n' "$OUT" | wc -l) lines"
sh_as 0 "$U2" show child 1
has "#1" "another staff login shows a child"

# A login put in the group by mistake is told so.
usermod -a -G "$G" "$U2"
ntest=$((ntest + 1))
(cd "$WORK/h2" && setpriv --reuid="$U2" --regid="$(id -g "$U2")" \
    --init-groups "$SH" list schools) >"$WORK/out" 2>"$WORK/err" ||
	fail "a member of the group: $(cat "$WORK/err")"
OUT=$(cat "$WORK/err")
has "$U2 is a member of group $G" "a member of the group is warned"
gpasswd -d "$U2" "$G" >/dev/null
sh_as 0 "$U2" list schools
OUT=$ERR
hasnt "member" "a login outside the group is not"

# Where the setgid bit does nothing (no_new_privs here; a nosuid mount
# alike), a staff login is told, not given a private database.
ntest=$((ntest + 1))
as "$U1" setpriv --no-new-privs "$SH" list children >"$WORK/out" 2>"$WORK/err" &&
	fail "without the setgid bit taking effect the list ran" ||
	pass "without the setgid bit taking effect nothing is listed"
OUT=$(cat "$WORK/err")
has "installed setgid to group $G but runs without it" "and the user is told why"
ntest=$((ntest + 1))
[ ! -e "$WORK/h1/.local/share/shouhu" ] && pass "no private database is made" ||
	fail "a private database was made"

# ---- --db and $SHOUHU_DB.
sh_as 1 "$U1" --db "$DBDIR" list children
OUT=$ERR
has "not a directory you can open yourself" "--db naming the system database is refused"
has "$DBDIR (from $CONF)" "the refusal names the configured database"
ntest=$((ntest + 1))
as "$U1" env SHOUHU_DB="$DBDIR" "$SH" list children >"$WORK/out" 2>"$WORK/err" &&
	fail "\$SHOUHU_DB naming the system database was honoured" ||
	pass "\$SHOUHU_DB naming the system database is refused"
OUT=$(cat "$WORK/err")
has "\$SHOUHU_DB $DBDIR" "the refusal says it was \$SHOUHU_DB"
sh_as 0 "$U2" --db "$WORK/h2/mine" init --school 白水小学
is "a staff login's private database is his" \
    "$(stat -c %U:%G "$WORK/h2/mine/data.mdb")" "$U2:$(id -gn "$U2")"
sh_as 1 "$U1" --db "$WORK/h2/mine" list schools
OUT=$ERR
has "not a directory you can open yourself" "another user's private database is refused"
sh_as 0 "$U2" --db "$WORK/h2/mine" list schools
has "白水小学" "the owner uses his private database as before"
# $HOME and $XDG_DATA_HOME lead nowhere while setgid.
ntest=$((ntest + 1))
as "$U2" env XDG_DATA_HOME="$WORK/h2/mine/.." "$SH" list schools >"$WORK/out" 2>&1
grep -q 白水小学 "$WORK/out" && fail "\$XDG_DATA_HOME chose the database" ||
	pass "\$XDG_DATA_HOME does not choose the database"

# Nor does $SHOUHU_LOCALEDIR choose the messages (a catalog's formats
# would run with the group's rights still at hand).
mkdir -p "$WORK/h1/locale/zh_CN/LC_MESSAGES"
printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Commands:"\nmsgstr "PLANTED"\n' |
    msgfmt -o "$WORK/h1/locale/zh_CN/LC_MESSAGES/shouhu.mo" - 2>/dev/null
chown -R "$U1:" "$WORK/h1/locale"
OUT=$(SHOUHU_LOCALEDIR="$WORK/h1/locale" "$SHOUHU" --lang zh help 2>&1)
has "PLANTED" "(a program not setgid takes the catalog named)"
OUT=$(as "$U1" env SHOUHU_LOCALEDIR="$WORK/h1/locale" "$SH" --lang zh help 2>&1)
hasnt "PLANTED" "the setgid program ignores \$SHOUHU_LOCALEDIR"

# ---- what a staff login writes is his, not the group's.
sh_as 0 "$U1" export roster -o "$WORK/h1/roster.csv"
is "an export belongs to the user" "$(stat -c %U:%G "$WORK/h1/roster.csv")" \
    "$U1:$(id -gn "$U1")"
school=$(printf '%s\n' "$root_list" | sed -n 2p | cut -d, -f6)
sh_as 0 "$U1" print cards --school "$school" -o "$WORK/h1/cards.txt"
is "printed cards belong to the user" "$(stat -c %U:%G "$WORK/h1/cards.txt")" \
    "$U1:$(id -gn "$U1")"
# lp is the user's own program (from his PATH): it gets nothing of the
# database.
mkdir "$WORK/h1/bin"
printf '#!/bin/sh\n{ echo "lp ran"; ls -l /proc/$$/fd/; } >"$HOME/lp-fds" 2>&1\ncat >/dev/null\n' \
    >"$WORK/h1/bin/lp"
chmod 755 "$WORK/h1/bin/lp"
chown -R "$U1:" "$WORK/h1/bin"
ntest=$((ntest + 1))
as "$U1" env PATH="$WORK/h1/bin:$PATH" "$SH" print cards --school "$school" \
    --lp >"$WORK/out" 2>&1 || fail "print cards --lp: $(cat "$WORK/out")"
OUT=$(cat "$WORK/h1/lp-fds" 2>&1)
has "lp ran" "lp ran"
hasnt ".mdb" "lp has no descriptor of the database"
# A place only the group could write is not writable by a staff login.
sh_as 1 "$U1" export roster -o "$DBDIR/copy.csv"
ntest=$((ntest + 1))
[ ! -e "$DBDIR/copy.csv" ] && pass "no export into the database directory" ||
	fail "a staff login wrote into the database directory"

# ---- files planted in the directory (by someone of the group).
echo "hers" >"$WORK/victim"
mv "$DBDIR/lock.mdb" "$WORK/lock.real"
ln -s "$WORK/victim" "$DBDIR/lock.mdb"
sh_as 1 "$U1" list schools
OUT=$ERR
has "symbolic link" "a symlinked lock.mdb is refused"
is "the file it pointed to is untouched" "$(cat "$WORK/victim")" "hers"
rm "$DBDIR/lock.mdb"
mv "$WORK/lock.real" "$DBDIR/lock.mdb"
mv "$DBDIR/data.mdb" "$WORK/data.real"
ln -s "$WORK/data.real" "$DBDIR/data.mdb"
sh_as 1 "$U1" list schools
OUT=$ERR
has "symbolic link" "a symlinked data.mdb is refused"
rm "$DBDIR/data.mdb"
mv "$WORK/data.real" "$DBDIR/data.mdb"
ln "$DBDIR/data.mdb" "$WORK/var/data.copy"
sh_as 1 "$U1" list schools
OUT=$ERR
has "hard link" "a hard-linked data.mdb is refused"
rm "$WORK/var/data.copy"
ln "$DBDIR/lock.mdb" "$WORK/var/lock.copy"
sh_as 1 "$U1" list schools
OUT=$ERR
has "hard link" "a hard-linked lock.mdb is refused"
rm "$WORK/var/lock.copy"
sh_as 0 "$U1" list schools
has "$school" "the database works again once they are gone"

# ---- backup and restore of the township's database by its administrator,
# through the setgid program; another login may not restore.
# (U1 is the administrator and U2 the township supervisor, linked above.)
sh_as 0 "$U1" backup -o "$WORK/h1/b.mdb"
has "checked it" "the administrator backs up the township's database"
is "the backup is his alone" "$(rights "$WORK/h1/b.mdb")" \
    "$U1:$(id -gn "$U1") 600"
"$SH" export roster -o "$WORK/at-backup.csv" >/dev/null 2>&1
sh_as 0 "$U1" init --school 后来的学校
sh_as 0 "$U1" list schools
has "后来的学校" "a change after the backup"
cp "$WORK/h1/b.mdb" "$WORK/h2/b.mdb"
chown "$U2:" "$WORK/h2/b.mdb"
sh_as 1 "$U2" restore "$WORK/h2/b.mdb"
OUT=$ERR
has "only the administrator" "the supervisor's restore is refused"
# The file is read with the administrator's own rights, not the group's.
sh_as 1 "$U1" restore "$DBDIR/data.mdb"
OUT=$ERR
has "cannot read $DBDIR/data.mdb" "restore reads the file named as the user"
ntest=$((ntest + 1))
ls "$DBDIR"/data.mdb.before-restore-* >/dev/null 2>&1 &&
	fail "a refused restore kept a copy" || pass "a refused restore keeps no copy"
sh_as 0 "$U1" list schools
has "后来的学校" "and changes nothing"
# Checking (and repairing) the township's database is the
# administrator's, through the setgid program; the supervisor's is
# refused (it would name records of every school by number).
sh_as 0 "$U1" check --repair
has "consistent" "the administrator checks and repairs the township's database"
sh_as 1 "$U2" check
OUT=$ERR
has "only the administrator" "another login may not check the whole database"
sh_as 0 "$U1" restore "$WORK/h1/b.mdb"
has "Restored" "the administrator restores the backup through the program"
has "$DBDIR/data.mdb.before-restore-" "and is told where the replaced database is"
"$SH" export roster -o "$WORK/restored.csv" >/dev/null 2>&1
ntest=$((ntest + 1))
cmp -s "$WORK/at-backup.csv" "$WORK/restored.csv" &&
	pass "backup, restore, export roster: the roster of the backup" ||
	fail "the restored roster differs from the one at backup time"
sh_as 0 "$U1" list schools
hasnt "后来的学校" "the change after the backup is gone"
ntest=$((ntest + 1))
ls "$DBDIR"/data.mdb.before-restore-* >/dev/null 2>&1 &&
	pass "the replaced database is kept in the database directory" ||
	fail "no data.mdb.before-restore-* in $DBDIR"
is "the restored data file still belongs to root and the group" \
    "$(rights "$DBDIR/data.mdb")" "root:$G 660"
sh_as 0 "$U1" audit --kind backup --format csv
has "restore of $WORK/h1/b.mdb" "the audit trail records the restore"
OUT=$("$SH" check 2>&1)
has "consistent" "and the restored database is consistent"
sh_as 0 "$U2" list schools
has "$school" "the supervisor works on the restored database"
kept=$(ls "$DBDIR"/data.mdb.before-restore-* | head -1)
OUT=$("$SH" restore "$kept" 2>&1)
has "Restored" "root restores the kept database"
sh_as 0 "$U1" list schools
has "后来的学校" "which brings the change back"

# ---- need-to-know through the setgid program: a class teacher, a mentor
# and a village school's teacher each list exactly theirs; private
# fields are masked for the mentor and shown to the class teacher; an
# unknown login's refusal and a change's old and new values are in the
# audit trail; a record changed with raw LMDB tools is named by check.
demo_people "$SH"
ntest=$((ntest + 1))
[ -n "$class_ids" ] && [ -n "$mentee_ids" ] && [ -n "$village_ids" ] &&
	pass "the demo has a class, a caseload and a village school" ||
	fail "class: $class_ids; mentees: $mentee_ids; village: $village_ids"
"$SH" user remove "$U2" >/dev/null 2>&1 || fail "root removes a login"
sh_as 1 "$U2" list children
OUT=$(as "$U1" "$SH" audit --kind refused 2>&1)
has "$U2" "a removed login is refused, and the refusal is in the audit trail"
"$SH" user add "$U2" --staff "$T_ID" --roles class_teacher >/dev/null 2>&1 ||
	fail "root links a class teacher"
sh_as 0 "$U2" list children --format csv
is "a class teacher lists exactly her class" "$(printf '%s\n' "$OUT" | ids)" \
    "$class_ids"
pupil=${class_ids%% *}
idnum=$("$SH" show child "$pupil" | sed -n 's/^  ID number *//p')
sh_as 0 "$U2" show child "$pupil"
has "$idnum" "the class teacher sees her pupil's ID number"
"$SH" user remove "$U2" >/dev/null 2>&1
"$SH" user add "$U2" --staff "$M_ID" --roles mentor >/dev/null 2>&1 ||
	fail "root links a mentor"
sh_as 0 "$U2" list children --format csv
is "a mentor lists exactly his mentees" "$(printf '%s\n' "$OUT" | ids)" \
    "$mentee_ids"
mentee=${mentee_ids%% *}
idnum=$("$SH" show child "$mentee" | sed -n 's/^  ID number *//p')
sh_as 0 "$U2" show child "$mentee"
has "***" "a mentor's view of his mentee masks the private fields"
[ -n "$idnum" ] && hasnt "$idnum" "and shows no ID number"
"$SH" user remove "$U2" >/dev/null 2>&1
"$SH" user add "$U2" --name 村小老师 --school "$VILLAGE" \
    --roles village_teacher >/dev/null 2>&1 || fail "root links a village teacher"
sh_as 0 "$U2" list children --format csv
is "a village school's teacher lists exactly her school" \
    "$(printf '%s\n' "$OUT" | ids)" "$village_ids"
# A change made through the program by the administrator (a guardian's
# phone, in a roster he exports, edits and imports): audit --child shows
# its old and new values.
sh_as 0 "$U1" export roster -o "$WORK/h1/edit.csv"
awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "监护人电话") c = i }
    NR == 2 { old = $c; $c = "13900001111" } { print }' \
    "$WORK/h1/edit.csv" >"$WORK/h1/edited.csv"
chown "$U1:" "$WORK/h1/edited.csv"
sh_as 0 "$U1" import roster "$WORK/h1/edited.csv"
name1=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "姓名") c = i }
    NR == 2 { print $c }' "$WORK/h1/edited.csv")
child1=$("$SH" list children --search "$name1" --format csv | sed -n 2p |
    cut -d, -f1)
sh_as 0 "$U1" audit --child "$child1" --kind change
has "→ 13900001111" "audit --child shows the change with its old and new values"
# Root rewrites a child's stored bytes with mdb_load: check names it.
# (LMDB's tools read only files of their own word size.)
if command -v mdb_dump >/dev/null && command -v mdb_load >/dev/null &&
    mdb_dump -s meta "$DBDIR" >/dev/null 2>&1; then
	mdb_dump -s child "$DBDIR" |
	    awk 'k { sub(/^ 0102../, " 010209"); k = 0 } $0 == " 00000003" { k = 1 } { print }' \
	    >"$WORK/child.dump"
	mdb_load -s child "$DBDIR" <"$WORK/child.dump" 2>/dev/null
	sh_as 1 "$U1" check
	OUT=$ERR$OUT
	has "child #3 was changed outside the program" \
	    "check names a record root changed with mdb_load"
else
	echo "no mdb_dump and mdb_load that read this build's database:" \
	    "the check of a raw change is not tried"
fi

# ---- the screens: a staff login sees the children, and what the
# program holds open is its own.
if command -v "${TMUX_BIN:-tmux}" >/dev/null 2>&1; then
	. "$TOP_SRCDIR/tests/tmux.sh"
	T new-session -d -s keep -x 80 -y 24 "sleep 100000" ||
		skip "tmux cannot start here"
	T set-option -g remain-on-exit on >/dev/null
	T new-session -d -s staff -x 80 -y 24 "cd $WORK/h1 && echo \$\$ \
	    >$WORK/screens.pid && exec setpriv \
	    --reuid=$U1 --regid=$(id -g "$U1") --clear-groups env \
	    HOME=$WORK/h1 LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color \
	    ASAN_OPTIONS=$ASAN_OPTIONS $SH --lang en"
	wait_for staff "Children" && keys staff 1
	expect staff "all schools: 40 children" \
	    "a staff login's screens list the children"
	pid=$(cat "$WORK/screens.pid")
	ntest=$((ntest + 1))
	if [ -n "$pid" ] && grep -q "^Gid:[[:space:]]*$(id -g "$U1")[[:space:]]*$(id -g "$U1")[[:space:]]*$(id -g "$U1")[[:space:]]" "/proc/$pid/status"; then
		pass "the screens run with the user's group alone (real, effective, saved)"
	else
		fail "the screens' groups: $(grep ^Gid: "/proc/$pid/status" 2>&1)"
	fi
	keys staff q
else
	echo "no tmux: the screens are not tried"
fi

finish

#!/bin/sh
# calltree-access.sh -- call trees and the roster on the screens follow
# the command line's rules, with throwaway Unix users linked to staff:
# a mentor sees no school's call tree on screen 7 (and is told why),
# may not make one, and may not export the roster on screen 6 (told who
# may, before any file is asked for, nothing written); the principal
# sees the school's tree and prints it, and the print is in the audit
# trail; the administrator's export from screen 6 is too.  Needs root:
# it makes users and a group.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/users.sh"

users_need skip "calltree-access.sh makes throwaway users and a group: run as root"
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
. "$TOP_SRCDIR/tests/tmux.sh"
# The mentor and the principal.
users_make G=scg UM=scm UP=scp

S=西河小学
cat >"$WORK/roster.csv" <<'EOF'
学校,年级,班级,姓名,性别,出生日期,监护人姓名,监护人关系,监护人电话,帮扶教师
西河小学,二年级,1班,刘小雨,女,2019-04-02,刘外婆,外祖母,13700001111,马兰
西河小学,五年级,3班,孙大伟,男,2016-09-12,孙爷爷,祖父,13700002222,
EOF
cat >"$WORK/staff.csv" <<'EOF'
学校,姓名,职务,电话
西河小学,马兰,帮扶教师,13600000001
西河小学,吴校长,校长,13600000002
EOF
run 0 init --school "$S"
run 0 import roster "$WORK/roster.csv"
run 0 import staff "$WORK/staff.csv"
run 0 calltree generate --school "$S" --name 西河小学联络树
staff_id() {
	"$SHOUHU" --db "$DB" list staff --format csv | grep ",$1," | cut -d, -f1
}
link "$UM" "$(staff_id 马兰)" mentor
link "$UP" "$(staff_id 吴校长)" principal
share
# Where the users write their files.
mkdir -m 1777 "$WORK/files"

# ---- the mentor: the command line refuses, and so do the screens.
as 1 "$UM" calltree show --school "$S"
err_has "may not use this call tree" "the command line refuses a mentor the school's tree"
start_as mentor "$UM"
wait_for mentor "Emergency call trees" || fail "no menu for the mentor"
keys mentor 7
expect mentor "0 trees" "screen 7 lists no tree for a mentor"
expect mentor "only for the principal, leadership group and administrator" \
    "and says why"
expect_not mentor "西河小学联络树" "the school's tree is not on it"
keys mentor Enter
expect_not mentor "13700001111" "Enter opens no tree and shows no family's phone"
keys mentor g
wait_for mentor "$S" || fail "no school to pick"
keys mentor Enter
expect mentor "may not use this call tree" "a mentor may not make the school's tree"
run 0 calltree list
has "西河小学联络树" "and none was made"
keys mentor Escape
wait_for mentor "Import / export"
# Screen 6: the export is refused before a file name is asked for.
keys mentor 6
wait_for mentor "Columns:"
keys mentor 2
expect mentor "may not export the roster: only the administrator" \
    "a mentor's export from screen 6 says who may export"
expect_not mentor "Write to the file" "and asks for no file"
same "$(ls "$WORK/files")" "" "nothing is written"
keys mentor Escape
keys mentor q

# ---- the principal: sees the school's tree and prints it.
start_as principal "$UP"
wait_for principal "Emergency call trees" || fail "no menu for the principal"
keys principal 7
expect principal "西河小学联络树" "screen 7 lists the school's tree for its principal"
keys principal Enter
expect principal "1.1" "the tree opens"
expect principal "吴校长" "with its lines"
keys principal p
wait_for principal "to a file"
keys principal Down Enter
wait_for principal "Write the sheet"
keys principal C-u
type_text principal "$WORK/files/tree.txt"
keys principal Enter
expect principal "The sheet is in" "the principal prints the tree to a file"
ntest=$((ntest + 1))
grep -q "刘外婆" "$WORK/files/tree.txt" 2>/dev/null &&
	pass "the sheet has the families" || fail "no sheet in $WORK/files/tree.txt"
run 0 audit --kind print
has "$UP" "audit --kind print shows the principal's print"
has "$S" "of the school's tree"
rm -f "$WORK/files/tree.txt"

# ---- the administrator: an export from screen 6 is in the audit trail.
LANG_OPT="--lang en"
start admin 80 24
wait_for admin "Emergency call trees" || fail "no menu for the administrator"
keys admin 6
wait_for admin "Columns:"
keys admin 2
wait_for admin "(all schools)"
keys admin Enter
wait_for admin "Write to the file"
keys admin C-u
type_text admin "$WORK/files/roster.csv"
keys admin Enter
wait_for admin "UTF-8"
keys admin Enter
expect admin "Wrote 2 children" "the administrator exports the roster from screen 6"
run 0 audit --kind export --format csv
has "$WORK/files/roster.csv" "audit --kind export shows the screen's export"
finish

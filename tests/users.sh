# users.sh -- throwaway Unix users sharing one database, for the tests
# of roles: members of a throwaway group, as in the documented
# group-shared setup, each running a copy of the program.  Sourced after
# tests/lib.sh.  Making users needs root.

# users_need HOW WHY: goes on only as root with the tools that make users;
# otherwise HOW "skip" skips the whole test ("SKIP: WHY"), and HOW
# "finish" ends it with the checks made so far.
users_need() {
	if [ "$(id -u)" != 0 ]; then
		users_stop "$1" "$2"
	fi
	for t in useradd userdel groupadd groupdel setpriv getent; do
		command -v "$t" >/dev/null 2>&1 || users_stop "$1" "$t is missing"
	done
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
}
users_stop() {
	[ "$1" = skip ] && skip "$2"
	echo "SKIP: $2"
	finish
}

# users_make G=STEM UVAR=STEM...: makes the group and the users, each
# named STEM followed by the test's process id, and sets G (the group
# share and as use) and each UVAR to its name.  They are removed when the
# test ends, failed or not.
# The users share $WORK, and run $WORK/bin/shouhu: the build tree may be
# closed to them.
users_made=
users_make() {
	for a in "$@"; do
		eval "${a%%=*}=\${a#*=}\$\$"
	done
	eval "G=\$${1%%=*}"
	cleanup_hooks="users_undo $cleanup_hooks"
	trap 'exit 1' HUP INT TERM
	groupadd "$G" || skip "groupadd failed"
	users_group=$G
	shift
	for a in "$@"; do
		eval "u=\$${a%%=*}"
		users_made="$users_made $u"
		useradd -M -d "$WORK" -s /bin/sh -g "$G" "$u" ||
			skip "useradd failed"
	done
	chmod 755 "$WORK"
	mkdir -m 755 "$WORK/bin"
	cp "$SHOUHU" "$WORK/bin/shouhu" && chmod 755 "$WORK/bin/shouhu" ||
		skip "cannot copy the program"
}
users_undo() {
	for u in $users_made; do
		getent passwd "$u" >/dev/null && userdel -f "$u" >/dev/null 2>&1
		getent passwd "$u" >/dev/null && echo "FAIL: user $u is left"
	done
	[ -n "${users_group:-}" ] && getent group "$users_group" >/dev/null &&
		groupdel "$users_group"
	return 0
}

# share: the database is the group's again after root wrote to it: mode
# 2770, its files 660.
share() {
	chgrp -R "$G" "$DB"
	chmod 2770 "$DB"
	find "$DB" -type f -exec chmod 660 {} +
}

# link USER STAFF ROLES: the administrator links the login USER to the
# staff member #STAFF with ROLES (a check, as run is).
link() {
	run 0 user add "$1" --staff "$2" --roles "$3"
}

# as WANT USER ARGS...: shouhu --db $DB $AS_ARGS ARGS as USER; output in
# $OUT and $ERR, and a check that it exited WANT.
AS_ARGS=
as() {
	want=$1
	u=$2
	shift 2
	# shellcheck disable=SC2086
	captured "$want" "$u: shouhu $*" \
	    as_user "$u" "$WORK/bin/shouhu" --db "$DB" $AS_ARGS "$@"
}
# as_user USER COMMAND...: COMMAND as USER in $WORK, with the group's gid
# and no other group.
as_user() {
	u=$1
	shift
	(cd "$WORK" && setpriv --reuid="$u" --regid="$G" --clear-groups \
	    env HOME="$WORK" "$@")
}

# start_as NAME USER: the screens, in English at 80x24, as USER in the
# tmux session NAME (after tests/tmux.sh).
start_as() {
	keep=$SHOUHU
	SHOUHU="$WORK/bin/shouhu"
	LANG_OPT="--lang en"
	start "$1" 80 24 \
	    setpriv --reuid="$2" --regid="$G" --clear-groups env HOME="$WORK"
	SHOUHU=$keep
}

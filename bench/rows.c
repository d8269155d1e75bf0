/*
 * rows.c -- the least a search that finds many children can cost with
 * the database laid out as it is: open the environment, walk the name
 * index under one search key (a tag byte, the key, a NUL, the child's id
 * in 4 big-endian bytes) and write out the list row each key carries
 * (src/cover.h), as it is stored.  No check, no access rule, no layout
 * in columns, no language: what is left of a list's cost once everything
 * shouhu adds is taken away.  bench.sh puts it beside the common search.
 * Usage: rows DIR TAG KEY
 */
#include <stdio.h>
#include <string.h>
#include <lmdb.h>

int
main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *t;
	MDB_dbi ix;
	MDB_cursor *c;
	MDB_val k, v;
	unsigned char pre[256];
	size_t n, found = 0;
	int rc;

	if (argc != 4 || (n = strlen(argv[3])) + 2 > sizeof pre ||
	    mdb_env_create(&env) != 0 || mdb_env_set_maxdbs(env, 32) != 0 ||
	    mdb_env_open(env, argv[1], MDB_RDONLY, 0600) != 0 ||
	    mdb_txn_begin(env, NULL, MDB_RDONLY, &t) != 0 ||
	    mdb_dbi_open(t, "ix", 0, &ix) != 0 ||
	    mdb_cursor_open(t, ix, &c) != 0)
		return 1;
	pre[0] = (unsigned char)argv[2][0];
	memcpy(pre + 1, argv[3], n + 1);	/* the key and its NUL */
	k.mv_data = pre;
	k.mv_size = n + 2;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0 &&
	    k.mv_size == n + 6 && memcmp(k.mv_data, pre, n + 2) == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		fwrite(v.mv_data, 1, v.mv_size, stdout);
		putchar('\n');
		found++;
	}
	fprintf(stderr, "%zu\n", found);
	mdb_txn_abort(t);
	mdb_env_close(env);
	return 0;
}

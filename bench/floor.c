/*
 * floor.c -- the least a command that reads the database can cost: open
 * the environment as shouhu does, begin a read transaction, get one child.
 * bench.sh compares small searches with it.  Usage: floor DIR
 */
#include <stdio.h>
#include <lmdb.h>

int
main(int argc, char **argv)
{
	MDB_env *env;
	MDB_txn *t;
	MDB_dbi dbi;
	MDB_val k = { 4, "\0\0\0\1" }, v;

	if (argc != 2 || mdb_env_create(&env) != 0 ||
	    mdb_env_set_maxdbs(env, 32) != 0 ||
	    mdb_env_open(env, argv[1], MDB_RDONLY, 0600) != 0 ||
	    mdb_txn_begin(env, NULL, MDB_RDONLY, &t) != 0 ||
	    mdb_dbi_open(t, "child", 0, &dbi) != 0 || mdb_get(t, dbi, &k, &v))
		return 1;
	printf("%zu\n", v.mv_size);
	mdb_txn_abort(t);
	mdb_env_close(env);
	return 0;
}

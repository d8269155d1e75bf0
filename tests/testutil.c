/* testutil.c -- see testutil.h. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access.h"
#include "demo.h"
#include "rec.h"
#include "store.h"
#include "testutil.h"
#include "util.h"

char *
tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *p;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	p = xasprintf("%s/shouhu-test.XXXXXX", base);
	if (mkdtemp(p) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return p;
}

void
tu_rmrf(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char *sub;

	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			sub = xasprintf("%s/%s", path, e->d_name);
			tu_rmrf(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else
		unlink(path);
}

struct db *
tu_db_new(char **dir)
{
	struct db_opts o = { .create = true };
	struct db *db = NULL;
	char *cause = NULL;

	*dir = tu_tmpdir();
	ck_assert_msg(db_open(*dir, &o, &db, &cause) == 0, "open: %s", cause);
	return db;
}

void
tu_db_drop(struct db **db, char **dir)
{
	db_close(*db);
	*db = NULL;
	tu_rmrf(*dir);
	free(*dir);
	*dir = NULL;
}

int
tu_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}

char *
tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char tmp[8192];
	size_t n;

	if (f == NULL)
		return NULL;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return buf_take(&b);
}

char **tu_msgs;
size_t tu_nmsgs;

void
tu_collect(const char *line, void *arg)
{
	strv_push(&tu_msgs, &tu_nmsgs, xstrdup(line));
}

void
tu_msgs_clear(void)
{
	strv_free(tu_msgs);
	tu_msgs = NULL;
	tu_nmsgs = 0;
}

void
tu_msgs_show(void)
{
	size_t i;

	for (i = 0; i < tu_nmsgs; i++)
		fprintf(stderr, "  %s\n", tu_msgs[i]);
}

struct db *
tu_demo_db(char **dir, int children)
{
	struct demo_opts o = { .children = children, .seed = 5 };
	struct demo_result res;
	struct db *db = tu_db_new(dir);
	char *cause = NULL;

	ck_assert_msg(demo_fill(db, &o, &res, &cause) == 0, "demo: %s", cause);
	return db;
}

struct link_arg {
	uint32_t	 staff;
	const char	*login;
	const char	*roles;
};

static int
link_write(struct txn *t, void *arg, char **cause)
{
	struct link_arg *a = arg;
	struct rec *s;
	int rc;

	if ((rc = rec_get(t, RT_STAFF, a->staff, &s)) != 0)
		return rc;
	rec_set(s, STAFF_LOGIN, a->login);
	if (a->roles != NULL)
		rec_set(s, STAFF_ROLES, a->roles);
	rc = rec_put(t, s, cause);
	rec_free(s);
	return rc;
}

void
tu_link_login(struct db *db, uint32_t staff, const char *login,
    const char *roles)
{
	struct link_arg a = { staff, login, roles };
	char *cause = NULL;

	access_end();
	ck_assert_msg(db_write(db, link_write, &a, &cause) == 0, "link: %s",
	    cause);
}

int
tu_act_as(struct db *db, const char *login, const char *today)
{
	char *cause = NULL;
	int rc;

	free(db->user);
	db->user = xstrdup(login);
	rc = access_begin(db, today, &cause);
	free(cause);
	return rc;
}

uint32_t
tu_staff_with(struct db *db, const char *roles, struct rec **out)
{
	struct rec_iter it;
	struct rec *s;
	struct txn t;
	uint32_t id = 0;

	ck_assert_int_eq(txn_read(db, &t), 0);
	rec_iter_start(&t, RT_STAFF, &it);
	while (id == 0 && (s = rec_iter_next(&it)) != NULL) {
		if (strcmp(rec_str(s, STAFF_ROLES), roles) == 0) {
			id = s->id;
			if (out != NULL)
				*out = s;
			else
				rec_free(s);
		} else
			rec_free(s);
	}
	rec_iter_end(&it);
	txn_end(&t);
	ck_assert_uint_ne(id, 0);
	return id;
}

/*
 * fuzz-roster.c -- a libFuzzer target for the roster import: the input
 * is a roster file, which goes through the whole import -- the encoding
 * sniffing, the CSV reader, the checks of every row -- and is then
 * applied, as a dry run, to a small database made once (a school, a
 * mentor, two children and their contact cards), so that the matching
 * of children, people and mentors runs too.  The input's length chooses
 * the encoding (auto, UTF-8, GB18030) and --skip-bad.
 *
 * Besides not crashing, an import must keep its promises: a dry run
 * writes nothing, every problem is one line that is safe to show on a
 * terminal, every problem counted is reported exactly once (also
 * those held back until the transaction ends), and the return code
 * agrees with the summary.
 *
 * Built with clang by tests/fuzz-roster.sh; the committed corpus
 * (tests/corpus/roster) is replayed by tests/check_roster in every
 * `make check`.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "roster.h"
#include "store.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct db *fdb;
static char *fdir;

static const char seed_roster[] =
    "学校,年级,班级,姓名,性别,出生日期,身份证号,现居住地,父亲姓名,"
    "父亲务工地点,父亲电话,母亲姓名,母亲电话,监护人姓名,监护人关系,"
    "监护人电话,帮扶教师\r\n"
    "柳树乡中心学校,三年级,2班,张小明,男,2016-03-07,430523201603070132,"
    "柳树村3组,张伟,广东省东莞市,13812345678,李芳,13987654321,王秀英,奶奶,"
    "0739-2123456,王丽\r\n"
    "柳树乡中心学校,一年级,1班,张小红,女,2018-09-01,,柳树村3组,张伟,"
    "广东省东莞市,13812345678,李芳,13987654321,王秀英,奶奶,0739-2123456,"
    "王丽\r\n";

static void
remove_db(void)
{
	char *p;

	db_close(fdb);
	fdb = NULL;
	p = xasprintf("%s/data.mdb", fdir);
	unlink(p);
	free(p);
	p = xasprintf("%s/lock.mdb", fdir);
	unlink(p);
	free(p);
	rmdir(fdir);
	free(fdir);
}

static void
make_db(void)
{
	struct db_opts o = { true, false, 0 };
	struct roster_opts ro;
	struct roster_summary sum;
	const char *base = getenv("TMPDIR");
	char *cause = NULL;
	FILE *f;

	fdir = xasprintf("%s/shouhu-fuzz.XXXXXX", base != NULL && *base !=
	    '\0' ? base : "/tmp");
	if (mkdtemp(fdir) == NULL || db_open(fdir, &o, &fdb, &cause) != 0)
		abort();
	memset(&ro, 0, sizeof ro);
	f = fmemopen((void *)seed_roster, sizeof seed_roster - 1, "rb");
	if (f == NULL || roster_import_stream(fdb, f, "seed.csv", &ro, &sum,
	    &cause) != 0)
		abort();
	fclose(f);
	roster_summary_free(&sum);
	atexit(remove_db);
}

/* A message is one line, with no control character a terminal obeys. */
static void
count_message(const char *line, void *arg)
{
	const unsigned char *p = (const unsigned char *)line;

	if (*line == '\0')
		abort();
	for (; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			abort();
	(*(size_t *)arg)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster_opts o;
	struct roster_summary sum;
	size_t messages = 0;
	char *cause = NULL;
	FILE *f;
	int rc;

	if (size == 0 || size > 65536)
		return 0;
	if (fdb == NULL)
		make_db();
	if ((f = fmemopen((void *)data, size, "rb")) == NULL)
		return 0;
	memset(&o, 0, sizeof o);
	o.encoding = (enum roster_encoding)(size % 3);
	o.skip_bad = (size / 3) % 2 == 1;
	o.dry_run = true;
	o.message = count_message;
	o.arg = &messages;
	rc = roster_import_stream(fdb, f, "fuzz.csv", &o, &sum, &cause);
	fclose(f);
	if (sum.written || sum.bad > sum.rows ||
	    messages != sum.errors + sum.warnings ||
	    (rc == 0 && !o.skip_bad && sum.bad != 0) ||
	    (rc == ROSTER_EROWS && (sum.bad == 0 || o.skip_bad)) ||
	    (rc < 0 && cause == NULL) || (rc >= 0 && cause != NULL) ||
	    (rc > 0 && rc != ROSTER_EROWS))
		abort();
	free(roster_summary_text(&sum, &o, rc));
	roster_summary_free(&sum);
	free(cause);
	return 0;
}

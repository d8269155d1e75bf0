/*
 * fuzz-replay.c -- runs a libFuzzer target over the files of a corpus,
 * as a plain deterministic test: each file once, in name order.  Exit 0
 * when every input was handled (a crash or an abort fails the test).
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	const char *top = getenv("TOP_SRCDIR");
	char *dir, **names = NULL, *path, *data;
	size_t n = 0, i, len;
	struct dirent *e;
	DIR *d;

	if (argc > 1)
		dir = xstrdup(argv[1]);
	else
		dir = xasprintf("%s/tests/corpus/core", top ? top : ".");
	if ((d = opendir(dir)) == NULL) {
		printf("1..0 # SKIP no corpus at %s\n", dir);
		free(dir);
		return 0;
	}
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			strv_push(&names, &n, xstrdup(e->d_name));
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, name_cmp);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, names[i]);
		data = tu_slurp(path, &len);
		if (data == NULL) {
			printf("not ok %zu - %s: cannot read\n", i + 1,
			    names[i]);
			continue;
		}
		LLVMFuzzerTestOneInput((const uint8_t *)data, len);
		printf("ok %zu - %s\n", i + 1, names[i]);
		free(data);
		free(path);
	}
	strv_free(names);
	free(dir);
	return 0;
}

/*
 * ui-safe.c -- see ui-safe.h.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "i18n.h"
#include "rec.h"
#include "schema.h"
#include "ui-safe.h"
#include "ui.h"
#include "util.h"

bool
ui_pick_staff(const char *title, const struct idlist *ids, uint32_t current,
    const char *none, uint32_t *id)
{
	struct txn t;
	struct rec *st;
	char **labels = NULL;
	uint32_t *staff;
	size_t n = 0, i;
	int k = -1, cur = 0;

	if (txn_read(ui.db, &t) != 0)
		return false;
	staff = xcalloc(ids->n + 1, sizeof *staff);
	for (i = 0; i < ids->n; i++)
		if (rec_get(&t, RT_STAFF, ids->v[i], &st) == 0) {
			if (st->id == current)
				cur = (int)n;
			staff[n] = st->id;
			strv_push(&labels, &n, str_safe(rec_title(st), false));
			rec_free(st);
		}
	txn_end(&t);
	if (n == 0)
		ui_error("%s", none);
	else if ((k = ui_pick(title, (const char *const *)labels, n,
	    cur)) >= 0)
		*id = staff[k];
	strv_free(labels);
	free(staff);
	return k >= 0;
}

/* See ui-safe.h. */
uint32_t
ui_child_named(const char *word)
{
	struct idlist first = { 0 }, more = { 0 }, seen = { 0 };
	struct rec *r;
	struct txn t;
	char *end, **labels = NULL, *cls;
	unsigned long v;
	uint32_t id = 0;
	size_t i, n = 0;
	int k;

	v = strtoul(word, &end, 10);
	if (end != word && *end == '\0')
		return v > 0 && v <= UINT32_MAX ? (uint32_t)v : 0;
	if (txn_read(ui.db, &t) != 0)
		return 0;
	search_children(&t, word, &first, &more);
	for (i = 0; i < first.n + more.n; i++) {
		uint32_t c = i < first.n ? first.v[i] : more.v[i - first.n];

		if (idl_has(&seen, c) || !access_child(c) ||
		    rec_get(&t, RT_CHILD, c, &r) != 0)
			continue;
		idl_add(&seen, c);
		cls = class_label(rec_str(r, CHILD_GRADE), rec_str(r,
		    CHILD_CLASS));
		strv_push(&labels, &n, xasprintf("%s  %s  #%u", rec_title(r),
		    cls, c));
		free(cls);
		rec_free(r);
	}
	txn_end(&t);
	if (n == 0)
		ui_error(_("No child found for \"%s\": write a name, its "
		    "pinyin or the child's number"), word);
	else if (n == 1)
		id = seen.v[0];
	else if ((k = ui_pick(word, (const char *const *)labels, n, 0)) >= 0)
		id = seen.v[k];
	strv_free(labels);
	idl_free(&first);
	idl_free(&more);
	idl_free(&seen);
	return id;
}

bool
ui_children_named(const char *in, uint32_t **ids, size_t *n)
{
	char *copy = xstrdup(in), *word, *save = NULL, *p;
	uint32_t id;
	bool ok = true;

	*ids = NULL;
	*n = 0;
	/* The full-width comma and ideographic comma separate too. */
	while ((p = strstr(copy, "\xef\xbc\x8c")) != NULL ||
	    (p = strstr(copy, "\xe3\x80\x81")) != NULL)
		memcpy(p, "   ", 3);
	for (word = strtok_r(copy, ", #", &save); word != NULL;
	    word = strtok_r(NULL, ", #", &save)) {
		if ((id = ui_child_named(word)) == 0) {
			ok = false;
			break;
		}
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = id;
	}
	free(copy);
	if (!ok) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return ok && *n > 0;
}

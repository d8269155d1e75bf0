/*
 * ui-safe.c -- see ui-safe.h.
 */
#include "config.h"

#include <curses.h>
#include <stdlib.h>

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

/*
 * care-print.c -- a child's growth file (成长档案) on paper: the pages a
 * school keeps in the child's paper file, made from the care log.
 *
 * The first page opens with the child (name, sex, class, school, village,
 * left-behind type, guardianship, key support, the mentor, the entrusted
 * guardian and the parents with their phones; never a private field),
 * then every entry of the log, oldest first as a file is read: the date,
 * kind, staff member, mood and concern on one line, who was present, the
 * text flowed in the page's width, the follow-up.  No entry is cut in
 * two where it fits on a page; each page has its header with "x/y".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "care.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

struct log_head {
	const char	*title;
	const char	*who;
	const char	*date;
	int		 width;
};

static void
log_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct log_head *h = arg;
	char *right;

	right = xasprintf(_("page %d/%d"), page, pages);
	print_lines_add(out, print_two_sided(h->title, right, h->width));
	free(right);
	print_lines_add(out, print_two_sided(h->who, h->date, h->width));
	print_lines_add(out, print_rule('-', h->width));
}

/* "Label: value" segments, flowed; empty values left out. */
static void
add_seg(char **segs, size_t *n, const char *label, const char *value)
{
	if (value != NULL && *value != '\0')
		segs[(*n)++] = xasprintf("%s: %s", label, value);
}

static void
child_block(struct txn *t, const struct rec *c, const char *today,
    int width, struct print_lines *lines)
{
	const struct schema *sc = c->sc;
	struct card card;
	struct rec *pair, *st;
	char *segs[12], *v[6];
	size_t n = 0, i;
	int k;

	v[0] = field_display(&sc->fields[CHILD_SEX], rec_str(c, CHILD_SEX));
	v[1] = class_label(rec_str(c, CHILD_GRADE), rec_str(c, CHILD_CLASS));
	v[2] = field_display(&sc->fields[CHILD_LEFT_BEHIND], rec_str(c,
	    CHILD_LEFT_BEHIND));
	v[3] = field_display(&sc->fields[CHILD_GUARDIANSHIP], rec_str(c,
	    CHILD_GUARDIANSHIP));
	v[4] = field_display(&sc->fields[CHILD_KEY_SUPPORT], rec_str(c,
	    CHILD_KEY_SUPPORT));
	v[5] = xasprintf("%s%s", rec_str(c, CHILD_VILLAGE), rec_str(c,
	    CHILD_GROUP));
	add_seg(segs, &n, _(sc->fields[CHILD_NAME].label), rec_str(c,
	    CHILD_NAME));
	add_seg(segs, &n, _(sc->fields[CHILD_SEX].label), v[0]);
	add_seg(segs, &n, _(sc->fields[CHILD_BIRTH].label), rec_str(c,
	    CHILD_BIRTH));
	add_seg(segs, &n, _(sc->fields[CHILD_CLASS].label), v[1]);
	add_seg(segs, &n, _(sc->fields[CHILD_VILLAGE].label), v[5]);
	add_seg(segs, &n, _(sc->fields[CHILD_LEFT_BEHIND].label), v[2]);
	add_seg(segs, &n, _(sc->fields[CHILD_GUARDIANSHIP].label), v[3]);
	add_seg(segs, &n, _(sc->fields[CHILD_KEY_SUPPORT].label), v[4]);
	print_flow(lines, segs, n, "    ", 0, 0, width);
	for (i = 0; i < n; i++)
		free(segs[i]);
	for (k = 0; k < 6; k++)
		free(v[k]);
	if ((pair = child_mentor_pair(t, c->id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF), &st) == 0) {
			char *who = *rec_str(st, STAFF_PHONE) != '\0' ?
			    xasprintf("%s %s", rec_str(st, STAFF_NAME),
			    rec_str(st, STAFF_PHONE)) : xstrdup(rec_str(st,
			    STAFF_NAME));

			print_lines_add(lines, xasprintf(_("Mentor: %s (since "
			    "%s)"), who, rec_str(pair, PAIR_SINCE)));
			free(who);
			rec_free(st);
		}
		rec_free(pair);
	} else
		print_lines_add(lines, xstrdup(_("Mentor: none")));
	if (child_card(t, c->id, &card) == 0)
		for (i = 0; i < card.n; i++) {
			const struct rec *ct = card.lines[i].contact;
			const struct rec *l = card.lines[i].link;

			n = 0;
			segs[n++] = xasprintf("%s %s%s", choice_label(
			    relation_choices, rec_str(l, LINK_RELATION)),
			    rec_str(ct, CONTACT_NAME), strcmp(rec_str(l,
			    LINK_GUARDIAN), "1") == 0 ? _(" (guardian)") : "");
			for (k = 0; k < CONTACT_PHONES; k++)
				if (*rec_str(ct, contact_phone_field(k)) != '\0')
					segs[n++] = xstrdup(rec_str(ct,
					    contact_phone_field(k)));
			if (*rec_str(ct, CONTACT_WORKPLACE) != '\0')
				segs[n++] = xstrdup(rec_str(ct,
				    CONTACT_WORKPLACE));
			print_flow(lines, segs, n, "  ", 2, 6, width);
			while (n > 0)
				free(segs[--n]);
		}
	card_free(&card);
}

/* One entry's lines. */
static void
entry_block(struct txn *t, const struct rec *e, uint32_t child, int width,
    struct print_lines *lines)
{
	struct buf b = { 0 };
	struct rec *s;
	char *v, *p, *nl;
	uint32_t o;
	int i;

	buf_addf(&b, "%s  %s", rec_str(e, LOG_DATE), choice_label(
	    care_kind_choices, rec_str(e, LOG_KIND)));
	if (rec_get(t, RT_STAFF, rec_ref(e, LOG_STAFF), &s) == 0) {
		buf_addf(&b, "  %s", rec_str(s, STAFF_NAME));
		rec_free(s);
	}
	if (*rec_str(e, LOG_MOOD) != '\0')
		buf_addf(&b, "  %s: %s", _("Mood"), choice_label(
		    care_mood_choices, rec_str(e, LOG_MOOD)));
	if (strcmp(rec_str(e, LOG_CONCERN), "1") == 0)
		buf_addf(&b, "  [%s]", _("concern"));
	print_flow_text(lines, b.s, 0, 4, width);
	buf_reset(&b);
	for (i = 0; i < CARE_CHILDREN; i++) {
		o = rec_ref(e, care_child_field(i));
		if (o == 0 || o == child || rec_get(t, RT_CHILD, o, &s) != 0)
			continue;
		buf_addf(&b, "%s%s", b.len > 0 ? "、" : "", rec_title(s));
		rec_free(s);
	}
	if (b.len > 0) {
		v = xasprintf("%s: %s", _("With"), b.s);
		print_flow_text(lines, v, 4, 6, width);
		free(v);
	}
	buf_free(&b);
	if (*rec_str(e, LOG_WITH) != '\0') {
		v = xasprintf("%s: %s", _("Who was present"), rec_str(e, LOG_WITH));
		print_flow_text(lines, v, 4, 6, width);
		free(v);
	}
	/* Each paragraph of the text flowed on lines of its own. */
	v = xstrdup(rec_str(e, LOG_TEXT));
	for (p = v; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (*p != '\0')
			print_flow_text(lines, p, 4, 4, width);
	}
	free(v);
	if (*rec_str(e, LOG_FOLLOWUP) != '\0') {
		v = xasprintf(_("Follow up on %s: %s"), rec_str(e,
		    LOG_FOLLOWUP), rec_str(e, LOG_FOLLOWUP_TEXT));
		print_flow_text(lines, v, 4, 6, width);
		free(v);
	}
}

int
care_print(struct db *db, uint32_t child, const struct print_opts *o,
    const char *today, struct print_doc *doc, char **cause)
{
	struct print_lines all = { 0 };
	struct idlist ids = { 0 };
	struct rec *c, *e, *school;
	struct log_head h;
	struct txn t;
	size_t *start = NULL, n = 0, i, k;
	int width, rc, room, used;
	int page_lines;
	char day[11], *cl, *who, *job, *what;
	bool *brk;

	print_page_size(o, &width, &page_lines);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_CHILD, child, &c)) != 0) {
		txn_end(&t);
		set_cause(cause, _("--child: there is no child #%u"), child);
		return rc;
	}
	school = NULL;
	(void)rec_get(&t, RT_SCHOOL, rec_ref(c, CHILD_SCHOOL), &school);
	child_block(&t, c, today, width, &all);
	print_lines_add(&all, xstrdup(""));
	care_of_child(&t, child, NULL, &ids);
	if (ids.n == 0)
		print_lines_add(&all, xstrdup(_("Nothing in the care log yet.")));
	start = xcalloc(ids.n + 2, sizeof *start);
	/* Oldest first: the list is newest first. */
	for (i = ids.n; i > 0; i--) {
		if (rec_get(&t, RT_LOG, ids.v[i - 1], &e) != 0)
			continue;
		start[n++] = all.n;
		entry_block(&t, e, child, width, &all);
		print_lines_add(&all, xstrdup(""));
		rec_free(e);
	}
	start[n] = all.n;
	txn_end(&t);

	if (o->date != NULL)
		snprintf(day, sizeof day, "%s", o->date);
	else
		snprintf(day, sizeof day, "%s", today);
	cl = class_label(rec_str(c, CHILD_GRADE), rec_str(c, CHILD_CLASS));
	who = xasprintf("%s  %s  %s", rec_str(c, CHILD_NAME), cl,
	    school != NULL ? rec_str(school, SCHOOL_NAME) : "");
	what = xasprintf(_("growth file of %s"), rec_str(c, CHILD_NAME));
	job = print_title(school != NULL ? rec_str(school, SCHOOL_NAME) : NULL,
	    what, day);
	free(what);
	h.title = _("Growth file of a left-behind child (care log)");
	h.who = who;
	h.date = day;
	h.width = width;

	/* No entry cut in two where it fits on a page. */
	room = page_lines - 3;
	brk = xcalloc(all.n + 1, sizeof *brk);
	used = start[0] < (size_t)room ? (int)start[0] : 0;
	for (i = 0; i < n; i++) {
		int len = (int)(start[i + 1] - start[i]);

		if (used > 0 && len > room - used && len <= room) {
			brk[start[i]] = true;
			used = 0;
		}
		for (k = start[i]; k < start[i + 1]; k++)
			used = used == room ? 1 : used + 1;
	}
	print_doc_init(doc, job, width, page_lines);
	print_paginate(doc, all.v, all.n, brk, room, log_head, &h);
	free(brk);
	free(job);
	free(who);
	free(cl);
	free(start);
	idl_free(&ids);
	print_lines_free(&all);
	rec_free(school);
	rec_free(c);
	return 0;
}

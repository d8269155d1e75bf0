/*
 * cards.c -- contact cards (联系卡) on paper: see cards.h.
 *
 * One card a child in school, boxed: the child, class and school; each
 * contact in call order with relation, name, phones (a number that did
 * not answer in a drill marked "to verify") and work place; the mentor
 * and the school's phone.  Cards are laid out several to a page, none
 * cut in two where it fits on a page, each page with its header and
 * "x/y".  Children who have left are not carded.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cards.h"
#include "i18n.h"
#include "model.h"
#include "print.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

/* A card's lines, boxed in width columns. */
static void
card_box(struct print_lines *card, int width, struct print_lines *out)
{
	struct buf b = { 0 };
	size_t i;

	buf_addc(&b, '+');
	for (i = 0; i < (size_t)width - 2; i++)
		buf_addc(&b, '-');
	buf_addc(&b, '+');
	strv_push(&out->v, &out->n, xstrdup(b.s));
	for (i = 0; i < card->n; i++) {
		buf_reset(&b);
		buf_addstr(&b, "| ");
		u_fit(&b, card->v[i], width - 4, true);
		buf_addstr(&b, " |");
		print_lines_take(out, &b);
	}
	buf_reset(&b);
	buf_addc(&b, '+');
	for (i = 0; i < (size_t)width - 2; i++)
		buf_addc(&b, '-');
	buf_addc(&b, '+');
	print_lines_take(out, &b);
	buf_free(&b);
}

/* One contact on a card: order, relation, name, phones, work place. */
static void
card_contact(const struct card_line *cl, int inner, struct print_lines *lines)
{
	const struct rec *c = cl->contact;
	char *segs[6];
	size_t n = 0, i;
	int k;

	segs[n++] = xasprintf("%s. %s %s%s", rec_str(cl->link, LINK_PRIORITY),
	    choice_label(relation_choices, rec_str(cl->link, LINK_RELATION)),
	    rec_str(c, CONTACT_NAME), strcmp(rec_str(cl->link,
	    LINK_GUARDIAN), "1") == 0 ? _(" (guardian)") : "");
	for (k = 0; k < CONTACT_PHONES; k++) {
		if (*rec_str(c, contact_phone_field(k)) == '\0')
			continue;
		segs[n++] = xasprintf("%s%s", rec_str(c,
		    contact_phone_field(k)), *rec_str(c,
		    contact_failed_field(k)) != '\0' ? _(" (to verify)") : "");
	}
	if (n == 1)
		segs[n++] = xstrdup(_("no phone"));
	if (*rec_str(c, CONTACT_WORKPLACE) != '\0')
		segs[n++] = xstrdup(rec_str(c, CONTACT_WORKPLACE));
	print_flow(lines, segs, n, "  ", 0, 4, inner);
	for (i = 0; i < n; i++)
		free(segs[i]);
}

static void
card_lines(struct txn *t, const struct rec *child, const struct rec *school,
    const char *today, int inner, struct print_lines *lines)
{
	struct card card;
	struct rec *pair, *st;
	char *cl, *s, *segs[2];
	size_t i;

	cl = class_label(rec_str(child, CHILD_GRADE), rec_str(child,
	    CHILD_CLASS));
	s = xasprintf(_("Contact card: %s  %s  %s"), rec_str(child,
	    CHILD_NAME), cl, rec_str(school, SCHOOL_NAME));
	print_flow_text(lines, s, 0, 2, inner);
	free(s);
	free(cl);
	if (child_card(t, child->id, &card) == 0 && card.n > 0)
		for (i = 0; i < card.n; i++)
			card_contact(&card.lines[i], inner, lines);
	else
		print_flow_text(lines, _("Nobody on the contact card: add the "
		    "guardian and the parents."), 0, 2, inner);
	card_free(&card);
	s = NULL;
	if ((pair = child_mentor_pair(t, child->id, today)) != NULL) {
		if (rec_get(t, RT_STAFF, rec_ref(pair, PAIR_STAFF), &st) == 0) {
			s = xasprintf(_("Mentor: %s %s"), rec_str(st,
			    STAFF_NAME), rec_str(st, STAFF_PHONE));
			rec_free(st);
		}
		rec_free(pair);
	}
	segs[0] = s != NULL ? s : xstrdup(_("Mentor: none"));
	segs[1] = xasprintf(_("School: %s"), rec_str(school, SCHOOL_PHONE));
	print_flow(lines, segs, 2, "    ", 0, 0, inner);
	free(segs[0]);
	free(segs[1]);
}

struct cards_head {
	const char	*title;
	const char	*date;
	int		 width;
};

/* Each page's header: the title with "page x/y", the date, a warning. */
static void
cards_head(struct print_lines *out, int page, int pages, void *arg)
{
	const struct cards_head *h = arg;
	struct buf b = { 0 };
	char *right, *line;

	right = xasprintf(_("page %d/%d"), page, pages);
	print_lines_add(out, print_two_sided(h->title, right, h->width));
	free(right);
	line = xasprintf(_("printed %s; keep it safe: these are children's "
	    "family phones"), h->date);
	u_fit(&b, line, h->width, false);
	print_lines_take(out, &b);
	print_lines_add(out, xstrdup(""));
	free(line);
}

/* Cards on pages: a header on each, no card cut in two where it fits. */
static void
cards_pages(struct print_lines *cards, size_t *card_start, size_t ncards,
    struct cards_head *h, int page_lines, struct print_doc *doc)
{
	int room = page_lines - 3, used = 0, len;
	bool *brk = xcalloc(cards->n + 1, sizeof *brk);
	size_t c, k;

	for (c = 0; c < ncards; c++) {
		len = (int)(card_start[c + 1] - card_start[c]);
		if (used > 0 && len > room - used && len <= room) {
			brk[card_start[c]] = true;
			used = 0;
		}
		for (k = card_start[c]; k < card_start[c + 1]; k++) {
			if (used == room)
				used = 0;
			used++;
		}
	}
	print_paginate(doc, cards->v, cards->n, brk, room, cards_head, h);
	free(brk);
}

/* A child still in school; those who have left get no card. */
static bool
in_school(const struct rec *child)
{
	return strcmp(rec_str(child, CHILD_STATUS), "in_school") == 0;
}

int
cards_print(struct db *db, uint32_t school, const char *grade,
    const char *cls, const struct print_opts *o, const char *today,
    struct print_doc *doc, char **cause)
{
	struct print_lines all = { 0 }, lines = { 0 };
	struct idlist ids = { 0 };
	struct rec *s, *c;
	struct txn t;
	size_t *start = NULL, n = 0, i;
	int width, rc;
	int page_lines;
	struct cards_head h;
	char day[11], *title, *job, *cl;

	print_page_size(o, &width, &page_lines);
	if ((rc = txn_read(db, &t)) != 0) {
		set_cause(cause, _("cannot read the database"));
		return rc;
	}
	if ((rc = rec_get(&t, RT_SCHOOL, school, &s)) != 0) {
		txn_end(&t);
		set_cause(cause, _("there is no school #%u"), school);
		return rc;
	}
	children_of_class(&t, school, grade, cls, &ids);
	for (i = 0; i < ids.n; i++) {
		if (rec_get(&t, RT_CHILD, ids.v[i], &c) != 0)
			continue;
		if (in_school(c)) {
			card_lines(&t, c, s, today, width - 4, &lines);
			start = xreallocarray(start, n + 2, sizeof *start);
			start[n++] = all.n;
			card_box(&lines, width, &all);
			strv_push(&all.v, &all.n, xstrdup(""));
			print_lines_free(&lines);
		}
		rec_free(c);
	}
	txn_end(&t);
	if (n == 0) {
		set_cause(cause, "%s", _("there are no children in school "
		    "there"));
		rc = SH_ENOTFOUND;
	} else {
		start[n] = all.n;
		if (o->date != NULL)
			snprintf(day, sizeof day, "%s", o->date);
		else
			date_today(day);
		cl = grade != NULL ? class_label(grade, cls != NULL ? cls : "") :
		    xstrdup("");
		title = xasprintf(_("Contact cards  %s %s"), rec_str(s,
		    SCHOOL_NAME), cl);
		job = print_title(rec_str(s, SCHOOL_NAME), _("contact cards"),
		    day);
		print_doc_init(doc, job, width, page_lines);
		h.title = title;
		h.date = day;
		h.width = width;
		cards_pages(&all, start, n, &h, page_lines, doc);
		free(job);
		free(title);
		free(cl);
	}
	rec_free(s);
	free(start);
	idl_free(&ids);
	print_lines_free(&all);
	return rc;
}


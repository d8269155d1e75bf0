/*
 * schema-paper.c -- the term's paperwork: the safety agreements (安全责任书)
 * a guardian signs each term, and the aid (资助) a child receives.
 *
 * Terms are written as the settings name them, "2026-autumn" (the autumn
 * term of the school year beginning in 2026) or "2027-spring".  Amounts
 * are yuan with two decimals, "1250.00": typed as 1250, 1250.5 or ¥1,250
 * and kept in that form, never negative.  A date signed or paid may not
 * be later than the day it is saved.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "agreement.h"
#include "aid.h"
#include "rec.h"
#include "schema.h"
#include "util.h"

const struct choice agreement_status_choices[] = {
	{ "printed", N_("printed, not back yet"), "已发放", "已打印|未交回" },
	{ "signed", N_("signed"), "已签", "已签字|已签订|签" },
	{ "refused", N_("refused to sign"), "拒签", "不签|未签" },
	{ NULL, NULL, NULL, NULL }
};

static const struct field agreement_fields[] = {
	[AGREEMENT_CHILD] = {
	    .tag = 1, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[AGREEMENT_CONTACT] = {
	    .tag = 2, .name = "guardian", .label = N_("Guardian"),
	    .type = FT_REF, .flags = FF_WEAK, .width = 12, .ref = RT_CONTACT,
	    .help = N_("the entrusted guardian, or the first contact") },
	[AGREEMENT_TERM] = {
	    .tag = 3, .name = "term", .label = N_("Term"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 16, .width = 12,
	    .help = N_("for example 2026-autumn or 2027-spring") },
	[AGREEMENT_STATUS] = {
	    .tag = 4, .name = "status", .label = N_("Agreement"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 10,
	    .choices = agreement_status_choices, .def = "printed" },
	[AGREEMENT_DATE] = {
	    .tag = 5, .name = "date", .label = N_("Signed on"),
	    .type = FT_DATE, .width = 10 },
	[AGREEMENT_NOTES] = {
	    .tag = 6, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .maxlen = 200, .width = 30 },
};

static const struct field aid_fields[] = {
	[AID_CHILD] = {
	    .tag = 1, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[AID_KIND] = {
	    .tag = 2, .name = "kind", .label = N_("Aid"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 12, .choices = aid_choices },
	[AID_TERM] = {
	    .tag = 3, .name = "term", .label = N_("Term"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 16, .width = 12,
	    .help = N_("for example 2026-autumn or 2027-spring") },
	[AID_AMOUNT] = {
	    .tag = 4, .name = "amount", .label = N_("Amount (yuan)"),
	    .type = FT_TEXT, .flags = FF_REQUIRED | FF_PRIVATE, .maxlen = 14,
	    .width = 12, .help = N_("yuan, for example 1250 or 312.50") },
	[AID_DATE] = {
	    .tag = 5, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[AID_NOTES] = {
	    .tag = 6, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .maxlen = 200, .width = 30 },
};

int
amount_parse(const char *in, long long *fen, char **cause)
{
	long long yuan = 0, f = 0;
	const char *p;
	int digits = 0, dec = -1;
	char *s = str_halfwidth(in), *t;

	t = str_trim(s);
	free(s);
	p = t;
	if (strncmp(p, "\xef\xbf\xa5", 3) == 0)	/* ￥ */
		p += 3;
	else if (strncmp(p, "\xc2\xa5", 2) == 0)	/* ¥ */
		p += 2;
	if (*p == '-') {
		free(t);
		set_cause(cause, "%s", _("an amount cannot be negative"));
		return -1;
	}
	for (; *p != '\0'; p++) {
		if (*p == ',' && dec < 0 && digits > 0)
			continue;
		if (*p == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p) || dec == 2 || digits > 9)
			break;
		if (dec >= 0) {
			f = f * 10 + (*p - '0');
			dec++;
		} else {
			yuan = yuan * 10 + (*p - '0');
			digits++;
		}
	}
	if (strcmp(p, "元") == 0)
		p += strlen(p);
	if (*p != '\0' || digits == 0) {
		set_cause(cause, _("\"%s\" is not an amount in yuan (for "
		    "example 1250 or 312.50)"), t);
		free(t);
		return -1;
	}
	free(t);
	if (dec == 1)
		f *= 10;
	*fen = yuan * 100 + f;
	return 0;
}

void
amount_format(long long fen, char out[24])
{
	snprintf(out, 24, "%lld.%02lld", fen / 100, fen % 100);
}

/* A date saved may not be later than today. */
static int
not_future(struct rec *r, int f, int *field, char **cause)
{
	const char *d = rec_str(r, f);
	char today[11];

	date_today(today);
	if (*d != '\0' && strcmp(d, today) > 0) {
		*field = f;
		set_cause(cause, _("%s: %s is in the future (today is %s)"),
		    _(r->sc->fields[f].label), d, today);
		return -1;
	}
	return 0;
}

static int
term_check(struct rec *r, int f, int *field, char **cause)
{
	if (!paper_term_valid(rec_str(r, f))) {
		*field = f;
		set_cause(cause, _("%s: \"%s\" is not a term (for example "
		    "2026-autumn or 2027-spring)"), _(r->sc->fields[f].label),
		    rec_str(r, f));
		return -1;
	}
	return 0;
}

static int
agreement_check(struct rec *r, int *field, char **cause)
{
	if (term_check(r, AGREEMENT_TERM, field, cause) != 0 ||
	    not_future(r, AGREEMENT_DATE, field, cause) != 0)
		return -1;
	if (strcmp(rec_str(r, AGREEMENT_STATUS), "printed") != 0 &&
	    *rec_str(r, AGREEMENT_DATE) == '\0') {
		*field = AGREEMENT_DATE;
		set_cause(cause, _("%s: the date the agreement came back is "
		    "needed"), _(r->sc->fields[*field].label));
		return -1;
	}
	return 0;
}

static int
aid_check(struct rec *r, int *field, char **cause)
{
	long long fen;
	char *why = NULL, amount[24];

	if (term_check(r, AID_TERM, field, cause) != 0 ||
	    not_future(r, AID_DATE, field, cause) != 0)
		return -1;
	if (amount_parse(rec_str(r, AID_AMOUNT), &fen, &why) != 0) {
		*field = AID_AMOUNT;
		set_cause(cause, "%s: %s", _(r->sc->fields[*field].label), why);
		free(why);
		return -1;
	}
	amount_format(fen, amount);
	rec_set(r, AID_AMOUNT, amount);
	return 0;
}

#define SCHEMA(t, n, p, l, d, f, nf, tf) \
	.type = (t), .name = (n), .plural = (p), .label = (l), .dbi = (d), \
	.fields = (f), .nfields = (nf), .title = (tf)
const struct schema agreement_schema = {
	SCHEMA(RT_AGREEMENT, "agreement", "agreements",
	    N_("safety agreement"), DBI_AGREEMENT, agreement_fields,
	    AGREEMENT__N, AGREEMENT_TERM),
	.check = agreement_check
};
const struct schema aid_schema = {
	SCHEMA(RT_AID, "aid", "aids", N_("aid record"), DBI_AID, aid_fields,
	    AID__N, AID_KIND),
	.check = aid_check
};
#undef SCHEMA

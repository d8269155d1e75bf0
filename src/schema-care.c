/*
 * schema-care.c -- the care log's record table (帮扶记录): one entry per
 * contact of the school with a child, or with several children at once
 * (siblings visited together).  What the entries mean together (the last
 * talk, the open follow-up, a phone reached) is care.c's.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "care.h"
#include "i18n.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

/* The order of these rows is the kind's byte in the index: append only. */
const struct choice care_kind_choices[] = {
	{ "talk", N_("talk"), "谈心", "谈话|谈心谈话" },
	{ "visit", N_("home visit"), "家访", "入户家访|走访" },
	{ "call-guardian", N_("call with the guardian"), "电话家访",
	    "电访|电话访问" },
	{ "call-parents", N_("call with the parents"), "与父母通话",
	    "父母通话|联系父母" },
	{ "family-call", N_("parent-child call"), "亲情电话",
	    "亲情通话|视频通话" },
	{ "tutoring", N_("tutoring"), "学习辅导", "辅导" },
	{ "help", N_("material help"), "生活帮扶", "帮扶|生活照料" },
	{ "growth", N_("growth record"), "成长记录", "成长档案" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice care_mood_choices[] = {
	{ "good", N_("fine"), "好", "良好|开心" },
	{ "fair", N_("so-so"), "一般", "还行" },
	{ "worried", N_("worried"), "担忧", "担心|不好|差" },
	{ NULL, NULL, NULL, NULL }
};

static const struct field log_fields[] = {
	[LOG_CHILD] = {
	    .tag = 1, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[LOG_CHILD2] = {
	    .tag = 2, .name = "child2", .label = N_("Second child"),
	    .type = FT_REF, .flags = FF_AUTO, .width = 12, .ref = RT_CHILD,
	    .help = N_("a brother or sister seen at the same time") },
	[LOG_CHILD3] = {
	    .tag = 3, .name = "child3", .label = N_("Third child"),
	    .type = FT_REF, .flags = FF_AUTO, .width = 12, .ref = RT_CHILD },
	[LOG_CHILD4] = {
	    .tag = 4, .name = "child4", .label = N_("Fourth child"),
	    .type = FT_REF, .flags = FF_AUTO, .width = 12, .ref = RT_CHILD },
	[LOG_DATE] = {
	    .tag = 5, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[LOG_STAFF] = {
	    .tag = 6, .name = "staff", .label = N_("Staff member"),
	    .type = FT_REF, .flags = FF_REQUIRED, .width = 12,
	    .ref = RT_STAFF },
	[LOG_KIND] = {
	    .tag = 7, .name = "kind", .label = N_("Kind"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 12, .choices = care_kind_choices },
	[LOG_WITH] = {
	    .tag = 8, .name = "with", .label = N_("Present"),
	    .type = FT_TEXT, .maxlen = 60, .width = 30,
	    .help = N_("who else was there, for example 奶奶、班主任") },
	[LOG_PHONE] = {
	    .tag = 9, .name = "phone", .label = N_("Number reached"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16,
	    .help = N_("a call: the number that answered (marked verified)") },
	[LOG_MOOD] = {
	    .tag = 10, .name = "mood", .label = N_("Mood"), .type = FT_CHOICE,
	    .width = 6, .choices = care_mood_choices },
	[LOG_TEXT] = {
	    .tag = 11, .name = "text", .label = N_("What happened"),
	    .type = FT_TEXT, .flags = FF_REQUIRED | FF_MULTILINE,
	    .maxlen = CARE_TEXT_MAX, .width = 40 },
	[LOG_CONCERN] = {
	    .tag = 12, .name = "concern", .label = N_("Concern"),
	    .type = FT_BOOL, .width = 4,
	    .help = N_("something the school must watch") },
	[LOG_FOLLOWUP] = {
	    .tag = 13, .name = "follow_up", .label = N_("Follow up on"),
	    .type = FT_DATE, .width = 10 },
	[LOG_FOLLOWUP_TEXT] = {
	    .tag = 14, .name = "follow_up_text",
	    .label = N_("Follow-up"), .type = FT_TEXT, .maxlen = 200,
	    .width = 40, .help = N_("what is to be done by then") },
};

const struct schema log_schema = {
	.type = RT_LOG, .name = "log", .plural = "logs",
	.label = N_("care log entry"), .dbi = DBI_LOG, .fields = log_fields,
	.nfields = LOG__N, .title = LOG_DATE, .check = log_check
};

/*
 * The rules of one entry by itself: no child twice, no date in the
 * future, a follow-up after the entry and with a date when it says what,
 * a number reached only by a call.  What needs the database (the child's
 * enrolment, the number among the child's contacts) is care_save()'s.
 */
int
log_check(struct rec *r, int *field, char **cause)
{
	char today[11];
	const char *d = rec_str(r, LOG_DATE), *fu = rec_str(r, LOG_FOLLOWUP);
	int i, j;

	for (i = 0; i < CARE_CHILDREN; i++)
		for (j = 0; j < i; j++)
			if (rec_ref(r, care_child_field(i)) != 0 &&
			    rec_ref(r, care_child_field(i)) ==
			    rec_ref(r, care_child_field(j))) {
				*field = care_child_field(i);
				set_cause(cause, _("%s: child #%u is named "
				    "twice"), _("Child"), rec_ref(r,
				    care_child_field(i)));
				return -1;
			}
	date_today(today);
	if (*d != '\0' && strcmp(d, today) > 0) {
		*field = LOG_DATE;
		set_cause(cause, _("%s \"%s\": a day still to come (today is "
		    "%s)"), _("Date"), d, today);
		return -1;
	}
	if (*fu != '\0' && strcmp(fu, d) < 0) {
		*field = LOG_FOLLOWUP;
		set_cause(cause, _("%s \"%s\": before the entry's date %s"),
		    _("Follow up on"), fu, d);
		return -1;
	}
	if (*fu == '\0' && *rec_str(r, LOG_FOLLOWUP_TEXT) != '\0') {
		*field = LOG_FOLLOWUP;
		set_cause(cause, _("%s: give the date of the follow-up"),
		    _("Follow up on"));
		return -1;
	}
	if (*rec_str(r, LOG_PHONE) != '\0' &&
	    !care_kind_is_call(rec_str(r, LOG_KIND))) {
		*field = LOG_PHONE;
		set_cause(cause, _("%s: only a call reaches a number"),
		    _("Number reached"));
		return -1;
	}
	return 0;
}

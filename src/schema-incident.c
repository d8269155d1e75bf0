/*
 * schema-incident.c -- the tables of incidents (突发事件) and of the
 * actions taken for them: the timeline of the mandatory report
 * (强制报告).  What they mean is in incident.h.
 *
 * The tags are the stored form: never reused.
 */
#include "config.h"

#include <stddef.h>

#include "i18n.h"
#include "schema.h"

const struct choice incident_kind_choices[] = {
	{ "missing", N_("missing"), "走失/失联", "走失|失联|失踪" },
	{ "unsupervised", N_("left unsupervised"), "脱离监护", "无人监护" },
	{ "injury", N_("injury"), "意外伤害", "受伤|伤害" },
	{ "harm", N_("suspected harm"), "疑似侵害", "侵害|虐待" },
	{ "absence", N_("prolonged absence"), "长期缺课", "缺课|旷课" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice incident_step_choices[] = {
	{ "police", N_("reported to the police"), "报警", "公安|派出所" },
	{ "guardian", N_("guardian informed"), "通知监护人", "监护人" },
	{ "parents", N_("parents informed"), "通知父母", "父母|家长" },
	{ "office", N_("reported to the education office"), "报告教育主管部门",
	    "教育局|教管中心|教育办" },
	{ "township", N_("reported to the township"), "报告乡镇政府",
	    "乡镇|政府" },
	{ "found", N_("child found or safe"), "儿童已找到/安全",
	    "找到|安全" },
	{ "medical", N_("medical care"), "就医", "医疗|送医" },
	{ "calltree", N_("call tree activated"), "启动应急联络树", NULL },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

static const struct field incident_fields[] = {
	[INCIDENT_SCHOOL] = {
	    .tag = 1, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 30, .ref = RT_SCHOOL },
	[INCIDENT_CHILDREN] = {
	    .tag = 2, .name = "children", .label = N_("Children concerned"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 400, .width = 30,
	    .help = N_("the children's numbers, separated by commas") },
	[INCIDENT_KIND] = {
	    .tag = 3, .name = "kind", .label = N_("Kind of incident"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 16,
	    .choices = incident_kind_choices },
	[INCIDENT_FOUND_DATE] = {
	    .tag = 4, .name = "found_date", .label = N_("Found on"),
	    .type = FT_DATE, .flags = FF_REQUIRED, .width = 10 },
	[INCIDENT_FOUND_TIME] = {
	    .tag = 5, .name = "found_time", .label = N_("Found at"),
	    .type = FT_TIME, .flags = FF_REQUIRED, .width = 5 },
	[INCIDENT_FOUND_BY] = {
	    .tag = 6, .name = "found_by", .label = N_("Found by"),
	    .type = FT_REF, .flags = FF_WEAK, .width = 20, .ref = RT_STAFF },
	[INCIDENT_OPENED_BY] = {
	    .tag = 7, .name = "opened_by", .label = N_("Opened by"),
	    .type = FT_REF, .flags = FF_WEAK | FF_AUTO, .width = 20,
	    .ref = RT_STAFF },
	[INCIDENT_TEXT] = {
	    .tag = 8, .name = "text", .label = N_("What happened"),
	    .type = FT_TEXT, .flags = FF_REQUIRED | FF_MULTILINE,
	    .maxlen = 1000, .width = 40 },
	[INCIDENT_CLOSED_DATE] = {
	    .tag = 9, .name = "closed_date", .label = N_("Closed on"),
	    .type = FT_DATE, .flags = FF_AUTO, .width = 10 },
	[INCIDENT_CLOSED_TIME] = {
	    .tag = 10, .name = "closed_time", .label = N_("Closed at"),
	    .type = FT_TIME, .flags = FF_AUTO, .width = 5 },
	[INCIDENT_CLOSING] = {
	    .tag = 11, .name = "closing", .label = N_("Closing note"),
	    .type = FT_TEXT, .flags = FF_MULTILINE, .maxlen = 1000,
	    .width = 40 },
};

static const struct field iaction_fields[] = {
	[IACTION_INCIDENT] = {
	    .tag = 1, .name = "incident", .label = N_("Incident"),
	    .type = FT_REF, .flags = FF_REQUIRED, .width = 10,
	    .ref = RT_INCIDENT },
	[IACTION_STEP] = {
	    .tag = 2, .name = "step", .label = N_("Step"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 20,
	    .choices = incident_step_choices },
	[IACTION_DATE] = {
	    .tag = 3, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[IACTION_TIME] = {
	    .tag = 4, .name = "time", .label = N_("Time"), .type = FT_TIME,
	    .flags = FF_REQUIRED, .width = 5 },
	[IACTION_BY] = {
	    .tag = 5, .name = "by", .label = N_("Done by"), .type = FT_REF,
	    .flags = FF_WEAK, .width = 20, .ref = RT_STAFF },
	[IACTION_OFFICER] = {
	    .tag = 6, .name = "officer", .label = N_("Receiving officer"),
	    .type = FT_TEXT, .maxlen = 40, .width = 20 },
	[IACTION_CASE] = {
	    .tag = 7, .name = "case", .label = N_("Case number"),
	    .type = FT_TEXT, .maxlen = 40, .width = 20 },
	[IACTION_TEXT] = {
	    .tag = 8, .name = "text", .label = N_("Note"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 1000, .width = 40 },
	[IACTION_DRILL] = {
	    .tag = 9, .name = "calltree_run", .label = N_("Call tree run"),
	    .type = FT_REF, .flags = FF_WEAK | FF_AUTO, .width = 10,
	    .ref = RT_DRILL },
	/* The incident's, so that the rules of access need no lookup. */
	[IACTION_SCHOOL] = {
	    .tag = 10, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_AUTO, .width = 30, .ref = RT_SCHOOL },
	[IACTION_OPENED_BY] = {
	    .tag = 11, .name = "opened_by", .label = N_("Opened by"),
	    .type = FT_REF, .flags = FF_WEAK | FF_AUTO, .width = 20,
	    .ref = RT_STAFF },
};

const struct schema incident_schema = {
	.type = RT_INCIDENT, .name = "incident", .plural = "incidents",
	.label = N_("incident"), .dbi = DBI_INCIDENT,
	.fields = incident_fields, .nfields = INCIDENT__N,
	.title = INCIDENT_KIND
};

const struct schema iaction_schema = {
	.type = RT_IACTION, .name = "incidentaction",
	.plural = "incidentactions", .label = N_("incident action"),
	.dbi = DBI_IACTION, .fields = iaction_fields, .nfields = IACTION__N,
	.title = IACTION_STEP
};

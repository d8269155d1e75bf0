/*
 * schema-meeting.c -- the record tables of meetings and activities
 * (座谈会、培训、活动) and of their invitees' attendance: see meeting.h.
 *
 * A meeting keeps its school, day, kind, topic, place, who runs it, how
 * its invitees were chosen, and afterwards its minutes and follow-up.
 * Each invitee is a record of its own, made when the meeting is added:
 * a child, or a guardian (the contact, with the child they come for and
 * their relation); the class is the one the child was in that day, so
 * that the sign-in sheet and the attendance agree whatever changes
 * later.  The attendance (present, absent with a reason) is ticked on
 * the invitee's record.  References to children and contacts are weak:
 * a meeting stays history when a child leaves.
 */
#include "config.h"

#include <stddef.h>

#include "i18n.h"
#include "schema.h"
#include "validate.h"

const struct choice meeting_kind_choices[] = {
	{ "monthly", N_("monthly meeting"), "留守儿童月度座谈会",
	    "月度座谈会|座谈会|每月座谈会" },
	{ "training", N_("guardian training"), "监护人培训",
	    "委托监护人培训|培训" },
	{ "safety", N_("safety education"), "安全教育", "安全教育课|安全" },
	{ "parents", N_("parents' meeting"), "家长会", NULL },
	{ "wellbeing", N_("mental-health activity"), "心理健康活动",
	    "心理健康教育|心理活动" },
	{ "festival", N_("festival activity"), "节日活动", "节日" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice meeting_how_choices[] = {
	{ "in_person", N_("in person"), "现场", "当面|到校" },
	{ "phone", N_("by phone"), "电话", "电话会" },
	{ "video", N_("by video"), "视频", "视频会|微信视频" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice attend_choices[] = {
	{ "present", N_("present"), "出席", "到|到会|已到|签到" },
	{ "absent", N_("absent"), "缺席", "未到|缺" },
	{ NULL, NULL, NULL, NULL }
};

static const struct field meeting_fields[] = {
	[MEETING_SCHOOL] = {
	    .tag = 1, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 20, .ref = RT_SCHOOL },
	[MEETING_DATE] = {
	    .tag = 2, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[MEETING_TIME] = {
	    .tag = 3, .name = "time", .label = N_("Time"), .type = FT_TIME,
	    .width = 5, .help = N_("for example 15:30") },
	[MEETING_KIND] = {
	    .tag = 4, .name = "kind", .label = N_("Kind"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 16, .choices = meeting_kind_choices,
	    .def = "monthly" },
	[MEETING_HOW] = {
	    .tag = 5, .name = "how", .label = N_("How held"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 8, .choices = meeting_how_choices,
	    .def = "in_person" },
	[MEETING_TOPIC] = {
	    .tag = 6, .name = "topic", .label = N_("Topic"), .type = FT_TEXT,
	    .flags = FF_REQUIRED, .maxlen = 60, .width = 40 },
	[MEETING_PLACE] = {
	    .tag = 7, .name = "place", .label = N_("Place"), .type = FT_TEXT,
	    .maxlen = 40, .width = 30 },
	[MEETING_BY] = {
	    .tag = 8, .name = "by", .label = N_("Run by"), .type = FT_REF,
	    .flags = FF_WEAK, .width = 10, .ref = RT_STAFF,
	    .help = N_("the staff member's number") },
	[MEETING_INVITE] = {
	    .tag = 9, .name = "invite", .label = N_("Invited"),
	    .type = FT_TEXT, .flags = FF_AUTO, .maxlen = 200, .width = 30 },
	[MEETING_MINUTES] = {
	    .tag = 10, .name = "minutes", .label = N_("Minutes"),
	    .type = FT_TEXT, .flags = FF_MULTILINE, .maxlen = 2000,
	    .width = 40 },
	[MEETING_FOLLOWUP] = {
	    .tag = 11, .name = "follow_up", .label = N_("Follow-up"),
	    .type = FT_TEXT, .flags = FF_MULTILINE, .maxlen = 500,
	    .width = 40 },
	[MEETING_FOLLOWUP_DATE] = {
	    .tag = 12, .name = "follow_up_date", .label = N_("Follow-up by"),
	    .type = FT_DATE, .width = 10 },
};

static const struct field attend_fields[] = {
	[ATTEND_MEETING] = {
	    .tag = 1, .name = "meeting", .label = N_("Meeting"),
	    .type = FT_REF, .flags = FF_REQUIRED, .width = 10,
	    .ref = RT_MEETING },
	[ATTEND_CHILD] = {
	    .tag = 2, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED | FF_WEAK, .width = 10, .ref = RT_CHILD },
	[ATTEND_CONTACT] = {
	    .tag = 3, .name = "contact", .label = N_("Guardian"),
	    .type = FT_REF, .flags = FF_WEAK, .width = 10, .ref = RT_CONTACT },
	[ATTEND_GRADE] = {
	    .tag = 4, .name = "grade", .label = N_("Grade"), .type = FT_GRADE,
	    .flags = FF_AUTO, .width = 4 },
	[ATTEND_CLASS] = {
	    .tag = 5, .name = "class", .label = N_("Class"), .type = FT_CLASS,
	    .flags = FF_AUTO, .width = 4 },
	[ATTEND_RELATION] = {
	    .tag = 6, .name = "relation", .label = N_("Relation"),
	    .type = FT_CHOICE, .flags = FF_AUTO, .width = 10,
	    .choices = relation_choices },
	[ATTEND_STATUS] = {
	    .tag = 7, .name = "status", .label = N_("Attendance"),
	    .type = FT_CHOICE, .width = 8, .choices = attend_choices },
	[ATTEND_REASON] = {
	    .tag = 8, .name = "reason", .label = N_("Reason"), .type = FT_TEXT,
	    .maxlen = 60, .width = 30 },
};

const struct schema meeting_schema = {
	.type = RT_MEETING, .name = "meeting", .plural = "meetings",
	.label = N_("meeting"), .dbi = DBI_MEETING, .fields = meeting_fields,
	.nfields = MEETING__N, .title = MEETING_TOPIC
};

const struct schema attend_schema = {
	.type = RT_ATTEND, .name = "invitee", .plural = "invitees",
	.label = N_("meeting invitee"), .dbi = DBI_ATTEND,
	.fields = attend_fields, .nfields = ATTEND__N, .title = ATTEND_STATUS
};

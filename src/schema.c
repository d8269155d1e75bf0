/*
 * schema.c -- the record tables, and what follows from a field's type.
 *
 * The tags in these tables are the stored form: a tag is never reused
 * for another meaning, and a removed field keeps its tag retired.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

const struct choice role_choices[] = {
	{ "principal", N_("principal"), "校长", "校长|principal" },
	{ "leader", N_("leadership group"), "领导小组", "领导|副校长|主任" },
	{ "class_teacher", N_("class teacher"), "班主任", "班主任" },
	{ "mentor", N_("mentor"), "帮扶教师", "代理家长|结对教师|帮扶" },
	{ "counsellor", N_("counsellor"), "心理辅导教师",
	    "心理教师|心理咨询师|心理老师" },
	{ "administrator", N_("administrator"), "管理员", "数据管理员" },
	{ "supervisor", N_("township supervisor"), "中心校督导", "督导|乡镇督导" },
	{ "village_teacher", N_("village school teacher"), "村小教师",
	    "教学点教师|村小老师" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice schooling_choices[] = {
	{ "preschool", N_("preschool"), "学前", "幼儿园" },
	{ "primary", N_("primary school"), "小学", NULL },
	{ "junior", N_("junior middle school"), "初中", NULL },
	{ "dropout", N_("dropped out"), "辍学", "失学" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice health_choices[] = {
	{ "healthy", N_("healthy"), "健康", "良好|正常" },
	{ "disabled", N_("disabled"), "残疾", NULL },
	{ "ill", N_("seriously ill"), "患病", "疾病|大病|重病" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice left_behind_choices[] = {
	{ "both", N_("both parents away"), "父母均外出",
	    "双亲外出|父母外出|双方外出" },
	{ "father", N_("father away"), "父亲外出", "父外出" },
	{ "mother", N_("mother away"), "母亲外出", "母外出" },
	{ "one_unable", N_("one away, the other unable to care"),
	    "一方外出另一方无监护能力", "一方外出|无监护能力" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice guardianship_choices[] = {
	{ "good", N_("good"), "较好", "好|良好" },
	{ "fair", N_("fair"), "一般", "中" },
	{ "poor", N_("poor"), "差", "较差" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice aid_choices[] = {
	{ "two_free", N_("two exemptions and one subsidy"), "两免一补", NULL },
	{ "dibao", N_("minimum living allowance"), "低保", "最低生活保障" },
	{ "hardship", N_("hardship relief"), "济难救助", "济困" },
	{ "temporary", N_("temporary relief"), "临时救助", NULL },
	{ "medical", N_("medical assistance"), "医疗救助", "医疗" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

/* The categories and levels of the disability certificate (残疾人证). */
const struct choice disability_choices[] = {
	{ "sight", N_("sight"), "视力", "视力残疾" },
	{ "hearing", N_("hearing"), "听力", "听力残疾" },
	{ "speech", N_("speech"), "言语", "言语残疾|语言" },
	{ "physical", N_("physical"), "肢体", "肢体残疾" },
	{ "intellectual", N_("intellectual"), "智力", "智力残疾" },
	{ "mental", N_("mental"), "精神", "精神残疾" },
	{ "multiple", N_("multiple"), "多重", "多重残疾" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice disability_level_choices[] = {
	{ "1", N_("level 1 (most severe)"), "一级", "1级|一" },
	{ "2", N_("level 2"), "二级", "2级|二" },
	{ "3", N_("level 3"), "三级", "3级|三" },
	{ "4", N_("level 4 (mildest)"), "四级", "4级|四" },
	{ NULL, NULL, NULL, NULL }
};

/* Why the parent at home cannot look after the child. */
const struct choice unable_choices[] = {
	{ "ill", N_("serious illness"), "重病", "患病|大病|疾病" },
	{ "disabled", N_("disabled"), "残疾", NULL },
	{ "prison", N_("in prison"), "服刑", "服刑在押|在押" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice family_income_choices[] = {
	{ "wages", N_("wages from work away"), "务工收入",
	    "外出务工|打工|务工" },
	{ "farming", N_("farming"), "务农", "种地|农业" },
	{ "business", N_("small business"), "个体经营", "经商|做生意" },
	{ "relief", N_("allowances and relief"), "低保",
	    "低保救助|救助|补助" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice status_choices[] = {
	{ "in_school", N_("in school"), "在校", "在读|在学" },
	{ "graduated", N_("graduated"), "毕业", "已毕业" },
	{ "transferred", N_("transferred"), "转学", "已转学|转出" },
	{ "not_left_behind", N_("no longer left behind"), "不再留守",
	    "非留守|父母返乡" },
	{ "dropped_out", N_("dropped out"), "辍学", "失学|退学" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice official_choices[] = {
	{ "township", N_("township government"), "乡镇政府",
	    "乡政府|镇政府|乡人民政府|镇人民政府" },
	{ "police", N_("police station"), "派出所", "公安" },
	{ "health", N_("health centre"), "卫生院", "医院|卫生室" },
	{ "village", N_("village committee"), "村委会", "村民委员会|村委" },
	{ "director", N_("village children's director"), "儿童主任",
	    "村儿童主任" },
	{ "bureau", N_("education bureau"), "教育局", "教育局|教育办|教管中心" },
	{ "civil_affairs", N_("civil affairs office (child supervisor)"),
	    "民政所", "民政办|民政|儿童督导员|民政所儿童督导员" },
	{ "women", N_("women's federation"), "妇联", "妇女联合会" },
	{ "other", N_("other"), "其他", "其它" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice tree_by_choices[] = {
	{ "class", N_("by class"), "按班级", "班级|class" },
	{ "village", N_("by village"), "按村", "村|village" },
	{ "boarding", N_("boarding children at night"), "寄宿生",
	    "寄宿|boarding" },
	{ NULL, NULL, NULL, NULL }
};

const struct choice node_kind_choices[] = {
	{ "caller", N_("staff who call"), "教职工", NULL },
	{ "family", N_("a family to call"), "家庭", NULL },
	{ "parent", N_("a parent working away"), "外出父母", NULL },
	{ "official", N_("an official"), "单位", NULL },
	{ NULL, NULL, NULL, NULL }
};

const struct choice edit_op_choices[] = {
	{ "move", N_("called by"), "改由", NULL },
	{ "backup", N_("backup"), "备用", NULL },
	{ "add", N_("added"), "添加", NULL },
	{ NULL, NULL, NULL, NULL }
};

static const struct field school_fields[] = {
	[SCHOOL_NAME] = {
	    .tag = 1, .name = "name", .label = N_("School"), .type = FT_TEXT,
	    .flags = FF_REQUIRED | FF_UNIQUE, .maxlen = 40, .width = 30,
	    .help = N_("for example 柳树乡中心学校") },
	[SCHOOL_TOWNSHIP] = {
	    .tag = 2, .name = "township", .label = N_("Township"),
	    .type = FT_TEXT, .maxlen = 40, .width = 20 },
	[SCHOOL_ADDRESS] = {
	    .tag = 3, .name = "address", .label = N_("Address"),
	    .type = FT_TEXT, .maxlen = 80, .width = 40 },
	[SCHOOL_PHONE] = {
	    .tag = 4, .name = "phone", .label = N_("Phone"), .type = FT_PHONE,
	    .maxlen = 20, .width = 16 },
	[SCHOOL_PRINCIPAL] = {
	    .tag = 5, .name = "principal", .label = N_("Principal"),
	    .type = FT_NAME, .maxlen = 20, .width = 12 },
};

static const struct field staff_fields[] = {
	[STAFF_NAME] = {
	    .tag = 1, .name = "name", .label = N_("Name"), .type = FT_NAME,
	    .flags = FF_REQUIRED, .maxlen = 20, .width = 12 },
	[STAFF_SCHOOL] = {
	    .tag = 2, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 30, .ref = RT_SCHOOL },
	[STAFF_PHONE] = {
	    .tag = 3, .name = "phone", .label = N_("Phone"), .type = FT_PHONE,
	    .maxlen = 20, .width = 16 },
	[STAFF_ROLES] = {
	    .tag = 4, .name = "roles", .label = N_("Roles"), .type = FT_SET,
	    .width = 40, .choices = role_choices,
	    .help = N_("several, separated by commas") },
	[STAFF_GRADE] = {
	    .tag = 5, .name = "head_grade",
	    .label = N_("Class teacher of grade"), .type = FT_GRADE,
	    .width = 8 },
	[STAFF_CLASS] = {
	    .tag = 6, .name = "head_class",
	    .label = N_("Class teacher of class"), .type = FT_CLASS,
	    .maxlen = 8, .width = 8 },
	[STAFF_LOGIN] = {
	    .tag = 7, .name = "login", .label = N_("Login name"),
	    .type = FT_LOGIN, .flags = FF_UNIQUE, .maxlen = 32, .width = 16,
	    .help = N_("the user name on the server, if any") },
	[STAFF_NOTES] = {
	    .tag = 8, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
	/* The staff list's 职务 as written; the roles are what it means. */
	[STAFF_POST] = {
	    .tag = 9, .name = "post", .label = N_("Post"), .type = FT_TEXT,
	    .maxlen = 60, .width = 20,
	    .help = N_("as the staff list writes it, for example 副校长、"
	    "班主任") },
};

static const struct field child_fields[] = {
	[CHILD_NAME] = {
	    .tag = 1, .name = "name", .label = N_("Name"), .type = FT_NAME,
	    .flags = FF_REQUIRED, .maxlen = 20, .width = 12 },
	[CHILD_SEX] = {
	    .tag = 2, .name = "sex", .label = N_("Sex"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 6, .choices = sex_choices },
	[CHILD_ETHNICITY] = {
	    .tag = 3, .name = "ethnicity", .label = N_("Ethnicity"),
	    .type = FT_TEXT, .maxlen = 10, .width = 10,
	    .help = N_("for example 汉族") },
	[CHILD_BIRTH] = {
	    .tag = 4, .name = "birth_date", .label = N_("Birth date"),
	    .type = FT_DATE, .flags = FF_REQUIRED, .width = 10,
	    .help = N_("for example 2015-03-07") },
	[CHILD_IDNUM] = {
	    .tag = 5, .name = "id_number", .label = N_("ID number"),
	    .type = FT_IDNUM, .flags = FF_PRIVATE | FF_UNIQUE, .maxlen = 18,
	    .width = 18 },
	[CHILD_SCHOOL] = {
	    .tag = 6, .name = "school", .label = N_("School"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 30, .ref = RT_SCHOOL },
	[CHILD_GRADE] = {
	    .tag = 7, .name = "grade", .label = N_("Grade"), .type = FT_GRADE,
	    .flags = FF_REQUIRED, .width = 8, .help = N_("1 to 9, or 三年级, 初一") },
	[CHILD_CLASS] = {
	    .tag = 8, .name = "class", .label = N_("Class"), .type = FT_CLASS,
	    .flags = FF_REQUIRED, .maxlen = 8, .width = 8 },
	[CHILD_VILLAGE] = {
	    .tag = 9, .name = "village", .label = N_("Village"),
	    .type = FT_TEXT, .maxlen = 20, .width = 14,
	    .help = N_("for example 柳树村") },
	[CHILD_GROUP] = {
	    .tag = 10, .name = "group", .label = N_("Group"), .type = FT_TEXT,
	    .maxlen = 10, .width = 8, .help = N_("for example 3组") },
	[CHILD_HUKOU] = {
	    .tag = 11, .name = "household_registration",
	    .label = N_("Household registration"), .type = FT_TEXT,
	    .maxlen = 60, .width = 30, .sheet = "户籍所在地|户籍|户口所在地" },
	[CHILD_BOARDING] = {
	    .tag = 12, .name = "boarding", .label = N_("Boarding"),
	    .type = FT_BOOL, .width = 4, .def = "0" },
	[CHILD_SCHOOLING] = {
	    .tag = 13, .name = "schooling", .label = N_("Schooling"),
	    .type = FT_CHOICE, .width = 12, .choices = schooling_choices },
	[CHILD_HEALTH] = {
	    .tag = 14, .name = "health", .label = N_("Health"),
	    .type = FT_CHOICE, .flags = FF_PRIVATE, .width = 10,
	    .choices = health_choices, .def = "healthy",
	    .sheet = "身体状况|健康状况" },
	[CHILD_DISABILITY] = {
	    .tag = 26, .name = "disability", .label = N_("Disability category"),
	    .type = FT_CHOICE, .flags = FF_PRIVATE, .width = 8,
	    .choices = disability_choices, .help = N_("for a disabled child"),
	    .sheet = "残疾类别|残疾类型" },
	[CHILD_DISABILITY_LEVEL] = {
	    .tag = 27, .name = "disability_level",
	    .label = N_("Disability level"), .type = FT_CHOICE,
	    .flags = FF_PRIVATE, .width = 8,
	    .choices = disability_level_choices,
	    .help = N_("as on the disability certificate"),
	    .sheet = "残疾等级|残疾级别" },
	[CHILD_HEALTH_NOTE] = {
	    .tag = 15, .name = "health_note",
	    .label = N_("Disability or illness"), .type = FT_TEXT,
	    .flags = FF_PRIVATE, .maxlen = 60, .width = 30,
	    .help = N_("the illness, or more about a disability") },
	[CHILD_LEFT_BEHIND] = {
	    .tag = 16, .name = "left_behind", .label = N_("Left-behind type"),
	    .type = FT_CHOICE, .width = 20, .choices = left_behind_choices,
	    .sheet = "留守类型|留守儿童类型" },
	[CHILD_UNABLE] = {
	    .tag = 28, .name = "unable_reason",
	    .label = N_("Why the other parent cannot care"),
	    .type = FT_CHOICE, .flags = FF_PRIVATE, .width = 8,
	    .choices = unable_choices,
	    .help = N_("when one parent is away and the other unable to care"),
	    .sheet = "无监护能力原因|另一方无监护能力原因" },
	[CHILD_UNABLE_NOTE] = {
	    .tag = 29, .name = "unable_note",
	    .label = N_("More on why the parent cannot care"),
	    .type = FT_TEXT, .flags = FF_PRIVATE, .maxlen = 60, .width = 30,
	    .sheet = "无监护能力说明" },
	[CHILD_GUARDIANSHIP] = {
	    .tag = 17, .name = "guardianship", .label = N_("Guardianship"),
	    .type = FT_CHOICE, .width = 6, .choices = guardianship_choices,
	    .help = N_("good, fair or poor") },
	[CHILD_GUARDIANSHIP_DATE] = {
	    .tag = 18, .name = "guardianship_date",
	    .label = N_("Guardianship assessed on"), .type = FT_DATE,
	    .width = 10 },
	[CHILD_AID] = {
	    .tag = 19, .name = "aid", .label = N_("Aid received"),
	    .type = FT_SET, .flags = FF_PRIVATE, .width = 30,
	    .choices = aid_choices, .help = N_("several, separated by commas"),
	    .sheet = "受助情况|享受救助情况" },
	[CHILD_KEY_SUPPORT] = {
	    .tag = 20, .name = "key_support", .label = N_("Key support"),
	    .type = FT_BOOL, .width = 4, .def = "0",
	    .sheet = "重点帮扶|是否重点帮扶" },
	[CHILD_STATUS] = {
	    .tag = 21, .name = "status", .label = N_("Status"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 12,
	    .choices = status_choices, .def = "in_school" },
	[CHILD_STATUS_DATE] = {
	    .tag = 23, .name = "status_date", .label = N_("Status since"),
	    .type = FT_DATE, .width = 10, .flags = FF_AUTO },
	[CHILD_STATUS_REASON] = {
	    .tag = 24, .name = "status_reason",
	    .label = N_("Reason for the status"), .type = FT_TEXT,
	    .maxlen = 100, .width = 30, .flags = FF_AUTO,
	    .help = N_("for example moved to the city with the parents") },
	[CHILD_FAMILY_INCOME] = {
	    .tag = 25, .name = "family_income",
	    .label = N_("Family income source"), .type = FT_CHOICE,
	    .width = 12, .choices = family_income_choices,
	    .sheet = "家庭经济来源" },
	[CHILD_NOTES] = {
	    .tag = 22, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE | FF_PRIVATE, .maxlen = 500, .width = 40 },
	/* Risk (schema-safe.c): the level for all, the rest private. */
	[CHILD_RISK] = {
	    .tag = 30, .name = "risk", .label = N_("Risk level"),
	    .type = FT_CHOICE, .width = 6, .choices = risk_choices,
	    .help = N_("low, medium or high; empty: not assessed") },
	[CHILD_CONCERNS] = {
	    .tag = 31, .name = "concerns", .label = N_("Concerns"),
	    .type = FT_SET, .flags = FF_PRIVATE, .width = 30,
	    .choices = concern_choices,
	    .help = N_("several, separated by commas") },
	[CHILD_RISK_REASON] = {
	    .tag = 32, .name = "risk_reason", .label = N_("Why this risk"),
	    .type = FT_TEXT, .flags = FF_PRIVATE, .maxlen = 200, .width = 40 },
};

static const struct field contact_fields[] = {
	[CONTACT_NAME] = {
	    .tag = 1, .name = "name", .label = N_("Name"), .type = FT_NAME,
	    .flags = FF_REQUIRED, .maxlen = 20, .width = 12 },
	[CONTACT_PHONE1] = {
	    .tag = 2, .name = "phone1", .label = N_("Phone 1"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[CONTACT_VERIFIED1] = {
	    .tag = 3, .name = "phone1_verified",
	    .label = N_("Phone 1 verified"), .type = FT_DATE, .width = 10 },
	[CONTACT_PHONE2] = {
	    .tag = 4, .name = "phone2", .label = N_("Phone 2"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[CONTACT_VERIFIED2] = {
	    .tag = 5, .name = "phone2_verified",
	    .label = N_("Phone 2 verified"), .type = FT_DATE, .width = 10 },
	[CONTACT_PHONE3] = {
	    .tag = 6, .name = "phone3", .label = N_("Phone 3"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[CONTACT_VERIFIED3] = {
	    .tag = 7, .name = "phone3_verified",
	    .label = N_("Phone 3 verified"), .type = FT_DATE, .width = 10 },
	[CONTACT_WORKPLACE] = {
	    .tag = 8, .name = "workplace", .label = N_("Work place"),
	    .type = FT_TEXT, .maxlen = 40, .width = 24,
	    .help = N_("province and city, for example 广东省东莞市") },
	[CONTACT_ADDRESS] = {
	    .tag = 9, .name = "address", .label = N_("Address"),
	    .type = FT_TEXT, .maxlen = 60, .width = 30 },
	[CONTACT_CAN_READ] = {
	    .tag = 10, .name = "can_read", .label = N_("Can read"),
	    .type = FT_BOOL, .width = 4,
	    .help = N_("if not: call, do not text") },
	[CONTACT_IDNUM] = {
	    .tag = 15, .name = "id_number", .label = N_("ID number"),
	    .type = FT_IDNUM, .flags = FF_PRIVATE, .maxlen = 18, .width = 18,
	    .help = N_("of an entrusted guardian, for the official form"),
	    .sheet = "监护人身份证号|监护人身份证号码" },
	[CONTACT_NOTES] = {
	    .tag = 11, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
	[CONTACT_FAILED1] = {
	    .tag = 12, .name = "phone1_failed",
	    .label = N_("Phone 1 failed in a drill"), .type = FT_DATE,
	    .flags = FF_AUTO, .width = 10,
	    .help = N_("to verify: cleared when the number is verified") },
	[CONTACT_FAILED2] = {
	    .tag = 13, .name = "phone2_failed",
	    .label = N_("Phone 2 failed in a drill"), .type = FT_DATE,
	    .flags = FF_AUTO, .width = 10,
	    .help = N_("to verify: cleared when the number is verified") },
	[CONTACT_FAILED3] = {
	    .tag = 14, .name = "phone3_failed",
	    .label = N_("Phone 3 failed in a drill"), .type = FT_DATE,
	    .flags = FF_AUTO, .width = 10,
	    .help = N_("to verify: cleared when the number is verified") },
};

static const struct field link_fields[] = {
	[LINK_CHILD] = {
	    .tag = 1, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[LINK_CONTACT] = {
	    .tag = 2, .name = "contact", .label = N_("Contact"),
	    .type = FT_REF, .flags = FF_REQUIRED, .width = 12,
	    .ref = RT_CONTACT },
	[LINK_RELATION] = {
	    .tag = 3, .name = "relation", .label = N_("Relation"),
	    .type = FT_CHOICE, .flags = FF_REQUIRED, .width = 10,
	    .choices = relation_choices },
	[LINK_PRIORITY] = {
	    .tag = 4, .name = "priority", .label = N_("Call order"),
	    .type = FT_INT, .flags = FF_REQUIRED, .width = 3, .min = 1,
	    .max = 99, .def = "1", .help = N_("1 is called first") },
	[LINK_GUARDIAN] = {
	    .tag = 5, .name = "guardian", .label = N_("Entrusted guardian"),
	    .type = FT_BOOL, .width = 4, .def = "0" },
};

static const struct field pair_fields[] = {
	[PAIR_STAFF] = {
	    .tag = 1, .name = "staff", .label = N_("Mentor"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_STAFF },
	[PAIR_CHILD] = {
	    .tag = 2, .name = "child", .label = N_("Child"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 12, .ref = RT_CHILD },
	[PAIR_SINCE] = {
	    .tag = 3, .name = "since", .label = N_("Since"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[PAIR_UNTIL] = {
	    .tag = 4, .name = "until", .label = N_("Until"), .type = FT_DATE,
	    .width = 10 },
	[PAIR_NOTES] = {
	    .tag = 5, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
};

static const struct field official_fields[] = {
	[OFFICIAL_NAME] = {
	    .tag = 1, .name = "name", .label = N_("Name"), .type = FT_NAME,
	    .flags = FF_REQUIRED, .maxlen = 20, .width = 12 },
	[OFFICIAL_KIND] = {
	    .tag = 2, .name = "kind", .label = N_("Kind"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 16, .choices = official_choices },
	[OFFICIAL_ORG] = {
	    .tag = 3, .name = "organisation", .label = N_("Organisation"),
	    .type = FT_TEXT, .maxlen = 40, .width = 24,
	    .help = N_("for example 柳树乡派出所") },
	[OFFICIAL_VILLAGE] = {
	    .tag = 4, .name = "village", .label = N_("Village"),
	    .type = FT_TEXT, .maxlen = 20, .width = 14,
	    .help = N_("for a village committee or children's director") },
	[OFFICIAL_PHONE] = {
	    .tag = 5, .name = "phone", .label = N_("Phone"), .type = FT_PHONE,
	    .flags = FF_REQUIRED, .maxlen = 20, .width = 16 },
	[OFFICIAL_PHONE2] = {
	    .tag = 6, .name = "phone2", .label = N_("Second phone"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[OFFICIAL_NOTES] = {
	    .tag = 7, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
};

static const struct field tree_fields[] = {
	[TREE_NAME] = {
	    .tag = 1, .name = "name", .label = N_("Name"), .type = FT_TEXT,
	    .flags = FF_REQUIRED | FF_UNIQUE, .maxlen = 40, .width = 30,
	    .help = N_("for example 柳树小学应急联络树") },
	[TREE_SCHOOL] = {
	    .tag = 2, .name = "school", .label = N_("School"), .type = FT_REF,
	    .width = 30, .ref = RT_SCHOOL,
	    .help = N_("empty for the whole township") },
	[TREE_PURPOSE] = {
	    .tag = 3, .name = "purpose", .label = N_("Purpose"),
	    .type = FT_TEXT, .maxlen = 60, .width = 40,
	    .help = N_("for example a missing child, an accident, a storm") },
	[TREE_ACTIVATOR] = {
	    .tag = 4, .name = "activator", .label = N_("Activated by"),
	    .type = FT_TEXT, .flags = FF_REQUIRED, .maxlen = 40, .width = 30,
	    .help = N_("who may start the calls, for example 校长 王伟") },
	[TREE_BY] = {
	    .tag = 5, .name = "by", .label = N_("Grouped"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 20, .choices = tree_by_choices,
	    .def = "class" },
	[TREE_STAFF_LIMIT] = {
	    .tag = 6, .name = "staff_limit",
	    .label = N_("Most staff one person calls"), .type = FT_INT,
	    .flags = FF_REQUIRED, .width = 3, .min = 2, .max = 9, .def = "5" },
	[TREE_FAMILY_LIMIT] = {
	    .tag = 7, .name = "family_limit",
	    .label = N_("Most families one person calls"), .type = FT_INT,
	    .flags = FF_REQUIRED, .width = 3, .min = 1, .max = 40, .def = "10" },
	[TREE_REVISION] = {
	    .tag = 8, .name = "revision", .label = N_("Version"),
	    .type = FT_INT, .flags = FF_REQUIRED, .width = 6, .min = 1,
	    .max = 999999, .def = "1" },
	[TREE_GENERATED] = {
	    .tag = 9, .name = "generated", .label = N_("Made on"),
	    .type = FT_DATE, .width = 10 },
	[TREE_NOTES] = {
	    .tag = 10, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
};

static const struct field node_fields[] = {
	[NODE_TREE] = {
	    .tag = 1, .name = "tree", .label = N_("Call tree"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 20, .ref = RT_TREE },
	[NODE_PARENT] = {
	    .tag = 2, .name = "parent", .label = N_("Called by"),
	    .type = FT_REF, .width = 20, .ref = RT_NODE },
	[NODE_SEQ] = {
	    .tag = 3, .name = "seq", .label = N_("Order"), .type = FT_INT,
	    .flags = FF_REQUIRED, .width = 4, .min = 1, .max = 9999,
	    .def = "1" },
	[NODE_KIND] = {
	    .tag = 4, .name = "kind", .label = N_("Kind"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 16, .choices = node_kind_choices },
	[NODE_WHO] = {
	    .tag = 5, .name = "who", .label = N_("Person"), .type = FT_PERSON,
	    .flags = FF_REQUIRED | FF_WEAK, .width = 20 },
	[NODE_ROLE] = {
	    .tag = 6, .name = "role", .label = N_("Role"), .type = FT_TEXT,
	    .maxlen = 60, .width = 30 },
	[NODE_PHONE] = {
	    .tag = 7, .name = "phone", .label = N_("Phone"), .type = FT_PHONE,
	    .maxlen = 20, .width = 16 },
	[NODE_BACKUP] = {
	    .tag = 8, .name = "backup", .label = N_("Backup person"),
	    .type = FT_PERSON, .flags = FF_WEAK, .width = 20 },
	[NODE_BACKUP_PHONE] = {
	    .tag = 9, .name = "backup_phone", .label = N_("Backup phone"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[NODE_CHILDREN] = {
	    .tag = 10, .name = "children", .label = N_("For the children"),
	    .type = FT_TEXT, .maxlen = 2000, .width = 20 },
};

static const struct field edit_fields[] = {
	[EDIT_TREE] = {
	    .tag = 1, .name = "tree", .label = N_("Call tree"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 20, .ref = RT_TREE },
	[EDIT_OP] = {
	    .tag = 2, .name = "op", .label = N_("Change"), .type = FT_CHOICE,
	    .flags = FF_REQUIRED, .width = 10, .choices = edit_op_choices },
	[EDIT_SUBJECT] = {
	    .tag = 3, .name = "subject", .label = N_("Person"),
	    .type = FT_PERSON, .flags = FF_REQUIRED | FF_WEAK, .width = 20 },
	[EDIT_TARGET] = {
	    .tag = 4, .name = "target", .label = N_("Other person"),
	    .type = FT_PERSON, .flags = FF_WEAK, .width = 20 },
	[EDIT_PHONE] = {
	    .tag = 5, .name = "phone", .label = N_("Phone"), .type = FT_PHONE,
	    .maxlen = 20, .width = 16 },
	[EDIT_NOTES] = {
	    .tag = 6, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .maxlen = 200, .width = 30 },
};

static const struct field drill_fields[] = {
	[DRILL_TREE] = {
	    .tag = 1, .name = "tree", .label = N_("Call tree"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 20, .ref = RT_TREE },
	[DRILL_DATE] = {
	    .tag = 2, .name = "date", .label = N_("Date"), .type = FT_DATE,
	    .flags = FF_REQUIRED, .width = 10 },
	[DRILL_START] = {
	    .tag = 3, .name = "start", .label = N_("Started at"),
	    .type = FT_TIME, .flags = FF_REQUIRED, .width = 5,
	    .help = N_("for example 07:30") },
	[DRILL_REVISION] = {
	    .tag = 4, .name = "revision", .label = N_("Tree version"),
	    .type = FT_INT, .width = 6, .min = 1, .max = 999999 },
	[DRILL_NOTES] = {
	    .tag = 5, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .flags = FF_MULTILINE, .maxlen = 500, .width = 40 },
};

static const struct field call_fields[] = {
	[CALL_DRILL] = {
	    .tag = 1, .name = "drill", .label = N_("Drill"), .type = FT_REF,
	    .flags = FF_REQUIRED, .width = 10, .ref = RT_DRILL },
	[CALL_WHO] = {
	    .tag = 2, .name = "who", .label = N_("Person"), .type = FT_PERSON,
	    .flags = FF_REQUIRED | FF_WEAK, .width = 20 },
	[CALL_PHONE] = {
	    .tag = 3, .name = "phone", .label = N_("Phone called"),
	    .type = FT_PHONE, .maxlen = 20, .width = 16 },
	[CALL_REACHED] = {
	    .tag = 4, .name = "reached", .label = N_("Reached"),
	    .type = FT_BOOL, .flags = FF_REQUIRED, .width = 4, .def = "0" },
	[CALL_TIME] = {
	    .tag = 5, .name = "time", .label = N_("Reached at"),
	    .type = FT_TIME, .width = 5 },
	[CALL_BY_BACKUP] = {
	    .tag = 6, .name = "by_backup", .label = N_("Through the backup"),
	    .type = FT_BOOL, .width = 4, .def = "0" },
	[CALL_NOTES] = {
	    .tag = 7, .name = "notes", .label = N_("Notes"), .type = FT_TEXT,
	    .maxlen = 200, .width = 30 },
	[CALL_POSITION] = {
	    .tag = 8, .name = "position", .label = N_("Line on the sheet"),
	    .type = FT_TEXT, .maxlen = 40, .width = 10,
	    .help = N_("for example 1.2.3") },
};

#define SCHEMA(t, n, p, l, d, f, nf, tf) \
	.type = (t), .name = (n), .plural = (p), .label = (l), .dbi = (d), \
	.fields = (f), .nfields = (nf), .title = (tf)
static const struct schema school_schema = {
	SCHEMA(RT_SCHOOL, "school", "schools", N_("school"), DBI_SCHOOL,
	    school_fields, SCHOOL__N, SCHOOL_NAME)
};
static const struct schema staff_schema = {
	SCHEMA(RT_STAFF, "staff", "staff", N_("staff member"), DBI_STAFF,
	    staff_fields, STAFF__N, STAFF_NAME),
	.check = staff_check
};
static const struct schema child_schema = {
	SCHEMA(RT_CHILD, "child", "children", N_("child"), DBI_CHILD,
	    child_fields, CHILD__N, CHILD_NAME),
	.fill = child_fill, .check = child_check
};
static const struct schema contact_schema = {
	SCHEMA(RT_CONTACT, "contact", "contacts", N_("contact"), DBI_CONTACT,
	    contact_fields, CONTACT__N, CONTACT_NAME),
	.check = contact_check, .update = contact_update
};
static const struct schema link_schema = {
	SCHEMA(RT_LINK, "link", "links", N_("contact link"), DBI_LINK,
	    link_fields, LINK__N, LINK_RELATION)
};
static const struct schema pair_schema = {
	SCHEMA(RT_PAIR, "pair", "pairs", N_("mentoring pair"), DBI_PAIR,
	    pair_fields, PAIR__N, PAIR_SINCE),
	.check = pair_check
};
static const struct schema official_schema = {
	SCHEMA(RT_OFFICIAL, "official", "officials", N_("official"),
	    DBI_OFFICIAL, official_fields, OFFICIAL__N, OFFICIAL_NAME)
};
static const struct schema tree_schema = {
	SCHEMA(RT_TREE, "calltree", "calltrees", N_("call tree"), DBI_TREE,
	    tree_fields, TREE__N, TREE_NAME)
};
static const struct schema node_schema = {
	SCHEMA(RT_NODE, "callnode", "callnodes", N_("call tree line"),
	    DBI_NODE, node_fields, NODE__N, NODE_ROLE)
};
static const struct schema edit_schema = {
	SCHEMA(RT_EDIT, "treeedit", "treeedits", N_("call tree change"),
	    DBI_EDIT, edit_fields, EDIT__N, EDIT_SUBJECT)
};
static const struct schema drill_schema = {
	SCHEMA(RT_DRILL, "drill", "drills", N_("drill"), DBI_DRILL,
	    drill_fields, DRILL__N, DRILL_DATE)
};
static const struct schema call_schema = {
	SCHEMA(RT_CALL, "drillcall", "drillcalls", N_("drill call"), DBI_CALL,
	    call_fields, CALL__N, CALL_WHO)
};
#undef SCHEMA

const struct schema *const schemas[RT__COUNT] = {
	[RT_SCHOOL] = &school_schema,
	[RT_STAFF] = &staff_schema,
	[RT_CHILD] = &child_schema,
	[RT_CONTACT] = &contact_schema,
	[RT_LINK] = &link_schema,
	[RT_PAIR] = &pair_schema,
	[RT_OFFICIAL] = &official_schema,
	[RT_TREE] = &tree_schema,
	[RT_NODE] = &node_schema,
	[RT_EDIT] = &edit_schema,
	[RT_DRILL] = &drill_schema,
	[RT_CALL] = &call_schema,
	[RT_LOG] = &log_schema,
	[RT_SETTINGS] = &settings_schema,
	[RT_MEETING] = &meeting_schema,
	[RT_ATTEND] = &attend_schema,
	[RT_INCIDENT] = &incident_schema,
	[RT_IACTION] = &iaction_schema,
	[RT_COUNSEL] = &counsel_schema,
	[RT_PLAN] = &plan_schema,
	[RT_GOAL] = &goal_schema,
	[RT_REVIEW] = &review_schema,
	[RT_AGREEMENT] = &agreement_schema,
	[RT_AID] = &aid_schema,
};

const struct schema *
schema_of(enum rtype t)
{
	return schemas[t];
}

const struct schema *
schema_by_name(const char *name)
{
	int i;

	for (i = 0; i < RT__COUNT; i++) {
		if (strcmp(schemas[i]->name, name) == 0 ||
		    strcmp(schemas[i]->plural, name) == 0)
			return schemas[i];
	}
	return NULL;
}

int
schema_field(const struct schema *sc, const char *name)
{
	int i;

	for (i = 0; i < sc->nfields; i++) {
		if (strcmp(sc->fields[i].name, name) == 0)
			return i;
	}
	return -1;
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

void
class_key_add(struct buf *b, const char *cls)
{
	if (all_digits(cls) && strlen(cls) < 3)
		buf_addf(b, "%03d", atoi(cls));
	else
		buf_addstr(b, cls);
}

char *
class_from_key(const char *key)
{
	if (all_digits(key) && strlen(key) == 3)
		return xasprintf("%d", atoi(key));
	return xstrdup(key);
}

int
contact_phone_field(int i)
{
	static const int f[CONTACT_PHONES] = {
		CONTACT_PHONE1, CONTACT_PHONE2, CONTACT_PHONE3
	};

	return f[i];
}

int
contact_failed_field(int i)
{
	static const int f[CONTACT_PHONES] = {
		CONTACT_FAILED1, CONTACT_FAILED2, CONTACT_FAILED3
	};

	return f[i];
}

static const struct {
	enum rtype	 type;
	const char	*name;
} person_kinds[] = {
	{ RT_STAFF, "staff" },
	{ RT_CONTACT, "contact" },
	{ RT_OFFICIAL, "official" },
};

bool
person_parse(const char *s, enum rtype *type, uint32_t *id)
{
	const char *colon = strchr(s, ':');
	unsigned long v;
	char *end;
	size_t i;

	if (colon == NULL || !isdigit((unsigned char)colon[1]))
		return false;
	v = strtoul(colon + 1, &end, 10);
	if (*end != '\0' || v == 0 || v > UINT32_MAX || colon[1] == '0')
		return false;
	for (i = 0; i < nitems(person_kinds); i++)
		if (strlen(person_kinds[i].name) == (size_t)(colon - s) &&
		    strncmp(s, person_kinds[i].name, colon - s) == 0) {
			*type = person_kinds[i].type;
			*id = (uint32_t)v;
			return true;
		}
	return false;
}

char *
person_make(enum rtype type, uint32_t id)
{
	size_t i;

	for (i = 0; i < nitems(person_kinds); i++)
		if (person_kinds[i].type == type)
			return xasprintf("%s:%u", person_kinds[i].name, id);
	return xasprintf("?:%u", id);
}

int
contact_verified_field(int i)
{
	static const int f[CONTACT_PHONES] = {
		CONTACT_VERIFIED1, CONTACT_VERIFIED2, CONTACT_VERIFIED3
	};

	return f[i];
}

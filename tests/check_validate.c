/*
 * Unit tests for validate.c: what a teacher types or a roster holds, the
 * normal form stored, and the reason given when there is none.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvw.h"
#include "fieldtype.h"
#include "i18n.h"
#include "model.h"
#include "rec.h"
#include "schema.h"
#include "store.h"
#include "testutil.h"
#include "util.h"
#include "validate.h"
#include "view.h"

typedef int (*validator)(const char *, char **, char **);

/* fn accepts in and stores want. */
static void
accepts(validator fn, const char *in, const char *want)
{
	char *out = NULL, *cause = NULL;
	int rc;

	rc = fn(in, &out, &cause);
	ck_assert_msg(rc == 0, "\"%s\" refused: %s", in,
	    cause != NULL ? cause : "(no reason)");
	ck_assert_ptr_null(cause);
	ck_assert_ptr_nonnull(out);
	ck_assert_msg(strcmp(out, want) == 0, "\"%s\" stored as \"%s\", not "
	    "\"%s\"", in, out, want);
	free(out);
}

/*
 * fn refuses in with a reason the user can read, which holds part when
 * part is not NULL.
 */
static void
refuses(validator fn, const char *in, const char *part)
{
	char *out = NULL, *cause = NULL;
	int rc;

	rc = fn(in, &out, &cause);
	ck_assert_msg(rc == -1, "\"%s\" accepted as \"%s\"", in,
	    out != NULL ? out : "(null)");
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(cause[0] != '\0', "\"%s\": empty reason", in);
	if (part != NULL)
		ck_assert_msg(strstr(cause, part) != NULL,
		    "\"%s\": reason \"%s\" does not mention \"%s\"", in, cause,
		    part);
	free(cause);
}

static int
text10(const char *in, char **out, char **cause)
{
	return val_text(in, 10, false, out, cause);
}

static int
text_multi(const char *in, char **out, char **cause)
{
	return val_text(in, 0, true, out, cause);
}

/* The check character of 17 digits, computed here independently. */
static void
make_id(const char *base, char id[19])
{
	static const int w[17] = {
		7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
	};
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (base[i] - '0') * w[i];
	memcpy(id, base, 17);
	id[17] = "10X98765432"[sum % 11];
	id[18] = '\0';
}

/* The same id with a wrong check character. */
static char
other_check(char c)
{
	return c == '5' ? '6' : '5';
}

START_TEST(dates_in_every_written_form)
{
	accepts(val_date, "2015-03-07", "2015-03-07");
	accepts(val_date, "2015-3-7", "2015-03-07");
	accepts(val_date, "2015.3.7", "2015-03-07");
	accepts(val_date, "2015/3/7", "2015-03-07");
	accepts(val_date, "2015年3月7日", "2015-03-07");
	accepts(val_date, "2015 年 3 月 7 日", "2015-03-07");
	accepts(val_date, "2015年3月7号", "2015-03-07");
	accepts(val_date, "20150307", "2015-03-07");
	accepts(val_date, "  2015-03-07\t", "2015-03-07");
	accepts(val_date, "\xe3\x80\x80" "２０１５－０３－０７", "2015-03-07");
	accepts(val_date, "2015/3/7 0:00", "2015-03-07");
	accepts(val_date, "2015-03-07 00:00:00", "2015-03-07");
	accepts(val_date, "2016-02-29", "2016-02-29");
	accepts(val_date, "2000-02-29", "2000-02-29");
	accepts(val_date, "1900-01-01", "1900-01-01");
	accepts(val_date, "2100-12-31", "2100-12-31");
}
END_TEST

START_TEST(impossible_dates_say_why)
{
	refuses(val_date, "2015-02-29", "28");
	refuses(val_date, "1900-02-29", "28");
	refuses(val_date, "2015-04-31", "30");
	refuses(val_date, "2015-13-45", "month");
	refuses(val_date, "2015-00-10", "month");
	refuses(val_date, "2015-03-00", "day");
	refuses(val_date, "20151307", "month");
	refuses(val_date, "1899-12-31", "1900");
	refuses(val_date, "2101-01-01", "2100");
	refuses(val_date, "3/7/2015", "year first");
	refuses(val_date, "15-3-7", "four digits");
	refuses(val_date, "2015", "month and day");
	refuses(val_date, "2015-03", "day is missing");
	refuses(val_date, "2015年3月", "day is missing");
	refuses(val_date, "2015-3/7", "2015-03-07");
	refuses(val_date, "next Tuesday", "2015-03-07");
	refuses(val_date, "2015-03-07x", NULL);
	refuses(val_date, "-", NULL);
	refuses(val_date, "", NULL);
	refuses(val_date, NULL, NULL);
}
END_TEST

START_TEST(excel_dates_are_explained)
{
	/* The serial names the date it stands for. */
	refuses(val_date, "42070", "Excel");
	refuses(val_date, "42070", "2015-03-07");
	refuses(val_date, "42070.0", "2015-03-07");
	refuses(val_date, "36526", "2000-01-01");
	refuses(val_date, "2.0150307E+7", "Excel");
	refuses(val_date, "2.0150307E+7", "2.0150307E+7");
}
END_TEST

START_TEST(mobiles)
{
	accepts(val_phone, "13812345678", "13812345678");
	accepts(val_phone, "138 1234 5678", "13812345678");
	accepts(val_phone, "138-1234-5678", "13812345678");
	accepts(val_phone, "+86 138 1234 5678", "13812345678");
	accepts(val_phone, "+8613812345678", "13812345678");
	accepts(val_phone, "0086 13812345678", "13812345678");
	accepts(val_phone, "8613812345678", "13812345678");
	accepts(val_phone, "１３８１２３４５６７８", "13812345678");
	accepts(val_phone, "19912345678", "19912345678");
	refuses(val_phone, "12345678901", "13 to 19");
	refuses(val_phone, "1381234567", "11 digits");
	refuses(val_phone, "138123456789", "11 digits");
	refuses(val_phone, "13812345678转12", "extension");
	refuses(val_phone, "13812345678/13987654321", "one phone number");
	refuses(val_phone, "13812345678，13987654321", "one phone number");
	refuses(val_phone, "13812345678、13987654321", "one phone number");
	refuses(val_phone, "tel 13812345678", "digits");
	refuses(val_phone, "+1 415 555 1234", "+86");
	refuses(val_phone, "", NULL);
	refuses(val_phone, "+", NULL);
	refuses(val_phone, "95588", NULL);
}
END_TEST

START_TEST(landlines)
{
	accepts(val_phone, "0731-84567890", "0731-84567890");
	accepts(val_phone, "(0731)84567890", "0731-84567890");
	accepts(val_phone, "（0731）84567890", "0731-84567890");
	accepts(val_phone, "0731 8456 7890", "0731-84567890");
	accepts(val_phone, "073184567890", "0731-84567890");
	accepts(val_phone, "0731-8456789", "0731-8456789");
	accepts(val_phone, "(010)12345678", "010-12345678");
	accepts(val_phone, "010-12345678", "010-12345678");
	accepts(val_phone, "02012345678", "020-12345678");
	accepts(val_phone, "0898-12345678", "0898-12345678");
	accepts(val_phone, "+86 731 84567890", "0731-84567890");
	accepts(val_phone, "0731-84567890-123", "0731-84567890-123");
	accepts(val_phone, "0731-84567890转123", "0731-84567890-123");
	accepts(val_phone, "0731-84567890 分机 45", "0731-84567890-45");
	refuses(val_phone, "84567890", "area code");
	refuses(val_phone, "0731-845678", "7 or 8");
	refuses(val_phone, "07318456789012", "7 or 8");
	refuses(val_phone, "0171-2345678", "area code");
	refuses(val_phone, "(073)184567890", "area code");
	refuses(val_phone, "(0731 84567890", "bracket");
	refuses(val_phone, "0731-84567890转", "extension");
	refuses(val_phone, "0731-84567890转1234567", "extension");
}
END_TEST

START_TEST(excel_phones_are_explained)
{
	refuses(val_phone, "1.38E+10", "Excel");
	refuses(val_phone, "1.38E+10", "1.38E+10");
	refuses(val_phone, "1.3812345678e10", "Excel");
	refuses(val_phone, "13812345678.0", "Excel");
}
END_TEST

START_TEST(phone_digits_for_searching)
{
	char *s;

	s = phone_digits("0731-84567890-123");
	ck_assert_str_eq(s, "073184567890123");
	free(s);
	s = phone_digits("13812345678");
	ck_assert_str_eq(s, "13812345678");
	free(s);
	s = phone_digits(NULL);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(id_numbers_with_their_checksum)
{
	char id[19], bad[19], lower[19], spaced[32], want[19];

	make_id("43052320150307123", id);
	ck_assert_int_eq(id[17], '4');		/* the worked example */
	accepts(val_idnum, id, id);
	make_id("11010519491231002", id);
	ck_assert_int_eq(id[17], 'X');
	accepts(val_idnum, id, id);
	strcpy(lower, id);
	lower[17] = 'x';
	accepts(val_idnum, lower, id);
	make_id("43052320160229123", id);	/* born on a leap day */
	accepts(val_idnum, id, id);

	make_id("43052320150307123", want);
	snprintf(spaced, sizeof spaced, "%.6s %.8s %.4s", want, want + 6,
	    want + 14);
	accepts(val_idnum, spaced, want);

	strcpy(bad, want);
	bad[17] = other_check(want[17]);
	refuses(val_idnum, bad, "check digit should be 4");
	/*
	 * A mistyped digit (123 -> 133): the reason names the check digit
	 * those digits would need, 0.
	 */
	strcpy(bad, want);
	bad[15] = '3';
	make_id(bad, id);
	ck_assert_int_eq(id[17], '0');
	refuses(val_idnum, bad, "check digit should be 0");
}
END_TEST

START_TEST(id_numbers_refused)
{
	char id[19];

	make_id("43052320150229123", id);	/* 2015-02-29 */
	refuses(val_idnum, id, "2015-02-29");
	make_id("43052320151307123", id);	/* month 13 */
	refuses(val_idnum, id, "not a real date");
	make_id("43052320990101123", id);
	refuses(val_idnum, id, "future");
	refuses(val_idnum, "43052320150307123", "18 characters, not 17");
	refuses(val_idnum, "4305232015030712345", "18 characters, not 19");
	refuses(val_idnum, "430523150307123", "15-digit");
	refuses(val_idnum, "4305232015030712X4", "digit or X");
	refuses(val_idnum, "A30523201503071234", "digit or X");
	refuses(val_idnum, "4.30523E+17", "Excel");
	/* Excel keeps 15 significant digits: the rest become 000. */
	refuses(val_idnum, "430523201503071000", "Excel");
	refuses(val_idnum, "", NULL);
	refuses(val_idnum, "张三", NULL);
}
END_TEST

START_TEST(id_numbers_against_the_record)
{
	char id[19], out[11], *cause = NULL;

	make_id("43052320150307123", id);	/* 17th digit 3: a boy */
	idnum_birth(id, out);
	ck_assert_str_eq(out, "2015-03-07");
	ck_assert_str_eq(idnum_sex(id), "m");
	ck_assert_int_eq(val_idnum_matches(id, "2015-03-07", "m", &cause), 0);
	ck_assert_int_eq(val_idnum_matches(id, NULL, NULL, &cause), 0);
	ck_assert_int_eq(val_idnum_matches(id, "", "", &cause), 0);
	ck_assert_ptr_null(cause);

	ck_assert_int_eq(val_idnum_matches(id, "2015-03-08", "m", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "2015-03-07"));
	ck_assert_ptr_nonnull(strstr(cause, "2015-03-08"));
	ck_assert_int_eq(val_idnum_matches(id, "2015-03-07", "f", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "male"));
	ck_assert_int_eq(val_idnum_matches("12345", NULL, NULL, &cause), -1);
	ck_assert(cause[0] != '\0');
	free(cause);
	cause = NULL;

	make_id("43052320150307124", id);	/* 17th digit 4: a girl */
	ck_assert_str_eq(idnum_sex(id), "f");
	ck_assert_int_eq(val_idnum_matches(id, "2015-03-07", "m", &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "female"));
	free(cause);

	ck_assert_str_eq(idnum_sex("123"), "");
	idnum_birth("123", out);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(grades_in_every_form)
{
	static const struct {
		const char	*in, *want;
	} t[] = {
		{ "1", "1" }, { "3", "3" }, { "9", "9" }, { "３", "3" },
		{ "一", "1" }, { "六", "6" },
		{ "一年级", "1" }, { "二年级", "2" }, { "三年级", "3" },
		{ "四年级", "4" }, { "五年级", "5" }, { "六年级", "6" },
		{ "七年级", "7" }, { "八年级", "8" }, { "九年级", "9" },
		{ "1年级", "1" }, { "3 年级", "3" }, { "9年级", "9" },
		{ "初一", "7" }, { "初二", "8" }, { "初三", "9" }, { "初1", "7" },
		{ "小学一年级", "1" }, { "小学6年级", "6" }, { "小一", "1" },
		{ "初中一年级", "7" }, { "初中三年级", "9" },
		{ "初中七年级", "7" },
		{ "grade 3", "3" }, { "Grade 6", "6" }, { "junior 1", "7" },
		{ "Junior 3", "9" }, { "grade3", "3" },
	};
	size_t i;

	for (i = 0; i < nitems(t); i++)
		accepts(val_grade, t[i].in, t[i].want);
}
END_TEST

START_TEST(grades_refused)
{
	refuses(val_grade, "0", "1 to 9");
	refuses(val_grade, "10", "1 to 9");
	refuses(val_grade, "十", "1 to 9");
	refuses(val_grade, "小学七年级", "1 to 6");
	refuses(val_grade, "初五", "1 to 3");
	refuses(val_grade, "初四", "5+4");
	refuses(val_grade, "高一", "junior middle");
	refuses(val_grade, "幼儿园", "junior middle");
	refuses(val_grade, "2019级", "entry year");
	refuses(val_grade, "三年级2班", "class");
	refuses(val_grade, "三年级(2)班", "class");
	refuses(val_grade, "abc", "1 to 9");
	refuses(val_grade, "", NULL);
}
END_TEST

START_TEST(grade_labels)
{
	ck_assert_str_eq(grade_label("1"), "grade 1");
	ck_assert_str_eq(grade_label("6"), "grade 6");
	ck_assert_str_eq(grade_label("7"), "junior 1");
	ck_assert_str_eq(grade_label("9"), "junior 3");
	ck_assert_str_eq(grade_label("10"), "10");
	ck_assert_str_eq(grade_label("x"), "x");
	ck_assert_str_eq(grade_label(""), "");
	/* A label read back is the grade again. */
	accepts(val_grade, grade_label("8"), "8");
}
END_TEST

START_TEST(classes)
{
	accepts(val_class, "2", "2");
	accepts(val_class, "02", "2");
	accepts(val_class, "2班", "2");
	accepts(val_class, "2 班", "2");
	accepts(val_class, "(2)班", "2");
	accepts(val_class, "（2）班", "2");
	accepts(val_class, "二班", "2");
	accepts(val_class, "十二班", "12");
	accepts(val_class, "甲班", "甲");
	accepts(val_class, "实验班", "实验");
	accepts(val_class, "a班", "A");
	refuses(val_class, "0", "1 to 99");
	refuses(val_class, "100", "1 to 99");
	refuses(val_class, "三(2)班", "grade");
	refuses(val_class, "三年级2班", "grade");
	refuses(val_class, "初一2班", "grade");
	refuses(val_class, "2.0", "Excel");
	refuses(val_class, "一二三四五六七八九", "at most 8");
	refuses(val_class, "a-b", "short name");
	refuses(val_class, "班", NULL);
	refuses(val_class, "", NULL);
}
END_TEST

START_TEST(yes_and_no)
{
	static const char *const yes[] = {
		"是", "有", "寄宿", "住校", "对", "Y", "y", "yes", "YES", "true",
		"True", "1", "√", "✓", "✔", "Ｙ",
	};
	static const char *const no[] = {
		"否", "无", "没有", "走读", "不是", "N", "n", "no", "No",
		"false", "FALSE", "0", "×", "✗", "✘",
	};
	size_t i;

	for (i = 0; i < nitems(yes); i++)
		accepts(val_bool, yes[i], "1");
	for (i = 0; i < nitems(no); i++)
		accepts(val_bool, no[i], "0");
	refuses(val_bool, "", "yes or no");
	refuses(val_bool, "  ", "yes or no");
	refuses(val_bool, "maybe", "yes or no");
	refuses(val_bool, "是的吧", NULL);
}
END_TEST

/* val_choice stores the key, a static string. */
static void
choice_is(const struct choice *c, const char *in, const char *key)
{
	const char *out = NULL;
	char *cause = NULL;

	ck_assert_msg(val_choice(c, in, &out, &cause) == 0, "\"%s\": %s", in,
	    cause != NULL ? cause : "");
	ck_assert_str_eq(out, key);
	ck_assert_ptr_null(cause);
}

static void
choice_refused(const struct choice *c, const char *in, const char *part)
{
	const char *out = NULL;
	char *cause = NULL;

	ck_assert_int_eq(val_choice(c, in, &out, &cause), -1);
	ck_assert_ptr_null(out);
	ck_assert_ptr_nonnull(cause);
	ck_assert(cause[0] != '\0');
	if (part != NULL)
		ck_assert_msg(strstr(cause, part) != NULL, "\"%s\"", cause);
	free(cause);
}

START_TEST(sexes)
{
	choice_is(sex_choices, "男", "m");
	choice_is(sex_choices, "M", "m");
	choice_is(sex_choices, "m", "m");
	choice_is(sex_choices, "male", "m");
	choice_is(sex_choices, "Male", "m");
	choice_is(sex_choices, "男性", "m");
	choice_is(sex_choices, " 男 ", "m");
	choice_is(sex_choices, "女", "f");
	choice_is(sex_choices, "F", "f");
	choice_is(sex_choices, "female", "f");
	choice_is(sex_choices, "女性", "f");
	choice_is(sex_choices, "Ｆ", "f");
	choice_refused(sex_choices, "x", "male, female");
	choice_refused(sex_choices, "", NULL);
	ck_assert_str_eq(choice_find(sex_choices, "f")->zh, "女");
	ck_assert_ptr_null(choice_find(sex_choices, "x"));
	ck_assert_ptr_null(choice_find(sex_choices, NULL));
}
END_TEST

START_TEST(relations_by_every_word)
{
	static const struct {
		const char	*key, *words;
	} t[] = {
		{ "father", "父亲 爸爸 爸 父 father Father" },
		{ "mother", "母亲 妈妈 妈 母 mother" },
		{ "grandfather", "祖父 爷爷 grandfather" },
		{ "grandmother", "祖母 奶奶 grandmother GRANDMOTHER" },
		{ "maternal_grandfather", "外祖父 外公 姥爷 maternal_grandfather" },
		{ "maternal_grandmother", "外祖母 外婆 姥姥" },
		{ "uncle_paternal", "叔伯 叔叔 伯伯 伯父 叔父" },
		{ "aunt_paternal", "姑 姑姑 姑妈" },
		{ "uncle_maternal", "舅 舅舅" },
		{ "aunt_maternal", "姨 阿姨 姨妈" },
		{ "sibling", "兄姐 哥哥 姐姐" },
		{ "village_director", "儿童主任" },
		{ "other", "其他 其它 other" },
	};
	char *words, *w, *save;
	size_t i;

	for (i = 0; i < nitems(t); i++) {
		words = xstrdup(t[i].words);
		for (w = strtok_r(words, " ", &save); w != NULL;
		    w = strtok_r(NULL, " ", &save))
			choice_is(relation_choices, w, t[i].key);
		free(words);
		/* The English label is accepted too. */
		choice_is(relation_choices,
		    choice_find(relation_choices, t[i].key)->label, t[i].key);
	}
	choice_is(relation_choices, "maternal grandmother",
	    "maternal_grandmother");
	choice_refused(relation_choices, "邻居", "grandmother");
}
END_TEST

START_TEST(free_text)
{
	accepts(text10, "  hello  ", "hello");
	accepts(text10, "逗号，句号。", "逗号，句号。");
	accepts(text10, "一二三四五六七八九十", "一二三四五六七八九十");
	accepts(text10, "a\xe2\x80\x8b" "b", "ab");	/* zero-width space */
	accepts(text10, "\xef\xbb\xbf" "张三", "张三");	/* byte order mark */
	accepts(text10, "", "");
	accepts(text10, NULL, "");
	accepts(text_multi, "a\r\nb\rc\n", "a\nb\nc");
	accepts(text_multi, "a\tb", "a\tb");
	refuses(text10, "一二三四五六七八九十一", "at most 10 characters");
	refuses(text10, "a\nb", "line break");
	refuses(text10, "a\tb", "tab");
	refuses(text10, "a\x01z", "U+0001");
	refuses(text10, "a\x7fz", "U+007F");
	refuses(text10, "a\xc2\x85z", "U+0085");
	refuses(text10, "a\xe2\x80\xae" "z", "U+202E");
	refuses(text10, "\xd6\xd0\xb9\xfa", "UTF-8");	/* 中国 in GBK */
	refuses(text_multi, "a\x1b[1mb", "control");
}
END_TEST

START_TEST(names)
{
	accepts(val_name, "张三", "张三");
	accepts(val_name, " 张 三 ", "张三");
	accepts(val_name, "\xe3\x80\x80张三", "张三");
	accepts(val_name, "欧阳娜娜", "欧阳娜娜");
	accepts(val_name, "阿依古丽·买买提", "阿依古丽·买买提");
	accepts(val_name, "阿依古丽•买买提", "阿依古丽·买买提");
	accepts(val_name, "阿依古丽.买买提", "阿依古丽·买买提");
	accepts(val_name, "阿依古丽・买买提", "阿依古丽·买买提");
	accepts(val_name, "阿依古丽 · 买买提", "阿依古丽·买买提");
	accepts(val_name, "Ayixiamu  Maimaiti", "Ayixiamu Maimaiti");
	accepts(val_name, "ＡＢＣ", "ABC");
	accepts(val_name, "Li-Ming", "Li-Ming");
	accepts(val_name, "Lǚ Wěi", "Lǚ Wěi");
	accepts(val_name, "\xf0\xa0\x80\x80", "\xf0\xa0\x80\x80");	/* ext B */
	accepts(val_name, "一二三四五六七八九十一二三四五六七八九十",
	    "一二三四五六七八九十一二三四五六七八九十");
	refuses(val_name, "张三1", "digits");
	refuses(val_name, "张三(女)", "brackets");
	refuses(val_name, "张三（奶奶）", "brackets");
	refuses(val_name, "张三,李四", "one name");
	refuses(val_name, "张三、李四", "one name");
	refuses(val_name, "张三!", "\"!\"");
	refuses(val_name, "·张三", "middle dot");
	refuses(val_name, "张三·", "middle dot");
	refuses(val_name, "阿依··买买提", "middle dot");
	refuses(val_name, "无", "not a name");
	refuses(val_name, "不详", "not a name");
	refuses(val_name, "N/A", "not a name");
	refuses(val_name, "同上", "same as above");
	refuses(val_name, "一二三四五六七八九十一二三四五六七八九十一",
	    "at most 20 characters");
	refuses(val_name, "张\n三", "line break");
	refuses(val_name, "张\x01三", "U+0001");
	refuses(val_name, "\xd5\xc5\xc8\xfd", "UTF-8");	/* 张三 in GBK */
	refuses(val_name, "", NULL);
	refuses(val_name, "   ", NULL);
}
END_TEST

START_TEST(mojibake_found)
{
	/* Python: "中国学生".encode("utf-8").decode("gb18030") */
	ck_assert(val_mojibake("涓\ue15e浗瀛︾敓"));
	/* ... .decode("gbk", errors="replace") */
	ck_assert(val_mojibake("涓\ufffd鍥藉\ufffd︾敓"));
	/* "张三" read as GBK: too short for counting, found by undoing it. */
	ck_assert(val_mojibake("寮犱笁"));
	/* "张小明": its last byte lost and shown as '?'. */
	ck_assert(val_mojibake("寮犲皬鏄?"));
	/* "母亲在浙江宁波打工了", "父母在外打工" */
	ck_assert(val_mojibake("姣嶄翰鍦ㄦ禉姹熷畞娉㈡墦宸ヤ簡"));
	ck_assert(val_mojibake("鐖舵瘝鍦ㄥ\ue63b鎵撳伐"));
	ck_assert(val_mojibake("锟斤拷"));
	ck_assert(val_mojibake("张锟斤拷"));
	ck_assert(val_mojibake("烫烫烫烫"));
	ck_assert(val_mojibake("屯屯屯屯"));
	ck_assert(val_mojibake("\xef\xbf\xbd"));
	ck_assert(val_mojibake("ä¸\xc2\xad"));		/* 中 read as Latin-1 */
	ck_assert(val_mojibake("JosÃ©"));
	ck_assert(val_mojibake("abc\xc2\x85"));		/* a C1 control */
	ck_assert(val_mojibake("\xd5\xc5\xc8\xfd"));	/* GBK bytes, not UTF-8 */
}
END_TEST

START_TEST(mojibake_not_in_real_text)
{
	static const char *const real[] = {
		"", "张三", "张涓", "李涓", "李涓涓", "董浜", "王瀛", "张瑾瑜",
		"柳树村3组", "湖南省长沙市望城区柳树村3组", "沙家浜镇瀛洲路",
		"阿依古丽·买买提", "Ayixiamu·Maimaiti", "José", "Zoë",
		"母亲在浙江宁波一家服装厂打工，每年春节回家一次。",
		"孩子性格内向，学习成绩中等，喜欢画画。",
		"13812345678", "2015-03-07",
	};
	size_t i;

	for (i = 0; i < nitems(real); i++)
		ck_assert_msg(!val_mojibake(real[i]), "\"%s\" flagged", real[i]);
	ck_assert(!val_mojibake(NULL));
}
END_TEST

/* A small deterministic generator, so that failures can be replayed. */
static uint32_t
next_rand(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Runs one validator; what it accepts, it must accept again unchanged. */
static void
survive(validator fn, const char *in)
{
	char *out = NULL, *cause = NULL, *again = NULL;
	int rc;

	rc = fn(in, &out, &cause);
	ck_assert(rc == 0 || rc == -1);
	if (rc == -1) {
		ck_assert_ptr_null(out);
		ck_assert(cause != NULL && cause[0] != '\0');
		free(cause);
		return;
	}
	ck_assert_ptr_null(cause);
	ck_assert_msg(fn(out, &again, &cause) == 0 && strcmp(again, out) == 0,
	    "\"%s\" stored as \"%s\", which reads back as \"%s\" (%s)", in,
	    out, again != NULL ? again : "", cause != NULL ? cause : "");
	free(again);
	free(out);
}

static void
survive_all(const char *in)
{
	static const validator fns[] = {
		val_date, val_phone, val_idnum, val_grade, val_class,
		val_bool, val_name, text10, text_multi,
	};
	const char *key = NULL;
	char *cause = NULL, *s;
	char birth[11];
	size_t i;

	for (i = 0; i < nitems(fns); i++)
		survive(fns[i], in);
	if (val_choice(relation_choices, in, &key, &cause) == -1)
		free(cause);
	cause = NULL;
	if (val_idnum_matches(in, in, in, &cause) == -1)
		free(cause);
	idnum_birth(in, birth);
	(void)idnum_sex(in);
	(void)grade_label(in);
	(void)val_mojibake(in);
	s = phone_digits(in);
	free(s);
}

START_TEST(any_input_is_survived)
{
	static const char *const pieces[] = {
		"0", "1", "3", "7", "9", "2015", "-", ".", "/", " ", "(", ")",
		"+86", "E+", "x", "X", "年", "月", "日", "班", "年级", "初",
		"一", "十", "转", "·", "\xe3\x80\x80", "\xef\xbc\x91", "\xff",
		"\xe4\xb8", "\xc2\x85", "\t", "\n", "\r", "锟", "涓", "?",
		"\xf0\x9f\x98\x80", "张",
	};
	uint32_t state = 2463534242u;
	struct buf b = { 0 };
	int i, j, n;

	for (i = 0; i < 3000; i++) {
		buf_reset(&b);
		n = next_rand(&state) % 12;
		for (j = 0; j < n; j++)
			buf_addstr(&b, pieces[next_rand(&state) % nitems(pieces)]);
		survive_all(b.s != NULL ? b.s : "");
	}
	/* Very long input. */
	buf_reset(&b);
	for (i = 0; i < 20000; i++)
		buf_addstr(&b, i % 2 ? "9" : "一");
	survive_all(b.s);
	buf_reset(&b);
	for (i = 0; i < 50000; i++)
		buf_addc(&b, '7');
	survive_all(b.s);
	buf_free(&b);
}
END_TEST

START_TEST(names_of_nothing)
{
	/* Fillers that show as nothing, alone or inside a name. */
	refuses(val_name, "\xe3\x85\xa4", "\"");			/* U+3164 */
	refuses(val_name, "\xe3\x85\xa4\xe3\x85\xa4", NULL);
	refuses(val_name, "张\xe1\x85\x9f三", "\"");			/* U+115F */
	refuses(val_name, "\xef\xbe\xa0", NULL);			/* U+FFA0 */
	refuses(val_name, "\xe2\x80\x8b", NULL);			/* U+200B */
	refuses(val_name, "\xe2\xa0\x80", NULL);			/* U+2800 */
	/* Marks piled on one letter ("zalgo"). */
	refuses(val_name, "Li\xcc\x81\xcc\x81\xcc\x81\xcc\x81 Ming", "marks");
	refuses(val_name, "张\xcc\x88\xcc\x88\xcc\x88", "marks");
	/* Two marks on a letter are a real spelling (ǚ written apart). */
	accepts(val_name, "Lu\xcc\x88\xcc\x8c Wei", "Lu\xcc\x88\xcc\x8c Wei");
	accepts(val_name, "张\xe2\x80\x8b三", "张三");	/* dropped as text */
}
END_TEST

/* ---- records in a database ---- */

static struct db *db;
static char *dbdir;

static uint32_t
save(struct rec *r)
{
	char *cause = NULL;
	uint32_t id;

	ck_assert_msg(rec_save(db, r, &cause) == 0, "save: %s", cause);
	id = r->id;
	rec_free(r);
	return id;
}

static uint32_t
new_school(const char *name)
{
	struct rec *s = rec_new(RT_SCHOOL);

	rec_set(s, SCHOOL_NAME, name);
	return save(s);
}

static struct rec *
new_child(uint32_t school, const char *name, const char *birth,
    const char *cls)
{
	struct rec *c = rec_new(RT_CHILD);
	char *cause = NULL;

	ck_assert_int_eq(rec_input(c, CHILD_NAME, name, &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_SEX, "女", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_BIRTH, birth, &cause), 0);
	rec_set_ref(c, CHILD_SCHOOL, school);
	ck_assert_int_eq(rec_input(c, CHILD_GRADE, "3", &cause), 0);
	ck_assert_int_eq(rec_input(c, CHILD_CLASS, cls, &cause), 0);
	return c;
}

struct setup {
	uint32_t	 child, staff, contact;
	const char	*since;
};

static int
setup_write(struct txn *t, void *arg, char **cause)
{
	struct setup *a = arg;
	int rc;

	if ((rc = link_add(t, a->child, a->contact, "grandmother", 0, true,
	    NULL, cause)) != 0)
		return rc;
	return mentor_assign(t, a->child, a->staff, a->since, cause);
}

static int
setup_write_link(struct txn *t, void *arg, char **cause)
{
	struct setup *a = arg;

	return link_add(t, a->child, a->contact, "grandmother", 0, true,
	    NULL, cause);
}

static void
db_up(void)
{
	db = tu_db_new(&dbdir);
}

static void
db_down(void)
{
	tu_db_drop(&db, &dbdir);
}

START_TEST(ages_of_a_child_in_school)
{
	uint32_t school = new_school("柳树小学");
	struct rec *c;
	char *cause = NULL;
	int field = -1;

	c = new_child(school, "张三", "1900-01-01", "2");
	ck_assert_int_eq(rec_validate(c, &field, &cause), -1);
	ck_assert_int_eq(field, CHILD_BIRTH);
	ck_assert_msg(strstr(cause, "2 to 20") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	rec_set(c, CHILD_BIRTH, "2100-01-01");
	ck_assert_int_eq(rec_validate(c, &field, &cause), -1);
	free(cause);
	cause = NULL;
	/* A child who left long ago keeps the file as it was. */
	rec_set(c, CHILD_BIRTH, "1990-05-01");
	rec_set(c, CHILD_STATUS, "graduated");
	ck_assert_msg(rec_validate(c, &field, &cause) == 0, "%s", cause);
	rec_set(c, CHILD_STATUS, "in_school");
	rec_set(c, CHILD_BIRTH, "2016-05-01");
	ck_assert_msg(rec_validate(c, &field, &cause) == 0, "%s", cause);
	rec_free(c);
}
END_TEST

START_TEST(a_child_leaves_and_comes_back)
{
	struct setup a;
	struct rec *c, *st, *ct, *pair;
	char *cause = NULL, today[11];
	struct txn t;

	date_today(today);
	a.since = "2020-09-01";
	st = rec_new(RT_STAFF);
	rec_set(st, STAFF_NAME, "王老师");
	rec_set_ref(st, STAFF_SCHOOL, new_school("柳树小学"));
	a.staff = save(st);
	ct = rec_new(RT_CONTACT);
	rec_set(ct, CONTACT_NAME, "李奶奶");
	rec_set(ct, CONTACT_PHONE1, "13812345678");
	a.contact = save(ct);
	a.child = save(new_child(1, "张小红", "2016-05-01", "2"));
	ck_assert_msg(db_write(db, setup_write, &a, &cause) == 0, "%s", cause);

	/* Transferred, and the mentoring ends. */
	ck_assert_msg(child_set_status(db, a.child, "transferred", NULL,
	    "moved to the city", true, &cause) == 0, "%s", cause);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a.child, &c), 0);
	ck_assert(!child_active(c));
	ck_assert_str_eq(rec_str(c, CHILD_STATUS_DATE), today);
	ck_assert_str_eq(rec_str(c, CHILD_STATUS_REASON), "moved to the city");
	ck_assert_ptr_null(child_mentor_pair(&t, a.child, today));
	rec_free(c);
	txn_end(&t);

	/* Undone: in school again, with the mentor again. */
	ck_assert_msg(child_set_status(db, a.child, "in_school", NULL, NULL,
	    false, &cause) == 0, "%s", cause);
	ck_assert_int_eq(txn_read(db, &t), 0);
	ck_assert_int_eq(rec_get(&t, RT_CHILD, a.child, &c), 0);
	ck_assert(child_active(c));
	ck_assert_str_eq(rec_str(c, CHILD_STATUS_DATE), "");
	pair = child_mentor_pair(&t, a.child, today);
	ck_assert_ptr_nonnull(pair);
	ck_assert_uint_eq(rec_ref(pair, PAIR_STAFF), a.staff);
	ck_assert_uint_eq(staff_caseload(&t, a.staff, today), 1);
	rec_free(pair);
	rec_free(c);
	txn_end(&t);

	/* Leaving without ending the pair keeps it. */
	ck_assert_int_eq(child_set_status(db, a.child, "graduated",
	    "2026-07-01", NULL, false, &cause), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	pair = child_mentor_pair(&t, a.child, today);
	ck_assert_ptr_nonnull(pair);
	rec_free(pair);
	/* But the mentor's count leaves the child out. */
	ck_assert_uint_eq(staff_caseload(&t, a.staff, today), 0);
	txn_end(&t);
	ck_assert_int_ne(child_set_status(db, a.child, "on_holiday", NULL,
	    NULL, false, &cause), 0);
	ck_assert_ptr_nonnull(cause);
	free(cause);
}
END_TEST

/* The children a search finds, as a list of ids. */
static bool
finds(const char *q, uint32_t child)
{
	struct idlist first = { 0 }, more = { 0 };
	struct txn t;
	bool found;

	ck_assert_int_eq(txn_read(db, &t), 0);
	search_children(&t, q, &first, &more);
	txn_end(&t);
	found = idl_has(&first, child) || idl_has(&more, child);
	idl_free(&first);
	idl_free(&more);
	return found;
}

START_TEST(any_four_digits_of_a_phone)
{
	struct setup a = { 0 };
	struct rec *ct;
	char *cause = NULL;

	ct = rec_new(RT_CONTACT);
	rec_set(ct, CONTACT_NAME, "李奶奶");
	rec_set(ct, CONTACT_PHONE1, "13812345678");
	a.contact = save(ct);
	a.child = save(new_child(new_school("柳树小学"), "张小红",
	    "2016-05-01", "2"));
	ck_assert_int_eq(db_write(db, setup_write_link, &a, &cause), 0);
	ck_assert(finds("138", a.child));
	ck_assert(finds("678", a.child));
	ck_assert(finds("1234", a.child));		/* the middle */
	ck_assert(finds("2345", a.child));
	ck_assert(finds("8123 4567", a.child));
	ck_assert(!finds("234", a.child));		/* 3: start or end only */
	ck_assert(!finds("2346", a.child));
}
END_TEST

START_TEST(a_class_in_pinyin_order)
{
	static const char *const kids[] = { "张三", "安娜", "李四", "白雪" };
	static const char *const order[] = { "安娜", "白雪", "李四", "张三" };
	uint32_t school = new_school("柳树小学"), ids[4];
	const struct view *v = view_of(RT_CHILD);
	struct idlist cls = { 0 };
	struct vctx x;
	struct vrow *row;
	struct buf b = { 0 };
	struct txn t;
	char *cause = NULL;
	size_t i;

	for (i = 0; i < nitems(kids); i++)
		ids[i] = save(new_child(school, kids[i], "2016-05-01", "2"));
	ck_assert_int_eq(child_set_status(db, ids[2], "transferred", NULL,
	    NULL, false, &cause), 0);
	ck_assert_int_eq(txn_read(db, &t), 0);
	children_of_class(&t, school, "3", "2", &cls);
	ck_assert_uint_eq(cls.n, 4);
	vctx_init(&x, "2026-12-04");
	view_sort_ids(v, &x, &t, cls.v, cls.n);
	for (i = 0; i < cls.n; i++) {
		ck_assert_int_eq(view_row(v, &x, &t, cls.v[i],
		    view_needs(v, VF_TEXT, 0, false), &row), 0);
		ck_assert_str_eq(rec_str(row->r, CHILD_NAME), order[i]);
		/* The one who left is marked where lists show it. */
		buf_reset(&b);
		view_line(row, 0, &b);
		ck_assert_msg((strstr(b.s, "[transferred]") != NULL) ==
		    !row->active, "%s", b.s);
		ck_assert(row->active == (cls.v[i] != ids[2]));
		view_row_free(row);
	}
	vctx_free(&x);
	txn_end(&t);
	idl_free(&cls);
	buf_free(&b);
}
END_TEST

/* A value with terminal controls in it (a damaged record) is shown safe. */
START_TEST(list_lines_are_safe_for_terminals)
{
	const struct view *v = view_of(RT_CHILD);
	struct rec *c = rec_new(RT_CHILD);
	struct csvw w = { 0 };
	struct buf b = { 0 };
	struct vctx x;
	struct vrow *row;

	rec_set(c, CHILD_NAME, "张三");
	rec_set(c, CHILD_VILLAGE, "\x1b]52;c;aGk=\x07\x1b[2J村");
	rec_set(c, CHILD_GROUP, "3\xc2\x9b组");
	vctx_init(&x, "2026-12-04");
	row = view_row_ext(v, &x, NULL, c, 0, NULL);
	view_line(row, 80, &b);
	ck_assert_msg(strchr(b.s, '\x1b') == NULL && strchr(b.s, '\x07') ==
	    NULL, "%s", b.s);
	buf_reset(&b);
	view_csv_row(row, &w, &b);
	ck_assert_msg(strchr(b.s, '\x1b') == NULL && strstr(b.s,
	    "\xc2\x9b") == NULL, "%s", b.s);
	ck_assert_msg(strstr(b.s, "\xef\xbf\xbd") != NULL, "%s", b.s);
	ck_assert_msg(strstr(b.s, "\r\n") != NULL, "CSV lines end CR LF");
	view_row_free(row);
	vctx_free(&x);
	csvw_free(&w);
	buf_free(&b);
}
END_TEST

START_TEST(class_filters_in_every_form)
{
	static const struct {
		const char	*in, *grade, *cls;
	} ok[] = {
		{ "3", "3", NULL }, { "三年级", "3", NULL }, { "初一", "7", NULL },
		{ "3-2", "3", "2" }, { "3年级2班", "3", "2" },
		{ "三年级2班", "3", "2" }, { "三(2)班", "3", "2" },
		{ "三（2）班", "3", "2" }, { "初一(3)班", "7", "3" },
	};
	char *g, *c, *cause = NULL;
	size_t i;

	for (i = 0; i < nitems(ok); i++) {
		ck_assert_msg(class_filter_parse(ok[i].in, &g, &c, &cause) == 0,
		    "%s: %s", ok[i].in, cause);
		ck_assert_msg(strcmp(g, ok[i].grade) == 0, "%s: grade %s",
		    ok[i].in, g);
		if (ok[i].cls == NULL)
			ck_assert_msg(c == NULL, "%s: class %s", ok[i].in, c);
		else
			ck_assert_msg(c != NULL && strcmp(c, ok[i].cls) == 0,
			    "%s: class %s", ok[i].in, c ? c : "(none)");
		free(g);
		free(c);
	}
	ck_assert_int_eq(class_filter_parse("十五-9", &g, &c, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(list_columns_fit_their_words)
{
	const struct view *v = view_of(RT_CHILD);
	char *cl;
	int c, lang, i;

	/* Every type with a list has a view. */
	ck_assert_ptr_nonnull(view_by_name("children"));
	ck_assert_ptr_nonnull(view_by_name("officials"));
	ck_assert_ptr_nonnull(view_of(RT_PAIR));
	ck_assert_ptr_nonnull(view_of(RT_TREE));
	/* "F" and "grade 1 class 2" are not cut, nor 女, 一年级2班. */
	for (lang = 0; lang < 2; lang++) {
		i18n_init(lang ? "zh" : "en");
		cl = class_label("1", "2");
		for (c = 0; c < v->ncols; c++) {
			if (strcmp(v->cols[c].name, "sex") == 0)
				for (i = 0; i < 2; i++)
					ck_assert_int_ge(view_col_width(
					    &v->cols[c]), u_width(i ? _("M") :
					    _("F")));
			if (strcmp(v->cols[c].name, "class") == 0 &&
			    v->cols[c].cell != NULL)
				ck_assert_int_ge(view_col_width(&v->cols[c]),
				    u_width(cl));
		}
		free(cl);
	}
	i18n_init("en");
}
END_TEST

/*
 * A field added to the schema is in the CSV list without a word about
 * it in the view, and reads the words schools write.
 */
START_TEST(a_new_field_shows_in_the_csv_list)
{
	const struct view *v = view_of(RT_CHILD);
	struct rec *c = rec_new(RT_CHILD);
	struct csvw w = { 0 };
	struct buf b = { 0 };
	char *cause = NULL, *d;

	view_csv_header(v, &w, &b);
	ck_assert_msg(strstr(b.s, ",family_income") != NULL, "%s", b.s);
	ck_assert_msg(strstr(b.s, "id_number") == NULL, "private: %s", b.s);
	ck_assert_int_eq(rec_input(c, CHILD_FAMILY_INCOME, "外出务工", &cause),
	    0);
	ck_assert_str_eq(rec_str(c, CHILD_FAMILY_INCOME), "wages");
	d = field_sheet(&c->sc->fields[CHILD_FAMILY_INCOME], "wages");
	ck_assert_str_eq(d, "务工收入");
	free(d);
	d = field_display(&c->sc->fields[CHILD_FAMILY_INCOME], "wages");
	ck_assert_str_eq(d, "wages from work away");
	free(d);
	rec_free(c);
	buf_free(&b);
	csvw_free(&w);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("validate");

	/* The reasons are checked in English, the msgids. */
	i18n_init("en");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, dates_in_every_written_form);
	tcase_add_test(tc, impossible_dates_say_why);
	tcase_add_test(tc, excel_dates_are_explained);
	tcase_add_test(tc, mobiles);
	tcase_add_test(tc, landlines);
	tcase_add_test(tc, excel_phones_are_explained);
	tcase_add_test(tc, phone_digits_for_searching);
	tcase_add_test(tc, id_numbers_with_their_checksum);
	tcase_add_test(tc, id_numbers_refused);
	tcase_add_test(tc, id_numbers_against_the_record);
	tcase_add_test(tc, grades_in_every_form);
	tcase_add_test(tc, grades_refused);
	tcase_add_test(tc, grade_labels);
	tcase_add_test(tc, classes);
	tcase_add_test(tc, yes_and_no);
	tcase_add_test(tc, sexes);
	tcase_add_test(tc, relations_by_every_word);
	tcase_add_test(tc, free_text);
	tcase_add_test(tc, names);
	tcase_add_test(tc, mojibake_found);
	tcase_add_test(tc, mojibake_not_in_real_text);
	tcase_add_test(tc, any_input_is_survived);
	tcase_add_test(tc, names_of_nothing);
	tcase_add_test(tc, class_filters_in_every_form);
	tcase_add_test(tc, list_columns_fit_their_words);
	tcase_add_test(tc, a_new_field_shows_in_the_csv_list);
	tcase_add_test(tc, list_lines_are_safe_for_terminals);
	suite_add_tcase(s, tc);
	tc = tcase_create("records");
	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, db_up, db_down);
	tcase_add_test(tc, ages_of_a_child_in_school);
	tcase_add_test(tc, a_child_leaves_and_comes_back);
	tcase_add_test(tc, any_four_digits_of_a_phone);
	tcase_add_test(tc, a_class_in_pinyin_order);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

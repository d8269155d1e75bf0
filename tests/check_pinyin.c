/* Unit tests for pinyin.c: search keys, sort keys and typed queries. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pinyin.h"
#include "testutil.h"
#include "util.h"

/* The keys pinyin_keys emitted, in order, with duplicates kept. */
struct keys {
	char	*k[512];
	int	 n;
};

static void
collect(const char *key, void *arg)
{
	struct keys *ks = arg;

	ck_assert_int_lt(ks->n, (int)nitems(ks->k));
	ks->k[ks->n++] = xstrdup(key);
}

static void
keys_of(struct keys *ks, const char *name, bool suffixes, int max_combos)
{
	int i, j;

	ks->n = 0;
	pinyin_keys(name, suffixes, max_combos, collect, ks);
	/* every test also checks that no key comes twice */
	for (i = 0; i < ks->n; i++)
		for (j = i + 1; j < ks->n; j++)
			ck_assert_msg(strcmp(ks->k[i], ks->k[j]) != 0,
			    "%s: key \"%s\" emitted twice", name, ks->k[i]);
}

static void
keys_free(struct keys *ks)
{
	while (ks->n > 0)
		free(ks->k[--ks->n]);
}

/* Position of key in the emitted list, -1 when absent. */
static int
key_at(const struct keys *ks, const char *key)
{
	int i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i], key) == 0)
			return i;
	return -1;
}

#define ck_has(ks, key)	ck_assert_msg(key_at(ks, key) >= 0, \
	"missing key \"%s\"", key)
#define ck_hasnt(ks, key) ck_assert_msg(key_at(ks, key) < 0, \
	"unexpected key \"%s\"", key)

static void
ck_sort_key(const char *name, const char *want)
{
	char *s = pinyin_sort_key(name);

	ck_assert_str_eq(s, want);
	free(s);
}

START_TEST(full_pinyin_and_initials)
{
	struct keys ks;

	keys_of(&ks, "张三", false, 16);
	ck_assert_int_eq(ks.n, 2);
	ck_assert_str_eq(ks.k[0], "zhangsan");
	ck_assert_str_eq(ks.k[1], "zs");
	keys_free(&ks);
}
END_TEST

START_TEST(surname_readings_come_first)
{
	struct keys ks;

	keys_of(&ks, "单小明", false, 16);
	ck_assert_str_eq(ks.k[0], "shanxiaoming");
	ck_has(&ks, "sxm");
	/* still found by a teacher who reads it the everyday way */
	ck_assert_int_gt(key_at(&ks, "danxiaoming"), 0);
	ck_has(&ks, "dxm");
	keys_free(&ks);
	ck_sort_key("单小明", "shan xiao ming");

	keys_of(&ks, "曾小红", false, 16);
	ck_assert_str_eq(ks.k[0], "zengxiaohong");
	ck_has(&ks, "cengxiaohong");
	keys_free(&ks);
	ck_sort_key("曾小红", "zeng xiao hong");

	/* only the first character is a surname: 王曾 keeps ceng first */
	keys_of(&ks, "王曾", false, 16);
	ck_assert_str_eq(ks.k[0], "wangceng");
	ck_has(&ks, "wangzeng");
	keys_free(&ks);
	ck_sort_key("王曾", "wang ceng");

	ck_sort_key("解放", "xie fang");
	ck_sort_key("区伟", "ou wei");
	ck_sort_key("仇海", "qiu hai");
	ck_sort_key("朴正", "piao zheng");
	ck_sort_key("查理", "zha li");
	ck_sort_key("盖丽", "ge li");
	ck_sort_key("覃明", "qin ming");
	ck_sort_key("乐乐", "yue le");
	ck_sort_key("长江", "chang jiang");
	ck_sort_key("尉强", "yu qiang");

	keys_of(&ks, "尉强", false, 16);
	ck_assert_str_eq(ks.k[0], "yuqiang");
	ck_has(&ks, "weiqiang");
	keys_free(&ks);
}
END_TEST

START_TEST(compound_surnames)
{
	struct keys ks;

	keys_of(&ks, "尉迟恭", false, 16);
	ck_assert_str_eq(ks.k[0], "yuchigong");
	ck_has(&ks, "ycg");
	keys_free(&ks);
	ck_sort_key("尉迟恭", "yu chi gong");

	keys_of(&ks, "万俟卨", false, 16);
	ck_assert_str_eq(ks.k[0], "moqixie");
	ck_has(&ks, "mqx");
	ck_has(&ks, "wanqixie");
	keys_free(&ks);
	ck_sort_key("万俟卨", "mo qi xie");

	ck_sort_key("长孙无忌", "zhang sun wu ji");
	ck_sort_key("澹台明月", "tan tai ming yue");
	ck_sort_key("单于乐", "chan yu le");
	ck_sort_key("欧阳修", "ou yang xiu");
	ck_sort_key("诸葛亮", "zhu ge liang");
}
END_TEST

START_TEST(u_umlaut_both_spellings)
{
	struct keys ks;
	const char *r[PY_MAX_READINGS];

	keys_of(&ks, "吕", false, 16);
	ck_assert_str_eq(ks.k[0], "lv");
	ck_has(&ks, "lu");
	ck_has(&ks, "l");
	keys_free(&ks);

	keys_of(&ks, "吕布", false, 16);
	ck_has(&ks, "lvbu");
	ck_has(&ks, "lubu");
	ck_has(&ks, "lb");
	keys_free(&ks);

	ck_assert_int_ge(pinyin_of(0x5973, r, PY_MAX_READINGS), 2); /* 女 */
	ck_assert_str_eq(r[0], "nv");
	ck_assert_str_eq(r[1], "nu");
	keys_of(&ks, "女", false, 16);
	ck_has(&ks, "nv");
	ck_has(&ks, "nu");
	keys_free(&ks);
	ck_sort_key("吕布", "lv bu");
}
END_TEST

START_TEST(given_name_suffixes)
{
	struct keys ks;

	keys_of(&ks, "张三丰", true, 16);
	ck_assert_str_eq(ks.k[0], "zhangsanfeng");
	ck_has(&ks, "zsf");
	ck_has(&ks, "sanfeng");
	ck_has(&ks, "sf");
	ck_has(&ks, "feng");
	ck_has(&ks, "f");
	ck_assert_int_eq(ks.n, 6);
	keys_free(&ks);

	keys_of(&ks, "张三丰", false, 16);
	ck_has(&ks, "zhangsanfeng");
	ck_has(&ks, "zsf");
	ck_hasnt(&ks, "sanfeng");
	ck_hasnt(&ks, "sf");
	ck_hasnt(&ks, "feng");
	ck_assert_int_eq(ks.n, 2);
	keys_free(&ks);

	/* the given name alone reads normally, not as a surname */
	keys_of(&ks, "王单", true, 16);
	ck_assert_int_lt(key_at(&ks, "dan"), key_at(&ks, "shan"));
	keys_free(&ks);
}
END_TEST

START_TEST(polyphonic_given_name)
{
	struct keys ks;

	keys_of(&ks, "张乐", false, 16);
	ck_assert_str_eq(ks.k[0], "zhangle");
	ck_has(&ks, "zhangyue");
	ck_has(&ks, "zl");
	ck_has(&ks, "zy");
	keys_free(&ks);

	/* 行 hang/xing, 重 chong/zhong: every combination is searchable */
	keys_of(&ks, "李行重", false, 16);
	ck_has(&ks, "lixingzhong");
	ck_has(&ks, "lihangchong");
	ck_has(&ks, "lhc");
	ck_has(&ks, "lxz");
	keys_free(&ks);
}
END_TEST

START_TEST(no_duplicate_keys)
{
	struct keys ks;

	/* 阿 "a": the full key and the initials of the suffix are equal */
	keys_of(&ks, "张阿", true, 16);
	ck_has(&ks, "a");
	keys_free(&ks);
	/* 乐乐乐: many combinations share their initials */
	keys_of(&ks, "乐乐乐", true, 64);
	ck_has(&ks, "lll");
	ck_has(&ks, "yyy");
	keys_free(&ks);
	/* a long name exercises the growth of the key set */
	keys_of(&ks, "乐乐乐乐乐乐乐乐乐乐乐乐", true, 16);
	ck_assert_int_le(ks.n, 12 * 2 * 16);
	keys_free(&ks);
}
END_TEST

START_TEST(ascii_and_punctuation)
{
	struct keys ks;

	keys_of(&ks, "Tom张", false, 16);
	ck_assert_str_eq(ks.k[0], "tomzhang");
	ck_has(&ks, "tz");
	keys_free(&ks);

	keys_of(&ks, "李 Anna 2", true, 16);
	ck_has(&ks, "lianna2");
	ck_has(&ks, "la2");
	ck_has(&ks, "anna2");
	ck_has(&ks, "2");
	keys_free(&ks);

	keys_of(&ks, "买买提·艾力", false, 16);
	ck_has(&ks, "maimaitiaili");
	ck_has(&ks, "mmtal");
	keys_free(&ks);

	keys_of(&ks, "ＡＢ１", false, 16);	/* fullwidth */
	ck_has(&ks, "ab1");
	keys_free(&ks);

	keys_of(&ks, "", true, 16);
	ck_assert_int_eq(ks.n, 0);
	keys_of(&ks, " · ，", true, 16);
	ck_assert_int_eq(ks.n, 0);
	keys_of(&ks, "\xff\xfe", true, 16);
	ck_assert_int_eq(ks.n, 0);

	ck_sort_key("Tom张", "tom zhang");
	ck_sort_key("买买提·艾力", "mai mai ti · ai li");
	ck_sort_key("  ", "");
}
END_TEST

START_TEST(combinations_are_capped)
{
	struct keys ks;

	keys_of(&ks, "张乐", false, 1);
	ck_assert_int_eq(ks.n, 2);
	ck_assert_str_eq(ks.k[0], "zhangle");
	ck_assert_str_eq(ks.k[1], "zl");
	keys_free(&ks);

	keys_of(&ks, "张乐", false, 0);		/* treated as 1 */
	ck_assert_int_eq(ks.n, 2);
	keys_free(&ks);

	keys_of(&ks, "张乐", false, 2);
	ck_assert_int_eq(ks.n, 4);
	ck_assert_str_eq(ks.k[2], "zhangyue");
	keys_free(&ks);

	/*
	 * 乐乐乐乐 has 16 combinations; with a cap of 3 the two most likely
	 * after the first change one character each.
	 */
	keys_of(&ks, "王乐乐乐乐", false, 3);
	ck_assert_int_le(ks.n, 6);
	ck_assert_str_eq(ks.k[0], "wanglelelele");
	ck_has(&ks, "wangleleleyue");
	ck_has(&ks, "wangleleyuele");
	ck_hasnt(&ks, "wangyueyueyueyue");
	keys_free(&ks);
}
END_TEST

START_TEST(readings_of_characters)
{
	const char *r[PY_MAX_READINGS];

	ck_assert_int_eq(pinyin_of('A', r, PY_MAX_READINGS), 0);
	ck_assert_int_eq(pinyin_of(0x00B7, r, PY_MAX_READINGS), 0); /* · */
	ck_assert_int_eq(pinyin_of(0x3002, r, PY_MAX_READINGS), 0); /* 。 */
	ck_assert_int_eq(pinyin_of(0x5F20, r, PY_MAX_READINGS), 1); /* 张 */
	ck_assert_str_eq(r[0], "zhang");
	ck_assert_int_ge(pinyin_of(0x4E50, r, PY_MAX_READINGS), 2); /* 乐 */
	ck_assert_str_eq(r[0], "le");
	ck_assert_str_eq(r[1], "yue");
	ck_assert_int_eq(pinyin_of(0x4E50, r, 1), 1);
	ck_assert_int_eq(pinyin_of(0x4E50, r, 0), 0);
	/* 曾 without surname context: ceng is the customary reading */
	ck_assert_int_eq(pinyin_of(0x66FE, r, PY_MAX_READINGS), 2);
	ck_assert_str_eq(r[0], "ceng");
	ck_assert_str_eq(r[1], "zeng");
	ck_assert_int_ge(pinyin_of(0x3400, r, PY_MAX_READINGS), 1); /* 㐀 */
	ck_assert_int_ge(pinyin_of(0x9FA5, r, PY_MAX_READINGS), 1); /* 龥 */
}
END_TEST

START_TEST(sort_keys_in_pinyin_order)
{
	static const char *names[] = {
		"安娜", "白雪", "陈晨", "沙丽", "单小明", "尚可", "孙悟空",
		"王五", "张三", "张三丰", "赵四"
	};
	char *prev, *cur;
	size_t i;

	prev = pinyin_sort_key(names[0]);
	for (i = 1; i < nitems(names); i++) {
		cur = pinyin_sort_key(names[i]);
		ck_assert_msg(strcmp(prev, cur) < 0, "\"%s\" !< \"%s\"",
		    prev, cur);
		free(prev);
		prev = cur;
	}
	free(prev);
	ck_sort_key("", "");
}
END_TEST

START_TEST(typed_queries)
{
	char *s;

	ck_assert(pinyin_is_query("zs"));
	ck_assert(pinyin_is_query("Zhang San"));
	ck_assert(pinyin_is_query("xi'an"));
	ck_assert(pinyin_is_query("lu:"));
	ck_assert(pinyin_is_query("lü"));
	ck_assert(pinyin_is_query("zhāng"));
	ck_assert(!pinyin_is_query("张三"));
	ck_assert(!pinyin_is_query("zs1"));
	ck_assert(!pinyin_is_query(""));
	ck_assert(!pinyin_is_query("  '"));
	ck_assert(!pinyin_is_query(":a"));
	ck_assert(!pinyin_is_query("13800138000"));

	s = pinyin_normalize_query("Zhang San");
	ck_assert_str_eq(s, "zhangsan");
	free(s);
	s = pinyin_normalize_query("Xi'an");
	ck_assert_str_eq(s, "xian");
	free(s);
	s = pinyin_normalize_query("LU:BU");
	ck_assert_str_eq(s, "lvbu");
	free(s);
	s = pinyin_normalize_query("lü nǚ");
	ck_assert_str_eq(s, "lvnv");
	free(s);
	s = pinyin_normalize_query("LÜ");
	ck_assert_str_eq(s, "lv");
	free(s);
	s = pinyin_normalize_query("zhāng sān");
	ck_assert_str_eq(s, "zhangsan");
	free(s);
	s = pinyin_normalize_query("");
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("pinyin");
	TCase *tc = tcase_create("pinyin");

	tcase_add_test(tc, full_pinyin_and_initials);
	tcase_add_test(tc, surname_readings_come_first);
	tcase_add_test(tc, compound_surnames);
	tcase_add_test(tc, u_umlaut_both_spellings);
	tcase_add_test(tc, given_name_suffixes);
	tcase_add_test(tc, polyphonic_given_name);
	tcase_add_test(tc, no_duplicate_keys);
	tcase_add_test(tc, ascii_and_punctuation);
	tcase_add_test(tc, combinations_are_capped);
	tcase_add_test(tc, readings_of_characters);
	tcase_add_test(tc, sort_keys_in_pinyin_order);
	tcase_add_test(tc, typed_queries);
	suite_add_tcase(s, tc);
	return tu_run(s);
}

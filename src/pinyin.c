/*
 * pinyin.c -- Mandarin readings for searching and sorting names.
 *
 * A teacher looking for a child types what she would type into any
 * Chinese input method: the initials ("zs" for 张三) or the whole
 * toneless pinyin ("zhangsan"), possibly only the given name.  The
 * store writes every key this module emits for a name into a search
 * index, so the aim is a small set of keys that contains whatever a
 * reasonable person would type, and nothing wildly unrelated.
 *
 * Readings.  pinyin-data.c, generated from Unihan, gives each character
 * the set of its readings, customary one first.  One reading per
 * character is not enough: names are full of polyphonic characters and
 * the customary reading is wrong for many surnames (曾 is zeng as a
 * surname, not ceng; 单 is shan, not dan).  So the first character of a
 * name is looked up in a surname table whose reading is put in front of
 * the character's own readings, and the first two characters in a table
 * of compound surnames (尉迟 yuchi, 万俟 moqi).  The other readings stay
 * behind the surname reading: a search that is too lenient costs a stray
 * match now and then, a search that misses a child is a real failure.
 * Only the sort key is strict and uses the first reading alone.
 *
 * Combinations.  A name of n polyphonic characters has a product of
 * readings many spellings, so they are enumerated in order of the sum of
 * the reading ranks (all first readings; then one second reading; ...),
 * and lexicographically within a sum, which varies the later characters
 * first: for 单乐 that gives shanle, shanyue, danle...  The caller caps
 * the count per starting character.
 *
 * Cost.  This runs for every record written, so pinyin_keys works in
 * fixed buffers on the stack and only falls back to the heap for very
 * long names or generous caps; the set that removes duplicate keys is a
 * small open-addressing hash table in the same spirit.  The surname
 * tables are searched linearly: they are small and consulted once per
 * name.
 *
 * The surname tables hold simplified characters and, for the readings
 * that differ, the traditional ones.  A compound surname wins over a
 * single one (单于 is chan yu, not shan yu), which is rarely wrong and
 * then only for the sort key: the single surname's readings follow.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pinyin.h"
#include "pinyin-data.h"
#include "util.h"

/* Characters of a name considered; the rest are ignored. */
#define PY_MAX_UNITS	64
/* A character's readings plus a compound and two surname readings. */
#define PY_UNIT_MAX	(PY_MAX_READINGS + 3)

enum unit_kind {
	U_HAN,		/* Han character with readings */
	U_ASCII,	/* run of ASCII letters and digits, lower-cased */
	U_OTHER		/* anything else; kept only by the sort key */
};

struct unit {
	enum unit_kind	 kind;
	uint32_t	 cp;		/* U_HAN */
	int		 n;
	const char	*r[PY_UNIT_MAX];
	size_t		 len[PY_UNIT_MAX];
};

struct name {
	struct unit	 u[PY_MAX_UNITS];
	int		 n;
	int		 surname;	/* units in the surname: 1, or 2 */
	char		*lower;		/* storage for U_ASCII readings */
	char		 lowbuf[128];
};

/*
 * Surname readings, ahead of the character's own.  Only characters
 * whose customary reading is wrong or uncertain as a surname need to be
 * here; a few unambiguous ones are kept for the record.
 */
static const struct {
	uint32_t	 cp;
	const char	*r[2];
} surnames[] = {
	{ 0x4E50, { "yue", "le" } },	/* 乐 */
	{ 0x4E5C, { "nie", NULL } },	/* 乜 */
	{ 0x4EC7, { "qiu", NULL } },	/* 仇 */
	{ 0x4EFB, { "ren", NULL } },	/* 任 */
	{ 0x4F74, { "nai", NULL } },	/* 佴 */
	{ 0x533A, { "ou", NULL } },	/* 区 */
	{ 0x5340, { "ou", NULL } },	/* 區 */
	{ 0x534E, { "hua", NULL } },	/* 华 */
	{ 0x5355, { "shan", NULL } },	/* 单 */
	{ 0x535C, { "bu", NULL } },	/* 卜 */
	{ 0x53E5, { "gou", NULL } },	/* 句 */
	{ 0x53EC, { "shao", NULL } },	/* 召 */
	{ 0x5458, { "yun", NULL } },	/* 员 */
	{ 0x54E1, { "yun", NULL } },	/* 員 */
	{ 0x55AE, { "shan", NULL } },	/* 單 */
	{ 0x5C09, { "yu", "wei" } },	/* 尉 */
	{ 0x6298, { "she", NULL } },	/* 折 */
	{ 0x66FE, { "zeng", NULL } },	/* 曾 */
	{ 0x6734, { "piao", NULL } },	/* 朴 */
	{ 0x67CF, { "bai", NULL } },	/* 柏 */
	{ 0x67E5, { "zha", NULL } },	/* 查 */
	{ 0x6A02, { "yue", "le" } },	/* 樂 */
	{ 0x6D17, { "xian", NULL } },	/* 洗 */
	{ 0x6FB9, { "tan", NULL } },	/* 澹 */
	{ 0x7085, { "gui", NULL } },	/* 炅 */
	{ 0x71D5, { "yan", NULL } },	/* 燕 */
	{ 0x76D6, { "ge", NULL } },	/* 盖 */
	{ 0x796D, { "zhai", NULL } },	/* 祭 */
	{ 0x79CD, { "chong", NULL } },	/* 种 */
	{ 0x79D8, { "bi", NULL } },	/* 秘 */
	{ 0x7A2E, { "chong", NULL } },	/* 種 */
	{ 0x7C98, { "nian", NULL } },	/* 粘 */
	{ 0x7D00, { "ji", NULL } },	/* 紀 */
	{ 0x7E41, { "po", NULL } },	/* 繁 */
	{ 0x7E46, { "miao", NULL } },	/* 繆 */
	{ 0x7EAA, { "ji", NULL } },	/* 纪 */
	{ 0x7F2A, { "miao", NULL } },	/* 缪 */
	{ 0x7FDF, { "zhai", NULL } },	/* 翟 */
	{ 0x80FD, { "nai", NULL } },	/* 能 */
	{ 0x83EF, { "hua", NULL } },	/* 華 */
	{ 0x84CB, { "ge", NULL } },	/* 蓋 */
	{ 0x851A, { "yu", "wei" } },	/* 蔚 */
	{ 0x8543, { "pi", NULL } },	/* 蕃 */
	{ 0x8584, { "bo", NULL } },	/* 薄 */
	{ 0x8983, { "qin", NULL } },	/* 覃 */
	{ 0x89D2, { "jue", NULL } },	/* 角 */
	{ 0x89E3, { "xie", NULL } },	/* 解 */
	{ 0x90FD, { "du", NULL } },	/* 都 */
	{ 0x91CD, { "chong", NULL } },	/* 重 */
	{ 0x94C5, { "yan", NULL } },	/* 铅 */
	{ 0x9577, { "chang", NULL } },	/* 長 */
	{ 0x957F, { "chang", NULL } },	/* 长 */
	{ 0x961A, { "kan", NULL } },	/* 阚 */
	{ 0x9697, { "wei", NULL } },	/* 隗 */
	{ 0x9889, { "xie", NULL } },	/* 颉 */
};

/*
 * Compound surnames.  Most read as their characters would anyway; they
 * are listed so that both characters get the surname treatment.
 */
static const struct {
	uint32_t	 cp[2];
	const char	*r[2];
} compounds[] = {
	{ { 0x4E07, 0x4FDF }, { "mo", "qi" } },		/* 万俟 */
	{ { 0x4E0A, 0x5B98 }, { "shang", "guan" } },	/* 上官 */
	{ { 0x4E1C, 0x65B9 }, { "dong", "fang" } },	/* 东方 */
	{ { 0x4E1C, 0x90ED }, { "dong", "guo" } },	/* 东郭 */
	{ { 0x4E50, 0x6B63 }, { "yue", "zheng" } },	/* 乐正 */
	{ { 0x4E93, 0x5B98 }, { "qi", "guan" } },	/* 亓官 */
	{ { 0x4EE4, 0x72D0 }, { "ling", "hu" } },	/* 令狐 */
	{ { 0x4EF2, 0x5B59 }, { "zhong", "sun" } },	/* 仲孙 */
	{ { 0x516C, 0x51B6 }, { "gong", "ye" } },	/* 公冶 */
	{ { 0x516C, 0x5B59 }, { "gong", "sun" } },	/* 公孙 */
	{ { 0x516C, 0x5B6B }, { "gong", "sun" } },	/* 公孫 */
	{ { 0x516C, 0x7F8A }, { "gong", "yang" } },	/* 公羊 */
	{ { 0x5355, 0x4E8E }, { "chan", "yu" } },	/* 单于 */
	{ { 0x5357, 0x5BAB }, { "nan", "gong" } },	/* 南宫 */
	{ { 0x53F8, 0x5F92 }, { "si", "tu" } },		/* 司徒 */
	{ { 0x53F8, 0x7A7A }, { "si", "kong" } },	/* 司空 */
	{ { 0x53F8, 0x99AC }, { "si", "ma" } },		/* 司馬 */
	{ { 0x53F8, 0x9A6C }, { "si", "ma" } },		/* 司马 */
	{ { 0x547C, 0x5EF6 }, { "hu", "yan" } },	/* 呼延 */
	{ { 0x55AE, 0x4E8E }, { "chan", "yu" } },	/* 單于 */
	{ { 0x590F, 0x4FAF }, { "xia", "hou" } },	/* 夏侯 */
	{ { 0x592A, 0x53F2 }, { "tai", "shi" } },	/* 太史 */
	{ { 0x5B87, 0x6587 }, { "yu", "wen" } },	/* 宇文 */
	{ { 0x5B8C, 0x989C }, { "wan", "yan" } },	/* 完颜 */
	{ { 0x5B97, 0x653F }, { "zong", "zheng" } },	/* 宗政 */
	{ { 0x5C09, 0x8FDF }, { "yu", "chi" } },	/* 尉迟 */
	{ { 0x5C09, 0x9072 }, { "yu", "chi" } },	/* 尉遲 */
	{ { 0x5DE6, 0x4E18 }, { "zuo", "qiu" } },	/* 左丘 */
	{ { 0x5DEB, 0x9A6C }, { "wu", "ma" } },		/* 巫马 */
	{ { 0x6155, 0x5BB9 }, { "mu", "rong" } },	/* 慕容 */
	{ { 0x62D3, 0x8DCB }, { "tuo", "ba" } },	/* 拓跋 */
	{ { 0x6771, 0x65B9 }, { "dong", "fang" } },	/* 東方 */
	{ { 0x6881, 0x4E18 }, { "liang", "qiu" } },	/* 梁丘 */
	{ { 0x6B27, 0x9633 }, { "ou", "yang" } },	/* 欧阳 */
	{ { 0x6B50, 0x967D }, { "ou", "yang" } },	/* 歐陽 */
	{ { 0x6DF3, 0x4E8E }, { "chun", "yu" } },	/* 淳于 */
	{ { 0x6F06, 0x96D5 }, { "qi", "diao" } },	/* 漆雕 */
	{ { 0x6FB9, 0x53F0 }, { "tan", "tai" } },	/* 澹台 */
	{ { 0x6FB9, 0x81FA }, { "tan", "tai" } },	/* 澹臺 */
	{ { 0x6FEE, 0x9633 }, { "pu", "yang" } },	/* 濮阳 */
	{ { 0x72EC, 0x5B64 }, { "du", "gu" } },		/* 独孤 */
	{ { 0x7533, 0x5C60 }, { "shen", "tu" } },	/* 申屠 */
	{ { 0x767E, 0x91CC }, { "bai", "li" } },	/* 百里 */
	{ { 0x7687, 0x752B }, { "huang", "fu" } },	/* 皇甫 */
	{ { 0x7AEF, 0x6728 }, { "duan", "mu" } },	/* 端木 */
	{ { 0x7B2C, 0x4E94 }, { "di", "wu" } },		/* 第五 */
	{ { 0x7F8A, 0x820C }, { "yang", "she" } },	/* 羊舌 */
	{ { 0x842C, 0x4FDF }, { "mo", "qi" } },		/* 萬俟 */
	{ { 0x897F, 0x95E8 }, { "xi", "men" } },	/* 西门 */
	{ { 0x8AF8, 0x845B }, { "zhu", "ge" } },	/* 諸葛 */
	{ { 0x8BF8, 0x845B }, { "zhu", "ge" } },	/* 诸葛 */
	{ { 0x8C37, 0x6881 }, { "gu", "liang" } },	/* 谷梁 */
	{ { 0x8D6B, 0x8FDE }, { "he", "lian" } },	/* 赫连 */
	{ { 0x8F69, 0x8F95 }, { "xuan", "yuan" } },	/* 轩辕 */
	{ { 0x949F, 0x79BB }, { "zhong", "li" } },	/* 钟离 */
	{ { 0x9577, 0x5B6B }, { "zhang", "sun" } },	/* 長孫 */
	{ { 0x957F, 0x5B59 }, { "zhang", "sun" } },	/* 长孙 */
	{ { 0x95FB, 0x4EBA }, { "wen", "ren" } },	/* 闻人 */
	{ { 0x989B, 0x5B59 }, { "zhuan", "sun" } },	/* 颛孙 */
};

/* Pinyin vowels with tone marks (and u-umlaut), for typed queries. */
static const struct {
	uint32_t	 cp;
	char		 base;
} tonemarks[] = {
	{ 0x00E0, 'a' }, { 0x00E1, 'a' }, { 0x00E8, 'e' }, { 0x00E9, 'e' },
	{ 0x00EA, 'e' }, { 0x00EC, 'i' }, { 0x00ED, 'i' }, { 0x00F2, 'o' },
	{ 0x00F3, 'o' }, { 0x00F9, 'u' }, { 0x00FA, 'u' }, { 0x00FC, 'v' },
	{ 0x00DC, 'v' }, { 0x0101, 'a' }, { 0x0113, 'e' }, { 0x011B, 'e' },
	{ 0x012B, 'i' }, { 0x014D, 'o' }, { 0x016B, 'u' }, { 0x01CE, 'a' },
	{ 0x01D0, 'i' }, { 0x01D2, 'o' }, { 0x01D4, 'u' }, { 0x01D6, 'v' },
	{ 0x01D8, 'v' }, { 0x01DA, 'v' }, { 0x01DC, 'v' },
};

static unsigned
data_entry(uint32_t cp)
{
	if (cp >= PINYIN_A_FIRST && cp <= PINYIN_A_LAST)
		return pinyin_map[cp - PINYIN_A_FIRST];
	if (cp >= PINYIN_U_FIRST && cp <= PINYIN_U_LAST)
		return pinyin_map[PINYIN_A_SIZE + cp - PINYIN_U_FIRST];
	return 0;
}

int
pinyin_of(uint32_t cp, const char **out, int max)
{
	const uint16_t *p;
	unsigned e = data_entry(cp);
	int i, n;

	if (e == 0 || max <= 0)
		return 0;
	if (e < PINYIN_MULTI) {
		out[0] = pinyin_syl[e];
		return 1;
	}
	p = &pinyin_pool[e - PINYIN_MULTI];
	n = p[0] < max ? p[0] : max;
	for (i = 0; i < n; i++)
		out[i] = pinyin_syl[p[1 + i]];
	return n;
}

static void
unit_add(struct unit *u, const char *r)
{
	size_t len = strlen(r);
	int i;

	if (u->n == PY_UNIT_MAX)
		return;
	for (i = 0; i < u->n; i++)
		if (u->len[i] == len && memcmp(u->r[i], r, len) == 0)
			return;
	u->r[u->n] = r;
	u->len[u->n++] = len;
}

/* Puts surname readings r[0..n) in front of u's readings. */
static void
unit_prefer(struct unit *u, const char *const *r, int n)
{
	struct unit old = *u;
	int i;

	u->n = 0;
	for (i = 0; i < n; i++)
		if (r[i] != NULL)
			unit_add(u, r[i]);
	for (i = 0; i < old.n; i++)
		unit_add(u, old.r[i]);
}

/*
 * The surname is the first unit, and with the next one a compound
 * surname; punctuation in between or in front does not count.
 */
static void
apply_surname(struct name *nm)
{
	struct unit *u0 = NULL, *u1 = NULL;
	const char *const *single = NULL;
	const char *compound = NULL;
	int i;
	size_t j;

	nm->surname = 1;
	for (i = 0; i < nm->n && u1 == NULL; i++) {
		if (nm->u[i].kind == U_OTHER)
			continue;
		if (u0 == NULL)
			u0 = &nm->u[i];
		else
			u1 = &nm->u[i];
	}
	if (u0 == NULL || u0->kind != U_HAN)
		return;
	if (u1 != NULL && u1->kind == U_HAN) {
		for (j = 0; j < nitems(compounds); j++) {
			if (compounds[j].cp[0] == u0->cp &&
			    compounds[j].cp[1] == u1->cp) {
				compound = compounds[j].r[0];
				unit_prefer(u1, &compounds[j].r[1], 1);
				nm->surname = 2;
				break;
			}
		}
	}
	for (j = 0; j < nitems(surnames); j++) {
		if (surnames[j].cp == u0->cp) {
			single = surnames[j].r;
			break;
		}
	}
	/* Ends as: compound reading, surname readings, the character's. */
	if (single != NULL)
		unit_prefer(u0, single, 2);
	if (compound != NULL)
		unit_prefer(u0, &compound, 1);
}

static bool
is_space(uint32_t cp)
{
	return cp <= 0x20 || cp == 0x7F || cp == 0xA0 || cp == 0x3000 ||
	    (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF;
}

/* The lower-case ASCII letter or digit for cp (fullwidth too), or 0. */
static int
ascii_alnum(uint32_t cp)
{
	if (cp >= 0xFF10 && cp <= 0xFF5A)
		cp -= 0xFEE0;
	if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z'))
		return cp;
	if (cp >= 'A' && cp <= 'Z')
		return cp - 'A' + 'a';
	return 0;
}

static struct unit *
new_unit(struct name *nm, enum unit_kind kind)
{
	struct unit *u;

	if (nm->n == PY_MAX_UNITS)
		return NULL;
	u = &nm->u[nm->n++];
	u->kind = kind;
	u->cp = 0;
	u->n = 0;
	return u;
}

/*
 * Splits a name into units: Han characters with their readings, runs
 * of ASCII letters and digits, and runs of anything else but white
 * space.  Invalid bytes are dropped.
 */
static void
parse(const char *s, struct name *nm)
{
	size_t len = strlen(s), i, lo = 0;
	struct unit *u, *run = NULL;
	uint32_t cp;
	int c, j, k;

	nm->n = 0;
	nm->lower = len < sizeof(nm->lowbuf) ? nm->lowbuf : xmalloc(len + 1);
	for (i = 0; i < len; i += k) {
		if ((k = u8_decode(s + i, len - i, &cp)) < 0) {
			k = 1;
			run = NULL;
			continue;
		}
		if ((c = ascii_alnum(cp)) != 0) {
			if (run == NULL || run->kind != U_ASCII) {
				if ((run = new_unit(nm, U_ASCII)) == NULL)
					break;
				run->n = 1;
				run->r[0] = nm->lower + lo;
				run->len[0] = 0;
			}
			nm->lower[lo++] = c;
			run->len[0]++;
		} else if (is_space(cp))
			run = NULL;
		else if (data_entry(cp) != 0) {
			if ((u = new_unit(nm, U_HAN)) == NULL)
				break;
			u->cp = cp;
			u->n = pinyin_of(cp, u->r, PY_MAX_READINGS);
			for (j = 0; j < u->n; j++)
				u->len[j] = strlen(u->r[j]);
			run = NULL;
		} else if (run != NULL && run->kind == U_OTHER)
			run->len[0] += k;
		else {
			if ((run = new_unit(nm, U_OTHER)) == NULL)
				break;
			run->n = 1;
			run->r[0] = s + i;
			run->len[0] = k;
		}
	}
	apply_surname(nm);
}

static void
name_free(struct name *nm)
{
	if (nm->lower != nm->lowbuf)
		free(nm->lower);
}

/*
 * The spellings already emitted (pinyin.c's own set, not the index's
 * key sets): open addressing over offsets into a
 * pool of NUL-terminated keys, both in the structure until they grow.
 */
struct spellset {
	char		*pool;
	size_t		 used;
	size_t		 size;
	uint32_t	*slot;		/* pool offset + 1; 0 when free */
	size_t		 nslot;
	size_t		 count;
	char		 pool0[2048];
	uint32_t	 slot0[256];
};

static void
spellset_init(struct spellset *ss)
{
	ss->pool = ss->pool0;
	ss->used = 0;
	ss->size = sizeof(ss->pool0);
	ss->slot = ss->slot0;
	ss->nslot = nitems(ss->slot0);
	ss->count = 0;
	memset(ss->slot0, 0, sizeof(ss->slot0));
}

static void
spellset_free(struct spellset *ss)
{
	if (ss->pool != ss->pool0)
		free(ss->pool);
	if (ss->slot != ss->slot0)
		free(ss->slot);
}

static uint32_t
spellset_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261U;

	while (len-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619U;
	}
	return h;
}

static void
spellset_rehash(struct spellset *ss)
{
	uint32_t *old = ss->slot, off;
	size_t i, j, mask, oldn = ss->nslot;
	const char *k;

	ss->nslot *= 2;
	ss->slot = xcalloc(ss->nslot, sizeof(ss->slot[0]));
	mask = ss->nslot - 1;
	for (i = 0; i < oldn; i++) {
		if ((off = old[i]) == 0)
			continue;
		k = ss->pool + off - 1;
		j = spellset_hash(k, strlen(k)) & mask;
		while (ss->slot[j] != 0)
			j = (j + 1) & mask;
		ss->slot[j] = off;
	}
	if (old != ss->slot0)
		free(old);
}

/* Adds key (len bytes, no NUL among them); false if it was there. */
static bool
spellset_add(struct spellset *ss, const char *key, size_t len)
{
	size_t i, mask, size;
	uint32_t off;
	const char *k;
	char *p;

	if ((ss->count + 1) * 2 > ss->nslot)
		spellset_rehash(ss);
	mask = ss->nslot - 1;
	for (i = spellset_hash(key, len) & mask; (off = ss->slot[i]) != 0;
	    i = (i + 1) & mask) {
		k = ss->pool + off - 1;
		if (strncmp(k, key, len) == 0 && k[len] == '\0')
			return false;
	}
	if (ss->used + len + 1 > ss->size) {
		size = ss->size * 2;
		if (size < ss->used + len + 1)
			size = ss->used + len + 1;
		if (ss->pool == ss->pool0) {
			p = xmalloc(size);
			memcpy(p, ss->pool0, ss->used);
		} else
			p = xreallocarray(ss->pool, size, 1);
		ss->pool = p;
		ss->size = size;
	}
	memcpy(ss->pool + ss->used, key, len);
	ss->pool[ss->used + len] = '\0';
	ss->slot[i] = ss->used + 1;
	ss->used += len + 1;
	ss->count++;
	return true;
}

/* The state of the enumeration of reading combinations. */
struct gen {
	struct unit	*u[PY_MAX_UNITS];
	int		 n;
	int		 s;		/* first unit of the keys being made */
	int		 cap;
	int		 made;
	int		 slack[PY_MAX_UNITS + 1];	/* sum of ranks left */
	size_t		 pos[PY_MAX_UNITS + 1];	/* where unit i starts */
	char		*full;
	char		 ini[PY_MAX_UNITS + 1];
	struct spellset	 seen;
	void		(*emit)(const char *, void *);
	void		*arg;
};

static void
gen_emit(struct gen *g, const char *key, size_t len)
{
	if (spellset_add(&g->seen, key, len))
		g->emit(key, g->arg);
}

/*
 * Chooses a reading for unit i and those after it so that their ranks
 * add up to left; false once the cap is reached.
 */
static bool
walk(struct gen *g, int i, int left)
{
	const struct unit *u;
	int r, last;

	if (i == g->n) {
		g->full[g->pos[i]] = '\0';
		gen_emit(g, g->full, g->pos[i]);
		g->ini[i - g->s] = '\0';
		gen_emit(g, g->ini, i - g->s);
		return ++g->made < g->cap;
	}
	u = g->u[i];
	r = left - g->slack[i + 1];
	if (r < 0)
		r = 0;
	last = left < u->n - 1 ? left : u->n - 1;
	for (; r <= last; r++) {
		memcpy(g->full + g->pos[i], u->r[r], u->len[r]);
		g->pos[i + 1] = g->pos[i] + u->len[r];
		g->ini[i - g->s] = u->r[r][0];
		if (!walk(g, i + 1, left - r))
			return false;
	}
	return true;
}

enum keys_from {
	FROM_START,		/* the whole name */
	FROM_EACH,		/* the whole name and every later start */
	FROM_GIVEN		/* the given name alone */
};

static void
keys_from(const char *name, enum keys_from from, int max_combos,
    void (*emit)(const char *key, void *arg), void *arg)
{
	struct name nm;
	struct gen g;
	char fullbuf[512];
	size_t need = 1, longest;
	int i, j, t;

	parse(name, &nm);
	g.n = 0;
	for (i = 0; i < nm.n; i++) {
		if (nm.u[i].kind == U_OTHER)
			continue;
		g.u[g.n++] = &nm.u[i];
		for (longest = 0, j = 0; j < nm.u[i].n; j++)
			if (nm.u[i].len[j] > longest)
				longest = nm.u[i].len[j];
		need += longest;
	}
	if (g.n == 0) {
		name_free(&nm);
		return;
	}
	g.full = need <= sizeof(fullbuf) ? fullbuf : xmalloc(need);
	g.cap = max_combos < 1 ? 1 : max_combos;
	g.emit = emit;
	g.arg = arg;
	spellset_init(&g.seen);
	g.slack[g.n] = 0;
	for (i = g.n - 1; i >= 0; i--)
		g.slack[i] = g.slack[i + 1] + g.u[i]->n - 1;
	for (g.s = from == FROM_GIVEN ? nm.surname : 0; g.s < g.n; g.s++) {
		g.made = 0;
		g.pos[g.s] = 0;
		for (t = 0; t <= g.slack[g.s]; t++)
			if (!walk(&g, g.s, t))
				break;
		if (from != FROM_EACH)
			break;
	}
	spellset_free(&g.seen);
	if (g.full != fullbuf)
		free(g.full);
	name_free(&nm);
}

void
pinyin_keys(const char *name, bool suffixes, int max_combos,
    void (*emit)(const char *key, void *arg), void *arg)
{
	keys_from(name, suffixes ? FROM_EACH : FROM_START, max_combos, emit,
	    arg);
}

void
pinyin_given_keys(const char *name, int max_combos,
    void (*emit)(const char *key, void *arg), void *arg)
{
	keys_from(name, FROM_GIVEN, max_combos, emit, arg);
}

char *
pinyin_sort_key(const char *name)
{
	struct name nm;
	struct buf b = { 0 };
	int i;

	parse(name, &nm);
	for (i = 0; i < nm.n; i++) {
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_add(&b, nm.u[i].r[0], nm.u[i].len[0]);
	}
	name_free(&nm);
	return buf_take(&b);
}

/* The toneless letter for a pinyin vowel with a tone mark, or 0. */
static int
tone_base(uint32_t cp)
{
	size_t i;

	for (i = 0; i < nitems(tonemarks); i++)
		if (tonemarks[i].cp == cp)
			return tonemarks[i].base;
	return 0;
}

bool
pinyin_is_query(const char *q)
{
	size_t len = strlen(q), i;
	bool letter = false;
	uint32_t cp;
	int k;

	for (i = 0; i < len; i += k) {
		if ((k = u8_decode(q + i, len - i, &cp)) < 0)
			return false;
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    tone_base(cp) != 0)
			letter = true;
		else if (cp == ':') {
			if (i == 0 || (q[i - 1] != 'u' && q[i - 1] != 'U'))
				return false;
		} else if (cp != '\'' && cp != 0x2019 && cp != ' ' &&
		    cp != 0x3000)
			return false;
	}
	return letter;
}

char *
pinyin_normalize_query(const char *q)
{
	size_t len = strlen(q), i;
	char *out = xmalloc(len + 1), *o = out;
	uint32_t cp;
	int c, k;

	for (i = 0; i < len; i += k) {
		if ((k = u8_decode(q + i, len - i, &cp)) < 0) {
			k = 1;
			continue;
		}
		if ((c = ascii_alnum(cp)) != 0 && cp < 0x80) {
			if (c == 'u' && q[i + 1] == ':') {
				c = 'v';
				k++;
			}
			*o++ = c;
		} else if ((c = tone_base(cp)) != 0)
			*o++ = c;
	}
	*o = '\0';
	return out;
}

/*
 * demo.c -- see demo.h.
 *
 * Everything comes from one pseudo-random sequence (splitmix64) seeded by
 * the user, so the same seed gives the same township (on the same school
 * year: ages follow today's date).  Families are written in batches of
 * transactions; a batch's callback starts again from the batch's saved
 * random state when db_write() has to run it a second time.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "care.h"
#include "demo.h"
#include "i18n.h"
#include "meeting.h"
#include "model.h"
#include "rec.h"
#include "util.h"
#include "agreement.h"

#define MAX_SCHOOLS 30

struct rng {
	uint64_t	s;
};

static uint64_t
rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
rint_(struct rng *r, int n)
{
	return n <= 1 ? 0 : (int)(rnd(r) % (uint64_t)n);
}

static bool
chance(struct rng *r, int percent)
{
	return rint_(r, 100) < percent;
}

#define PICK(r, a) ((a)[rint_((r), (int)nitems(a))])

/* Surnames by rough frequency; polyphonic ones and compounds included. */
static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙",
	"马", "胡", "朱", "郭", "何", "罗", "高", "林", "郑", "梁", "谢", "唐",
	"许", "冯", "宋", "韩", "邓", "彭", "曹", "曾", "曾", "田", "萧", "潘",
	"袁", "蒋", "蔡", "余", "杜", "叶", "程", "魏", "苏", "吕", "丁", "沈",
	"任", "姚", "卢", "傅", "钟", "姜", "崔", "谭", "廖", "范", "汪", "陆",
	"金", "石", "戴", "贾", "韦", "夏", "邱", "方", "侯", "邹", "熊", "孟",
	"秦", "白", "江", "阎", "薛", "尹", "段", "雷", "黎", "史", "龙", "陶",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "单", "解",
	"区", "仇", "朴", "查", "盖", "缪", "乐", "欧阳", "司马", "诸葛"
};
static const char *const boy_names[] = {
	"子轩", "浩然", "宇航", "俊杰", "梓豪", "一鸣", "乐天", "博文", "嘉豪",
	"天佑", "明轩", "思远", "皓轩", "文博", "家乐", "泽宇", "子墨", "宇轩",
	"浩宇", "晨阳", "志强", "鹏飞", "俊熙", "睿", "磊", "涛", "杰", "鑫",
	"浩", "阳", "长生", "重阳", "朝阳", "少华", "传银", "行健"
};
static const char *const girl_names[] = {
	"欣怡", "梓涵", "雨桐", "可馨", "诗涵", "若曦", "思琪", "佳怡", "雨萱",
	"紫涵", "一诺", "梦瑶", "语嫣", "欣然", "乐瑶", "晓婷", "雅琪", "婷",
	"丹", "倩", "静怡", "思雨", "佳琪", "心怡", "秀秀", "曼曼", "露"
};
static const char *const man_names[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "鹏", "俊", "浩",
	"波", "辉", "刚", "建华", "国强", "海军", "红兵", "小龙", "志勇",
	"春生", "冬明", "永红", "德胜"
};
static const char *const woman_names[] = {
	"丽", "娟", "敏", "静", "芳", "燕", "霞", "玲", "艳", "红", "琴", "梅",
	"丹", "小红", "春花", "秋菊", "海燕", "丽娟", "桂芳", "雪梅", "玉兰"
};
static const char *const old_man_names[] = {
	"建国", "国华", "德明", "福生", "长青", "有才", "永福", "志成", "先贵",
	"光明", "树林", "金山", "满仓", "庆丰", "启元", "和平"
};
static const char *const old_woman_names[] = {
	"秀英", "桂英", "玉兰", "桂兰", "秀兰", "凤英", "玉珍", "淑珍", "翠花",
	"冬梅", "金凤", "招娣", "菊香", "月娥", "春兰", "素芬"
};
static const char *const townships[] = {
	"柳树乡", "杨家坪镇", "石门乡", "龙潭镇", "白水乡", "青山镇", "桃花江镇",
	"黄土岭乡"
};
static const char *const village_a[] = {
	"柳树", "桃花", "石桥", "大湾", "新塘", "高坪", "李家", "黄泥", "竹山",
	"枫林", "水口", "长冲", "金鸡", "荷叶", "马鞍", "响水", "双河", "铁炉",
	"茶园", "杉木", "梅子", "杨柳", "白果", "青龙", "凤凰", "狮子", "樟树",
	"松林", "油茶", "莲花", "石门", "观音", "大坪", "小溪", "新田", "老屋",
	"桐子", "板栗", "黄金", "红岩", "白石", "青树", "清水", "合兴", "和平",
	"团结", "永兴", "光明", "胜利", "向阳", "丰收", "大塘", "朝阳", "塘湾",
	"木山", "瓦屋", "桥头", "岩口", "坪上", "田心", "沙坪", "花桥", "龙塘",
	"富强", "建设", "兴隆", "太平", "长乐", "万福", "石羊", "牛角", "鹿鸣"
};
static const char *const workplaces[] = {
	"广东省东莞市", "广东省深圳市", "广东省广州市", "广东省佛山市",
	"广东省中山市", "浙江省义乌市", "浙江省宁波市", "浙江省杭州市",
	"浙江省温州市", "江苏省苏州市", "江苏省昆山市", "上海市", "北京市",
	"福建省厦门市", "福建省晋江市", "湖南省长沙市", "湖北省武汉市",
	"四川省成都市", "重庆市", "天津市", "山东省青岛市", "河南省郑州市",
	"新疆维吾尔自治区乌鲁木齐市", "海南省海口市"
};
static const char *const mobile_prefixes[] = {
	"130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
	"151", "152", "155", "157", "158", "159", "166", "173", "177", "180",
	"181", "182", "183", "185", "186", "187", "188", "189", "191", "199"
};
static const char *const ethnicities[] = {
	"苗族", "土家族", "侗族", "瑶族", "回族"
};
static const char *const disabilities[] = {
	"肢体残疾 四级", "听力残疾 三级", "智力残疾 二级", "视力残疾 四级",
	"言语残疾 三级"
};
static const char *const illnesses[] = {
	"先天性心脏病", "癫痫", "哮喘", "地中海贫血"
};

struct school_plan {
	uint32_t	 id;
	char		 name[64];
	int		 min_grade, max_grade;
	int		 classes;	/* per grade */
	int		 village0, nvillages;
	uint32_t	*mentors;
	size_t		 nmentors;
	int		 weight;
};

struct plan {
	struct rng		 rng;
	const struct demo_opts	*o;
	const char		*township;
	char			 villages[64][32];
	int			 nvillages;
	struct school_plan	 schools[MAX_SCHOOLS];
	int			 nschools;
	int			 weights;	/* sum of the schools' weights */
	int			 syear;		/* school year start */
	char			 today[11];
	struct demo_result	 res;
	/* ID numbers given so far (the index is built at the end). */
	char			(*ids)[19];
	size_t			 nids, capids;
	struct rng		 start;	/* the state after planning */
};

enum given { MAN, WOMAN, OLD_MAN, OLD_WOMAN, BOY, GIRL };

static void
person_name(struct rng *r, const char *surname, enum given kind, char *out,
    size_t n)
{
	static const struct {
		const char *const	*names;
		size_t			 n;
	} lists[] = {
		[MAN] = { man_names, nitems(man_names) },
		[WOMAN] = { woman_names, nitems(woman_names) },
		[OLD_MAN] = { old_man_names, nitems(old_man_names) },
		[OLD_WOMAN] = { old_woman_names, nitems(old_woman_names) },
		[BOY] = { boy_names, nitems(boy_names) },
		[GIRL] = { girl_names, nitems(girl_names) },
	};

	snprintf(out, n, "%s%s", surname,
	    lists[kind].names[rint_(r, (int)lists[kind].n)]);
}

static void
mobile(struct rng *r, char out[16])
{
	snprintf(out, 16, "%s%08d", PICK(r, mobile_prefixes),
	    rint_(r, 100000000));
}

static void
landline(struct rng *r, char out[20])
{
	snprintf(out, 20, "0739-%d%06d", 2 + rint_(r, 7), rint_(r, 1000000));
}

static void
recent_date(struct plan *p, struct rng *r, char out[11])
{
	time_t t = time(NULL) - (time_t)rint_(r, 200) * 86400;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static char
id_check(const char *first17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	int i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (first17[i] - '0') * w[i];
	return "10X98765432"[sum % 11];
}

/* A contact; phone kinds: 'm' mobile, 'l' landline, 0 none. */
static uint32_t
add_contact(struct plan *p, struct txn *t, const char *name, int phone,
    bool second, const char *workplace, const char *address, bool can_read,
    char **cause)
{
	struct rec *c = rec_new(RT_CONTACT);
	char ph[20], d[11];
	uint32_t id = 0;

	rec_set(c, CONTACT_NAME, name);
	if (phone == 'm')
		mobile(&p->rng, ph);
	else if (phone == 'l')
		landline(&p->rng, ph);
	if (phone != 0) {
		rec_set(c, CONTACT_PHONE1, ph);
		if (chance(&p->rng, 60)) {
			recent_date(p, &p->rng, d);
			rec_set(c, CONTACT_VERIFIED1, d);
		}
	}
	if (second) {
		mobile(&p->rng, ph);
		rec_set(c, CONTACT_PHONE2, ph);
	}
	rec_set(c, CONTACT_WORKPLACE, workplace);
	rec_set(c, CONTACT_ADDRESS, address);
	rec_set(c, CONTACT_CAN_READ, can_read ? "1" : "0");
	if (rec_put(t, c, cause) == 0) {
		id = c->id;
		p->res.contacts++;
	}
	rec_free(c);
	return id;
}

/* A linear probe over the IDs given in this run would be slow: hash. */
static uint64_t
id_hash(const char *id)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ULL;
	return h;
}

/* Doubles the table of ID numbers given (open addressing). */
static void
grow_ids(struct plan *p)
{
	char (*old)[19] = p->ids;
	size_t oldcap = p->capids, i, h, mask;

	p->capids = p->capids ? p->capids * 2 : 4096;
	p->ids = xcalloc(p->capids, sizeof *p->ids);
	mask = p->capids - 1;
	for (i = 0; i < oldcap; i++) {
		if (old[i][0] == '\0')
			continue;
		for (h = id_hash(old[i]) & mask; p->ids[h][0] != '\0';
		    h = (h + 1) & mask)
			;
		memcpy(p->ids[h], old[i], 19);
	}
	free(old);
}

static bool
id_taken(struct plan *p, const char *id)
{
	size_t i, mask;

	if (p->nids * 2 >= p->capids)
		grow_ids(p);
	mask = p->capids - 1;
	for (i = id_hash(id) & mask; p->ids[i][0] != '\0'; i = (i + 1) & mask)
		if (strcmp(p->ids[i], id) == 0)
			return true;
	memcpy(p->ids[i], id, 19);
	p->nids++;
	return false;
}

struct member {
	uint32_t	 id;
	const char	*relation;
	bool		 guardian;
};

static int
add_family(struct plan *p, struct txn *t, char **cause)
{
	struct rng *r = &p->rng;
	struct school_plan *sp;
	struct member m[6];
	int nm = 0, nkids, k, i, w, total = 0, grade, g0, month, day, year;
	const char *surname = PICK(r, surnames), *msurname, *lbtype;
	const char *fwork = NULL, *mwork = NULL, *gsurname;
	char name[64], addr[96], village[40], group[16], id[20], birth[11];
	char hukou[128], cls[16], num[16];
	bool maternal, boy;
	struct rec *c;
	uint32_t mentor;

	for (i = 0; i < p->nschools; i++)
		total += p->schools[i].weight;
	w = rint_(r, total);
	for (i = 0; i < p->nschools - 1 && w >= p->schools[i].weight; i++)
		w -= p->schools[i].weight;
	sp = &p->schools[i];
	snprintf(village, sizeof village, "%s",
	    p->villages[sp->village0 + rint_(r, sp->nvillages)]);
	snprintf(group, sizeof group, "%d组", 1 + rint_(r, 8));
	snprintf(addr, sizeof addr, "%s%s", village, group);
	snprintf(hukou, sizeof hukou, "湖南省邵阳县%s%s", p->township,
	    village);

	k = rint_(r, 100);
	lbtype = k < 60 ? "both" : k < 85 ? "father" : k < 95 ? "mother" :
	    "one_unable";
	if (strcmp(lbtype, "mother") != 0)
		fwork = PICK(r, workplaces);
	if (strcmp(lbtype, "father") != 0 && strcmp(lbtype, "one_unable") != 0)
		mwork = PICK(r, workplaces);
	do
		msurname = PICK(r, surnames);
	while (strcmp(msurname, surname) == 0);

	/* The grandparents, when they are the guardians. */
	if (strcmp(lbtype, "both") == 0 || strcmp(lbtype, "one_unable") == 0) {
		maternal = chance(r, 30);
		gsurname = maternal ? msurname : surname;
		do
			person_name(r, PICK(r, surnames), OLD_WOMAN, name,
			    sizeof name);
		while (strncmp(name, gsurname, strlen(gsurname)) == 0);
		k = rint_(r, 100);
		m[nm].id = add_contact(p, t, name, k < 70 ? 'm' : k < 90 ?
		    'l' : 0, false, NULL, addr, chance(r, 50), cause);
		m[nm].relation = maternal ? "maternal_grandmother" :
		    "grandmother";
		m[nm++].guardian = true;
		if (chance(r, 60)) {
			person_name(r, gsurname, OLD_MAN, name, sizeof name);
			m[nm].id = add_contact(p, t, name, chance(r, 75) ?
			    'm' : 0, false, NULL, addr, chance(r, 60), cause);
			m[nm].relation = maternal ? "maternal_grandfather" :
			    "grandfather";
			m[nm++].guardian = false;
		}
	}
	person_name(r, surname, MAN, name, sizeof name);
	m[nm].id = add_contact(p, t, name, 'm', chance(r, 15), fwork,
	    fwork != NULL ? NULL : addr, true, cause);
	m[nm].relation = "father";
	m[nm++].guardian = fwork == NULL;
	person_name(r, msurname, WOMAN, name, sizeof name);
	m[nm].id = add_contact(p, t, name, chance(r, 95) ? 'm' : 0, false,
	    mwork, mwork != NULL ? NULL : addr, true, cause);
	m[nm].relation = "mother";
	m[nm++].guardian = mwork == NULL && strcmp(lbtype, "one_unable") != 0;
	if (chance(r, 12)) {
		person_name(r, surname, chance(r, 50) ? MAN : WOMAN, name,
		    sizeof name);
		m[nm].id = add_contact(p, t, name, 'm', false, NULL, addr, true,
		    cause);
		m[nm].relation = chance(r, 50) ? "uncle_paternal" :
		    "aunt_paternal";
		m[nm++].guardian = false;
	}
	if (t->err != 0)
		return t->err;
	for (i = 0; i < nm; i++)
		if (m[i].id == 0)
			return SH_EINVAL;
	/* The entrusted guardian is called first (a parent at home, say). */
	for (i = 1; i < nm; i++)
		if (m[i].guardian) {
			struct member g = m[i];

			memmove(&m[1], &m[0], i * sizeof *m);
			m[0] = g;
			break;
		}

	k = rint_(r, 100);
	nkids = k < 60 ? 1 : k < 90 ? 2 : 3;
	if ((size_t)nkids > p->o->children - p->res.children)
		nkids = (int)(p->o->children - p->res.children);
	g0 = sp->min_grade + rint_(r, sp->max_grade - sp->min_grade + 1);
	for (k = 0; k < nkids; k++) {
		grade = g0 - 2 * k;
		if (grade < sp->min_grade)
			grade = sp->max_grade - rint_(r, 2);
		c = rec_new(RT_CHILD);
		boy = chance(r, 52);

		person_name(r, surname, boy ? BOY : GIRL, name, sizeof name);
		rec_set(c, CHILD_NAME, name);
		rec_set(c, CHILD_SEX, boy ? "m" : "f");
		rec_set(c, CHILD_ETHNICITY, chance(r, 90) ? "汉族" :
		    PICK(r, ethnicities));
		month = 1 + rint_(r, 12);
		day = 1 + rint_(r, 28);
		year = p->syear - 6 - (grade - 1) - (month >= 9 ? 1 : 0);
		snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month,
		    day);
		rec_set(c, CHILD_BIRTH, birth);
		/* Shaoyang's counties; a number already given is skipped. */
		for (i = chance(r, 92) ? 0 : 5; i < 5; i++) {
			snprintf(id, sizeof id, "4305%02d%04d%02d%02d%02d%d",
			    21 + rint_(r, 9), year, month, day, rint_(r, 100),
			    2 * rint_(r, 5) + (boy ? 1 : 0));
			id[17] = id_check(id);
			id[18] = '\0';
			if (!id_taken(p, id)) {
				rec_set(c, CHILD_IDNUM, id);
				break;
			}
		}
		rec_set_ref(c, CHILD_SCHOOL, sp->id);
		snprintf(num, sizeof num, "%d", grade);
		rec_set(c, CHILD_GRADE, num);
		snprintf(cls, sizeof cls, "%d", 1 + rint_(r, sp->classes));
		rec_set(c, CHILD_CLASS, cls);
		rec_set(c, CHILD_VILLAGE, village);
		rec_set(c, CHILD_GROUP, group);
		rec_set(c, CHILD_HUKOU, hukou);
		rec_set(c, CHILD_BOARDING, (sp->max_grade == 9 && grade >= 5 &&
		    chance(r, 50)) || chance(r, 4) ? "1" : "0");
		i = rint_(r, 1000);
		if (i < 25) {
			rec_set(c, CHILD_HEALTH, "disabled");
			rec_set(c, CHILD_HEALTH_NOTE, PICK(r, disabilities));
		} else if (i < 40) {
			rec_set(c, CHILD_HEALTH, "ill");
			rec_set(c, CHILD_HEALTH_NOTE, PICK(r, illnesses));
		}
		rec_set(c, CHILD_LEFT_BEHIND, lbtype);
		i = rint_(r, 100);
		rec_set(c, CHILD_GUARDIANSHIP, i < 50 ? "good" : i < 88 ?
		    "fair" : "poor");
		snprintf(birth, sizeof birth, "%04d-09-%02d", p->syear,
		    10 + rint_(r, 20));
		rec_set(c, CHILD_GUARDIANSHIP_DATE, birth);
		rec_set(c, CHILD_AID, chance(r, 30) ? (chance(r, 30) ?
		    "two_free,dibao" : "two_free") : chance(r, 5) ?
		    "temporary" : NULL);
		rec_set(c, CHILD_KEY_SUPPORT, i >= 88 ||
		    strcmp(rec_str(c, CHILD_HEALTH), "healthy") != 0 ? "1" :
		    "0");
		if (rec_put(t, c, cause) != 0) {
			rec_free(c);
			return SH_EINVAL;
		}
		p->res.children++;
		for (i = 0; i < nm; i++) {
			if (link_add(t, c->id, m[i].id, m[i].relation, i + 1,
			    m[i].guardian, NULL, cause) != 0) {
				rec_free(c);
				return SH_EINVAL;
			}
			p->res.links++;
		}
		if (sp->nmentors > 0 && chance(r, 85)) {
			mentor = sp->mentors[rint_(r, (int)sp->nmentors)];
			snprintf(birth, sizeof birth, "%04d-09-01", p->syear -
			    rint_(r, 2));
			if (mentor_assign(t, c->id, mentor, birth, cause) != 0) {
				rec_free(c);
				return SH_EINVAL;
			}
			p->res.pairs++;
		}
		rec_free(c);
	}
	return t->err;
}

static int
add_official(struct txn *t, struct rng *rng, const char *kind,
    const char *org, const char *village, bool mobile_phone, char **cause)
{
	struct rec *o = rec_new(RT_OFFICIAL);
	char name[64], ph[20];
	int rc;

	person_name(rng, PICK(rng, surnames), chance(rng, 50) ? MAN : WOMAN,
	    name, sizeof name);
	rec_set(o, OFFICIAL_NAME, name);
	rec_set(o, OFFICIAL_KIND, kind);
	rec_set(o, OFFICIAL_ORG, org);
	rec_set(o, OFFICIAL_VILLAGE, village);
	if (mobile_phone)
		mobile(rng, ph);
	else
		landline(rng, ph);
	rec_set(o, OFFICIAL_PHONE, ph);
	if (!mobile_phone) {
		mobile(rng, ph);
		rec_set(o, OFFICIAL_PHONE2, ph);
	}
	rc = rec_put(t, o, cause);
	rec_free(o);
	return rc;
}

/* The township's offices, and each village's committee and director. */
static int
officials_write(struct txn *t, struct plan *p, struct rng *rng,
    char **cause)
{
	static const struct {
		const char	*kind;
		const char	*suffix;
	} offices[] = {
		{ "township", "人民政府" }, { "police", "派出所" },
		{ "health", "卫生院" }, { "bureau", "中心学校教育办" },
	};
	char org[96];
	size_t i;
	int v, rc;

	for (i = 0; i < nitems(offices); i++) {
		snprintf(org, sizeof org, "%s%s", p->township,
		    offices[i].suffix);
		if ((rc = add_official(t, rng, offices[i].kind, org, NULL,
		    false, cause)) != 0)
			return rc;
	}
	for (i = 0; i < (size_t)p->nschools; i++)
		for (v = 0; v < p->schools[i].nvillages; v++) {
			const char *vil =
			    p->villages[p->schools[i].village0 + v];

			/* 柳树村 -> 柳树村民委员会 */
			snprintf(org, sizeof org, "%.*s村民委员会",
			    (int)strlen(vil) - 3, vil);
			if ((rc = add_official(t, rng, "village", org, vil,
			    false, cause)) != 0 ||
			    (rc = add_official(t, rng, "director", org, vil,
			    true, cause)) != 0)
				return rc;
		}
	return 0;
}


/*
 * Two teachers of one school with the same name cannot be told apart in
 * a roster's 帮扶教师 column: a name already taken in the school is drawn
 * again, from a stream of its own so that the rest of the township stays
 * as the seed makes it.
 */
static void
unique_staff_name(struct txn *t, uint32_t school, int j, const char *surname,
    char *name, size_t size)
{
	struct idlist l = { 0 };
	struct rng side = { .s = (uint64_t)school * 0x9e3779b97f4a7c15ULL +
	    (uint64_t)j };
	int tries;

	for (tries = 0; tries < 50; tries++) {
		idl_free(&l);
		staff_by_name(t, school, name, &l);
		if (l.n == 0)
			break;
		person_name(&side, surname, chance(&side, 55) ? WOMAN : MAN,
		    name, size);
	}
	idl_free(&l);
}

static int
schools_write(struct txn *t, void *arg, char **cause)
{
	struct plan *p = arg;
	struct school_plan *sp;
	struct rec *r;
	char name[64], num[16];
	int i, g, c, j, nstaff;
	struct rng rng = p->rng;

	p->res.schools = p->res.staff = 0;
	for (i = 0; i < p->nschools; i++) {
		sp = &p->schools[i];
		free(sp->mentors);
		sp->mentors = NULL;
		sp->nmentors = 0;
		r = rec_new(RT_SCHOOL);
		rec_set(r, SCHOOL_NAME, sp->name);
		rec_set(r, SCHOOL_TOWNSHIP, p->township);
		snprintf(name, sizeof name, "%s%s", p->township,
		    p->villages[sp->village0]);
		rec_set(r, SCHOOL_ADDRESS, name);
		landline(&rng, name);
		rec_set(r, SCHOOL_PHONE, name);
		person_name(&rng, PICK(&rng, surnames), MAN, name,
		    sizeof name);
		rec_set(r, SCHOOL_PRINCIPAL, name);
		if (rec_put(t, r, cause) != 0) {
			rec_free(r);
			return SH_EINVAL;
		}
		sp->id = r->id;
		p->res.schools++;

		/* The principal, then a class teacher per class, then mentors. */
		nstaff = 1 + (sp->max_grade - sp->min_grade + 1) * sp->classes;
		nstaff += (int)(p->o->children * sp->weight / p->weights / 25);
		for (j = 0; j < nstaff; j++) {
			struct rec *s = rec_new(RT_STAFF);
			const char *surname = PICK(&rng, surnames);

			person_name(&rng, surname, chance(&rng, 55) ? WOMAN :
			    MAN, name, sizeof name);
			if (j == 0)
				snprintf(name, sizeof name, "%s",
				    rec_str(r, SCHOOL_PRINCIPAL));
			else
				unique_staff_name(t, sp->id, j, surname, name,
				    sizeof name);
			rec_set(s, STAFF_NAME, name);
			rec_set_ref(s, STAFF_SCHOOL, sp->id);
			mobile(&rng, name);
			rec_set(s, STAFF_PHONE, name);
			g = sp->min_grade + (j - 1) / sp->classes;
			c = 1 + (j - 1) % sp->classes;
			if (j == 0)
				rec_set(s, STAFF_ROLES, "principal,leader");
			else if (g <= sp->max_grade) {
				rec_set(s, STAFF_ROLES, "class_teacher,mentor");
				snprintf(num, sizeof num, "%d", g);
				rec_set(s, STAFF_GRADE, num);
				snprintf(num, sizeof num, "%d", c);
				rec_set(s, STAFF_CLASS, num);
			} else
				rec_set(s, STAFF_ROLES, i == 0 && j ==
				    nstaff - 1 ? "mentor,counsellor" :
				    "mentor");
			if (rec_put(t, s, cause) != 0) {
				rec_free(s);
				rec_free(r);
				return SH_EINVAL;
			}
			if (j > 0) {
				sp->mentors = xreallocarray(sp->mentors,
				    sp->nmentors + 1, sizeof *sp->mentors);
				sp->mentors[sp->nmentors++] = s->id;
			}
			p->res.staff++;
			rec_free(s);
		}
		rec_free(r);
	}
	return officials_write(t, p, &rng, cause);
}

static void
plan_township(struct plan *p)
{
	struct rng *r = &p->rng;
	int i, v = 0, nv, a, b;
	size_t n = p->o->children;
	char vil[32];

	p->township = PICK(r, townships);
	/* Villages: distinct names from the word list, shuffled. */
	p->nvillages = 0;
	for (i = 0; i < (int)nitems(village_a) && p->nvillages < 64; i++)
		snprintf(p->villages[p->nvillages++], 32, "%s村",
		    village_a[i]);
	for (i = p->nvillages - 1; i > 0; i--) {
		char tmp[32];

		a = rint_(r, i + 1);
		memcpy(tmp, p->villages[i], 32);
		memcpy(p->villages[i], p->villages[a], 32);
		memcpy(p->villages[a], tmp, 32);
	}
	p->nschools = (int)(1 + n / 250);
	if (p->nschools < 2)
		p->nschools = 2;
	if (p->nschools > MAX_SCHOOLS)
		p->nschools = MAX_SCHOOLS;
	for (i = 0; i < p->nschools; i++) {
		struct school_plan *sp = &p->schools[i];

		nv = i == 0 ? 2 : 1 + rint_(r, 2);
		if (v + nv > p->nvillages) {
			/* Out of villages: no more schools. */
			p->nschools = i;
			break;
		}
		sp->village0 = v;
		sp->nvillages = nv;
		v += nv;
		if (i == 0) {
			snprintf(sp->name, sizeof sp->name, "%s中心学校",
			    p->township);
			sp->min_grade = 1;
			sp->max_grade = 9;
			sp->weight = 40;
		} else if (i % 3 == 2) {
			/* 柳树村 -> 柳树教学点 (through a copy: no overlap). */
			snprintf(vil, sizeof vil, "%s", p->villages[sp->village0]);
			b = (int)strlen(vil) - 3;
			snprintf(sp->name, sizeof sp->name, "%.*s教学点", b, vil);
			sp->min_grade = 1;
			sp->max_grade = 3;
			sp->weight = 5;
		} else {
			snprintf(vil, sizeof vil, "%s", p->villages[sp->village0]);
			snprintf(sp->name, sizeof sp->name, "%s小学", vil);
			sp->min_grade = 1;
			sp->max_grade = 6;
			sp->weight = 12;
		}
	}
	p->weights = 0;
	for (i = 0; i < p->nschools; i++)
		p->weights += p->schools[i].weight;
	for (i = 0; i < p->nschools; i++) {
		struct school_plan *sp = &p->schools[i];
		int grades = sp->max_grade - sp->min_grade + 1;

		sp->classes = (int)(n * sp->weight / p->weights / grades / 30);
		if (sp->classes < 1)
			sp->classes = 1;
		if (sp->classes > 12)
			sp->classes = 12;
	}
}

/*
 * Everything in one transaction, so that a demo interrupted (even by
 * kill -9) leaves nothing behind.  A second run (after the map grew)
 * starts again from the state after planning.
 */
static int
demo_write(struct txn *t, void *arg, char **cause)
{
	struct plan *p = arg;
	size_t step;
	int rc;

	p->rng = p->start;
	memset(&p->res, 0, sizeof p->res);
	if (p->capids > 0)
		memset(p->ids, 0, p->capids * sizeof *p->ids);
	p->nids = 0;
	if ((rc = schools_write(t, p, cause)) != 0)
		return rc;
	t->defer_index = true;
	step = p->o->children / 50 + 1;
	while (p->res.children < p->o->children) {
		if ((rc = add_family(p, t, cause)) != 0)
			return rc;
		if (p->o->progress != NULL && p->res.children % step == 0)
			p->o->progress(p->res.children, p->o->children,
			    p->o->arg);
	}
	if (p->o->progress != NULL)
		p->o->progress(p->res.children, p->o->children, p->o->arg);
	if ((rc = care_demo(t, p->o->seed, p->today, NULL, cause)) != 0 ||
	    (rc = demo_paper(t, p->o->seed, p->today, cause)) != 0)
		return rc;
	return (rc = rec_reindex(t, cause)) != 0 ? rc :
	    demo_meetings(t, p->o->seed, p->today, cause);
}

int
demo_fill(struct db *db, const struct demo_opts *o, struct demo_result *res,
    char **cause)
{
	struct plan *p;
	struct txn t;
	size_t have;
	time_t now = time(NULL);
	struct tm tm;
	int rc = 0, i;

	memset(res, 0, sizeof *res);
	if (txn_read(db, &t) != 0) {
		set_cause(cause, _("cannot read the database"));
		return SH_EDB;
	}
	have = kv_count(&t, DBI_CHILD) + kv_count(&t, DBI_SCHOOL);
	rc = t.err;
	txn_end(&t);
	if (rc != 0) {
		set_cause(cause, "%s", sh_strerror(rc));
		return rc;
	}
	if (have > 0) {
		set_cause(cause, _("the database in %s already has schools or "
		    "children; make the demo in a new one (--db DIR)"),
		    db->path);
		return SH_EINVAL;
	}
	p = xcalloc(1, sizeof *p);
	p->o = o;
	p->rng.s = o->seed * 0x2545f4914f6cdd1dULL + 1;
	localtime_r(&now, &tm);
	p->syear = tm.tm_year + 1900 - (tm.tm_mon < 8 ? 1 : 0);
	date_today(p->today);
	plan_township(p);
	p->start = p->rng;
	rc = db_write(db, demo_write, p, cause);
	free(p->ids);
	*res = p->res;
	for (i = 0; i < p->nschools; i++)
		free(p->schools[i].mentors);
	free(p);
	return rc;
}

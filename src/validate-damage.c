/*
 * validate-damage.c -- text damaged by a wrong conversion between
 * encodings (UTF-8 read as GBK, "涓枃"; U+FFFD read back, "锟斤拷"):
 * val_mojibake() (see validate.h).
 */
#include "config.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "validate.h"

/*
 * When UTF-8 text is read as GBK, each Chinese character's first two
 * bytes become one GBK character; these are the ones produced by the
 * commonest characters (涓 from 一不中上个, 鍙 from 可发只, 鐨 from 的,
 * 鏄 from 是, 銆 from 、。, 锛 from ，：, 锟 from U+FFFD...).  Common
 * given-name characters of the same kind (瀛 婧 璇 骞 宸 灏 姣) are
 * left out on purpose.  Every entry is three bytes of UTF-8.
 */
static const char misread_leads[] =
    "杩浜浠涓瀹缁銆鍏鍐鍒鍔鍖鍗鍘鍙鍚鍛鍥鍦鎬鎴鎵鏀鏂鏃鏄鏈鏉鐗鐢鐨鐩鐪"
    "锛锟閲闂闈";

_Static_assert(sizeof misread_leads <= 63 * 3 + 1, "one bit per entry");

/*
 * The bit of a misread lead character, or 0.  Vertical presentation
 * forms (︾ from the bytes of 学生) share the last bit: typed text never
 * holds them, damaged text often does.
 */
static uint64_t
misread_bit(const char *s, int k, uint32_t cp)
{
	size_t i;

	if ((cp >= 0xfe10 && cp <= 0xfe1f) || (cp >= 0xfe30 && cp <= 0xfe4f))
		return (uint64_t)1 << 63;
	for (i = 0; k == 3 && i + 3 < sizeof misread_leads; i += 3)
		if (memcmp(misread_leads + i, s, 3) == 0)
			return (uint64_t)1 << (i / 3);
	return 0;
}

/*
 * The lead-character rule: at least two different such characters, and
 * together at least an eighth of the Han characters.  In real damage
 * about every third character is a misread lead and many of them are in
 * the list; a real name may hold one (李涓, 董浜) or one twice (李涓涓),
 * and real prose holds hardly any.  Weaker than gbk_undo() below, but
 * it needs no conversion tables and survives bytes lost in the middle.
 */
static bool
misread_lead_rule(const char *s)
{
	uint64_t seen = 0, bit;
	size_t n = strlen(s), han = 0, leads = 0, distinct = 0;
	uint32_t cp;
	int k;

	for (; n > 0; s += k, n -= k) {
		if ((k = u8_decode(s, n, &cp)) < 0)
			return true;
		if (val_is_han(cp) && cp < 0xe000)
			han++;
		if ((bit = misread_bit(s, k, cp)) == 0)
			continue;
		leads++;
		distinct += (seen & bit) == 0;
		seen |= bit;
	}
	return distinct >= 2 && leads * 8 >= han;
}

/* Whether cp is something a Chinese roster plausibly holds. */
static bool
plausible(uint32_t cp)
{
	return cp < 0x80 || (cp >= 0xa0 && cp <= 0x24f) ||
	    (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x30ff) ||
	    (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xff00 && cp <= 0xffef);
}

/*
 * Whether bytes b (n of them), the GB18030 encoding of a run of text, are
 * UTF-8 holding Chinese: then the run is UTF-8 that was read as GBK.
 * The last character may be cut short when its lost byte became a '?'
 * after the run.
 */
static bool
reads_as_chinese(const char *b, size_t n, bool cut)
{
	uint32_t cp;
	bool han = false;
	int k;

	while (n > 0) {
		if ((k = u8_decode(b, n, &cp)) < 0) {
			/* A final sequence cut short: lead and continuations. */
			if (!cut || n >= 3 || (unsigned char)b[0] < 0xe0 ||
			    (n == 2 && ((unsigned char)b[1] & 0xc0) != 0x80))
				return false;
			break;
		}
		if (!plausible(cp))
			return false;
		han |= cp >= 0x3400 && cp <= 0x9fff;
		b += k;
		n -= k;
	}
	return han;
}

/*
 * Undoes the suspected damage and looks at the result: each run of
 * non-ASCII characters is encoded back to GB18030; if the bytes are UTF-8
 * Chinese, the run was UTF-8 read as GBK.  Real Chinese text almost
 * never is: its GB18030 bytes rarely even form valid UTF-8, let alone
 * Chinese.  Catches short damage (寮犱笁 was 张三) that the lead-character
 * rule cannot.  Skipped where the C library has no GB18030.
 */
static bool
gbk_undo(const char *s)
{
	/* Opened once: this runs for every value of a big roster. */
	static iconv_t cd = (iconv_t)-1;
	static bool tried;
	const char *run;
	char *inbuf, *ip, *op, *obuf;
	size_t len, il, ol;
	bool found = false;

	if (!tried) {
		tried = true;
		if ((cd = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1)
			cd = iconv_open("GBK", "UTF-8");
	}
	if (cd == (iconv_t)-1)
		return false;
	while (!found && *s != '\0') {
		while (*s != '\0' && (unsigned char)*s < 0x80)
			s++;
		for (run = s; (unsigned char)*s >= 0x80; s++)
			;
		if ((len = s - run) == 0)
			break;
		inbuf = ip = xstrndup(run, len);
		obuf = op = xmalloc(2 * len + 4);
		il = len;
		ol = 2 * len + 4;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, (ICONV_CONST char **)&ip, &il, &op, &ol) !=
		    (size_t)-1 && il == 0)
			found = reads_as_chinese(obuf, op - obuf, *s == '?');
		free(inbuf);
		free(obuf);
	}
	return found;
}

/*
 * UTF-8 read as Latin-1 or Windows-1252 (中 -> "ä¸­"): a letter from the
 * range of UTF-8 lead bytes followed by one from the range of
 * continuation bytes.  The middle dot is left out of the second range,
 * since romanised names put it after a letter.
 */
static bool
latin1_pair(uint32_t prev, uint32_t cp)
{
	return prev >= 0xc2 && prev <= 0xef && cp >= 0xa0 && cp <= 0xbf &&
	    cp != 0xb7;
}

bool
val_mojibake(const char *s)
{
	static const char *const marks[] = {
		"\xef\xbf\xbd",		/* U+FFFD, the replacement character */
		"锟斤拷", "烫烫烫", "屯屯屯",
	};
	size_t n, i;
	uint32_t cp, prev = 0;
	const char *p;
	int k;

	if (s == NULL)
		return false;
	n = strlen(s);
	if (!u8_valid(s, n))
		return true;
	for (i = 0; i < nitems(marks); i++)
		if (strstr(s, marks[i]) != NULL)
			return true;
	for (p = s; n > 0; p += k, n -= k, prev = cp) {
		k = u8_decode(p, n, &cp);
		if ((cp >= 0x80 && cp < 0xa0) || latin1_pair(prev, cp))
			return true;
	}
	return misread_lead_rule(s) || gbk_undo(s);
}

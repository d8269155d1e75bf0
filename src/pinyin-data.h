/*
 * pinyin-data.h -- the tables generated into pinyin-data.c by
 * tools/gen-pinyin.py; internal to pinyin.c.
 *
 * pinyin_map has one entry per code point of U+3400..U+4DBF followed by
 * U+4E00..U+9FFF: 0 for no reading, v < 0x8000 for the single reading
 * pinyin_syl[v], or 0x8000 + i where pinyin_pool[i] is the number of
 * readings and the syllable indices follow, most common first.
 * pinyin_syl[0] is the empty string.  The ranges must agree with RANGES
 * in the generator.
 */
#ifndef SHOUHU_PINYIN_DATA_H
#define SHOUHU_PINYIN_DATA_H

#include <stdint.h>

#define PINYIN_SYL_SIZE	8	/* longest syllable ("zhuang") + NUL, rounded */
#define PINYIN_A_FIRST	0x3400
#define PINYIN_A_LAST	0x4DBF
#define PINYIN_U_FIRST	0x4E00
#define PINYIN_U_LAST	0x9FFF
#define PINYIN_A_SIZE	(PINYIN_A_LAST - PINYIN_A_FIRST + 1)
#define PINYIN_MAP_SIZE	(PINYIN_A_SIZE + PINYIN_U_LAST - PINYIN_U_FIRST + 1)
#define PINYIN_MULTI	0x8000

extern const unsigned pinyin_nsyl;
extern const char pinyin_syl[][PINYIN_SYL_SIZE];
extern const uint16_t pinyin_map[PINYIN_MAP_SIZE];
extern const uint16_t pinyin_pool[];

#endif

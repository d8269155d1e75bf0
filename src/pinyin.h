/*
 * pinyin.h -- Mandarin readings of Chinese characters, for searching and
 * sorting names.
 *
 * Readings are toneless lower-case ASCII with "v" for u-umlaut ("lv" for
 * 吕).  A character may have several readings (polyphony); all of them
 * are kept so that a search by any customary reading finds the name.
 * The first character of a name is looked up in a table of surname
 * readings first (单 shan, 曾 zeng, 解 xie, 区 ou, 仇 qiu, 朴 piao, 查 zha,
 * 盖 ge, 覃 qin, ...), and compound surnames (尉迟 yuchi, 万俟 moqi, ...)
 * are recognised as a unit.
 */
#ifndef SHOUHU_PINYIN_H
#define SHOUHU_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PY_MAX_READINGS 8

/*
 * Stores up to max readings of code point cp in out (static strings),
 * the most common first; returns how many (0 for a character that is not
 * a Han character with a known reading).
 *
 * Covers U+3400..U+4DBF and U+4E00..U+9FFF; readings come from all of
 * Unihan's Mandarin fields, and a reading with "v" is followed by its
 * "u" spelling ("lv", "lu" for 吕).  No surname treatment here: 曾
 * gives "ceng" then "zeng".
 */
int pinyin_of(uint32_t cp, const char **out, int max);

/*
 * Calls emit once for each distinct search key of name: the full pinyin
 * ("zhangsanfeng") and the initials ("zsf") of every combination of
 * readings, capped at max_combos combinations (most likely first).
 * When suffixes is true, the same is done for the name starting at each
 * later character too ("sanfeng", "sf", "feng", "f"), so that a given
 * name finds the child.  ASCII letters and digits in a name are kept
 * (lower-cased); other characters are skipped.
 *
 * Keys come most likely first: the first is always the full pinyin of
 * the most likely readings, then its initials.  Combinations are tried
 * by increasing sum of reading ranks, so the cap drops the least likely
 * ones; it applies to each starting character separately, and a value
 * below 1 counts as 1.  A run of ASCII letters or digits is one syllable
 * whose initial is its first letter ("Tom张": "tomzhang", "tz").  Only
 * the first 64 characters of a name are looked at (a run of ASCII
 * counting as one).  emit must not keep the key pointer.
 */
void pinyin_keys(const char *name, bool suffixes, int max_combos,
    void (*emit)(const char *key, void *arg), void *arg);

/*
 * Like pinyin_keys without suffixes, for the given name alone: the name
 * after its surname (the first character, or the first two when they are
 * a compound surname).  Nothing for a name of one character.
 */
void pinyin_given_keys(const char *name, int max_combos,
    void (*emit)(const char *key, void *arg), void *arg);

/*
 * A key for sorting names in pinyin order: the most likely reading of
 * each character (surname table applied), separated by spaces, e.g.
 * "shan xiao ming" for 单小明.  Non-Han characters are kept as they are,
 * lower-cased.  The caller frees the result.
 *
 * Each Han character, run of ASCII letters and digits (fullwidth ones
 * too) and run of other characters is one word; white space only
 * separates.  Compare keys with strcmp: the space sorts "shan" before
 * "shang".
 */
char *pinyin_sort_key(const char *name);

/*
 * True when q looks like a pinyin query: only ASCII letters (and ' or
 * space), with at least one letter.  Also accepted, since
 * pinyin_normalize_query understands them: "ü", "u:", vowels with
 * tone marks ("zhāng"), the apostrophe ’ and the ideographic space.
 */
bool pinyin_is_query(const char *q);

/*
 * Normalises a typed pinyin query: lower case, "u:" and "ü" to "v",
 * apostrophes and spaces dropped.  The caller frees the result.
 * Tone marks are removed ("nǚ" gives "nv"); ASCII digits are kept and
 * any other character is dropped.
 */
char *pinyin_normalize_query(const char *q);

#endif

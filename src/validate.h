/*
 * validate.h -- turning what people type (or what a spreadsheet holds)
 * into the one form the database keeps, or saying clearly why not.
 *
 * Every function takes the input as typed, writes the normal form to
 * *out (newly allocated, the caller frees it) and returns 0; or returns
 * -1 and sets *cause (newly allocated) to a translated reason such as
 * "not a valid date".  The reason does not repeat the field's name or
 * the value: the caller adds those ("出生日期 "2015-13-45": not a valid
 * date").  Leading and trailing white space, fullwidth digits and letters
 * (１２３) and the ideographic space are accepted everywhere.  On error
 * *out is set to NULL.  *cause must be NULL or allocated: it is freed
 * before being replaced.  A normal form is a fixed point: validated
 * again it is accepted unchanged.  Any byte string is safe input.
 */
#ifndef SHOUHU_VALIDATE_H
#define SHOUHU_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * One allowed value of a choice field.  key is what is stored (ASCII),
 * label the English msgid shown (translated), zh the official Chinese
 * word (used in rosters), aliases further accepted spellings separated
 * by '|'.
 */
struct choice {
	const char	*key;
	const char	*label;
	const char	*zh;
	const char	*aliases;
};

/*
 * Dates: 2015-03-07, 2015-3-7, 2015.3.7, 2015/3/7, 2015年3月7日,
 * 20150307 -> "2015-03-07".  Impossible dates (2015-02-29, month 13) and
 * years outside 1900..2100 are rejected.  Excel's damage (a serial number
 * such as 42070, or 2.0150307E+7) is reported as such; for a serial the
 * reason names the date it stands for.  A time Excel appends
 * ("2015/3/7 0:00") is ignored.  Two-digit years and day-first dates
 * (3/7/2015) are refused as ambiguous.
 */
int val_date(const char *in, char **out, char **cause);

/*
 * Phones.  Mainland mobiles: 11 digits starting 1[3-9]; spaces, dashes
 * and a +86 / 0086 / 86 prefix accepted -> "13812345678".  Landlines with
 * an area code: 0731-84567890, (0731)84567890, 0731 8456 7890,
 * 073184567890 -> "0731-84567890" (area codes of 3 or 4 digits starting
 * 0, local numbers of 7 or 8 digits; three-digit codes are 010 and 02x).
 * An extension after "-" or "转" (or 分机, ext) is kept:
 * "0731-84567890-123".  Excel's damage (1.38E+10, 13812345678.0) is
 * reported as such.  Numbers of other countries, two numbers in one field
 * and a landline without its area code are refused with that reason.
 */
int val_phone(const char *in, char **out, char **cause);
/*
 * The digits of a stored phone, for searching: "073184567890" (newly
 * allocated; "" for NULL).
 */
char *phone_digits(const char *phone);

/*
 * Resident ID numbers (GB 11643): 18 characters, 17 digits and a check
 * character (digit or X, lower-case x accepted) -> upper case.  The
 * checksum, the embedded birth date (a real date, not in the future) are
 * verified.  Excel's damage (4.30523E+17, lost final digits) is reported.
 * Spaces inside are dropped (430523 20150307 1234); old 15-digit numbers
 * are refused, asking for the number on the current card.
 */
int val_idnum(const char *in, char **out, char **cause);
/*
 * Checks a normalised ID number against a record's birth date (ISO, may
 * be NULL or "") and sex ("m" or "f", may be NULL or "").  Returns 0 or
 * -1 with *cause ("the birth date in it is 2015-03-07, not 2015-03-08",
 * "it is a male's number, but the sex is female").
 */
int val_idnum_matches(const char *id, const char *birth, const char *sex,
    char **cause);
/*
 * Birth date ("2015-03-07") and sex ("m"/"f") read from a valid ID; ""
 * when id is too short to hold them.
 */
void idnum_birth(const char *id, char out[11]);
const char *idnum_sex(const char *id);

/*
 * Grades: 1..9, 一年级..九年级, 1年级, 初一..初三 (7..9), 七年级..九年级,
 * 小学一年级, 小一, 初中一年级, 初中七年级, the English and the translated
 * labels ("grade 3", "junior 1") -> "1".."9".  初一..初三 assume the usual
 * 6+3 system; 初四 is refused, asking for the year of schooling.  Senior
 * and pre-school grades, entry years (2019级) and a class written in the
 * same field (三年级2班) are refused with that reason.
 */
int val_grade(const char *in, char **out, char **cause);
/* The display form of a stored grade: "3" -> "三年级", "7" -> "初一" (translated). */
const char *grade_label(const char *grade);

/*
 * Classes within a grade: 2, 2班, (2)班, （2）班, 二班, 02 -> "2" (1..99);
 * other short names of Han characters, letters and digits (甲班 -> "甲")
 * are kept, ASCII letters in upper case.  At most 8 characters.  A grade
 * in the same field (三(2)班, 三年级2班) is refused with that reason.
 */
int val_class(const char *in, char **out, char **cause);

/*
 * Yes/no: 是/否, 有/无, 寄宿/走读 (boarding), Y/N, yes/no, true/false,
 * 1/0, √/×, ✓/✗ -> "1" or "0"; also 对/不是, 没有, 住校, ✔/✘, and the
 * translated "yes"/"no".  Empty input is an error here (the caller
 * decides whether a field may be empty).
 */
int val_bool(const char *in, char **out, char **cause);

/*
 * A choice: matches (case-insensitively for ASCII) the key, the English
 * label, the translated label, the Chinese word or an alias.  Stores the
 * key (a static string: *out is not allocated).  The reason for a miss
 * lists the translated labels.
 */
int val_choice(const struct choice *choices, const char *in,
    const char **out, char **cause);
/* The choice with this key, or NULL. */
const struct choice *choice_find(const struct choice *choices, const char *key);

/*
 * Free text: valid UTF-8, no control characters (tab and newline only
 * where multiline is true), at most maxchars characters (no limit when
 * maxchars <= 0); trimmed.  CR LF and CR become LF.  Zero-width spaces,
 * byte order marks and direction marks are dropped; bidi embeddings and
 * overrides are refused.
 */
int val_text(const char *in, int maxchars, bool multiline, char **out,
    char **cause);

/*
 * A person's name: like val_text with 1..20 characters, no digits;
 * interior spaces between Han characters are removed (张 三 -> 张三);
 * the middle dot of minority names may be written · or • or . (or ・ ‧)
 * and is stored as "·" (U+00B7).  Latin names keep single spaces between
 * words and may hold - and ' inside a word.  Letters of the scripts of
 * China's peoples (Arabic script, Tibetan, Mongolian, Yi, Korean) are
 * accepted.  Placeholders (无, 不详, 同上, N/A...), brackets, digits and
 * two names in one field are refused with that reason.
 */
int val_name(const char *in, char **out, char **cause);

/*
 * Sex: key "m" (男, M, male, 男性, 男孩, 男生, boy) and "f" (女, F, female,
 * 女性, 女孩, 女生, girl).
 * Terminated by an entry with key NULL.
 */
extern const struct choice sex_choices[];
/*
 * Relation of a contact to a child, with the everyday words people use:
 * father (父亲, 爸爸, 爸, 父, 爹), mother (母亲, 妈妈, 妈, 母, 娘),
 * grandfather (祖父, 爷爷, 爷), grandmother (祖母, 奶奶, 奶),
 * maternal_grandfather (外祖父, 外公, 姥爷), maternal_grandmother
 * (外祖母, 外婆, 姥姥), uncle_paternal (叔伯, 叔叔, 伯伯, 伯父, 叔父, 叔,
 * 伯), aunt_paternal (姑, 姑姑, 姑妈), uncle_maternal (舅, 舅舅),
 * aunt_maternal (姨, 阿姨, 姨妈), sibling (兄姐, 哥哥, 姐姐, 哥, 姐),
 * village_director (儿童主任, 村儿童主任), other (其他, 其它).
 * Terminated by an entry with key NULL.
 */
extern const struct choice relation_choices[];

/*
 * True when s looks damaged by a wrong encoding conversion: invalid UTF-8,
 * U+FFFD, 锟斤拷, 烫烫烫, 屯屯屯, C1 control characters, UTF-8 read as
 * Latin-1 (ä¸­), or UTF-8 read as GBK (涓枃).  The last is found by
 * encoding the text back to GB18030 and seeing Chinese UTF-8 appear, and,
 * where that conversion is missing or bytes were lost, by counting the
 * GBK characters that the commonest UTF-8 lead bytes turn into (see
 * validate.c for the rule).  Ordinary names are not flagged (张涓, 李涓涓),
 * but neither is every short damaged string.  Not checked by val_text()
 * and val_name(): the caller decides whether to warn or refuse.
 */
bool val_mojibake(const char *s);
/*
 * Whether a character counts as Han in names (CJK ideographs and their
 * extensions, 〇, and private-use characters some registration systems
 * use for rare name characters).
 */
bool val_is_han(uint32_t cp);

#endif

/*
 * fuzz-core.c -- a libFuzzer target for the record codec and the
 * validators.  The first byte picks a record type; the rest is decoded
 * as a stored record (a decoded record must encode back to the same
 * bytes), and, as a string, fed to every validator and every field's
 * normaliser.  Built by tests/fuzz.sh with clang, and replayed over the
 * committed corpus by tests/fuzz-replay in every `make check`.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "pinyin.h"
#include "rec.h"
#include "schema.h"
#include "util.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
drop(char *out, char *cause)
{
	free(out);
	free(cause);
}

static void
count_key(const char *key, void *arg)
{
	(*(size_t *)arg) += strlen(key);
}

static void
strings(const char *s)
{
	const struct schema *sc;
	const char *key;
	char *out = NULL, *cause = NULL, *g = NULL, *c = NULL;
	size_t n = 0;
	int t, f;

	val_date(s, &out, &cause);
	drop(out, cause);
	out = cause = NULL;
	val_phone(s, &out, &cause);
	drop(out, cause);
	out = cause = NULL;
	if (val_idnum(s, &out, &cause) == 0) {
		char birth[11];

		idnum_birth(out, birth);
		(void)idnum_sex(out);
		free(cause);
		cause = NULL;
		val_idnum_matches(out, "2015-03-07", "m", &cause);
	}
	drop(out, cause);
	out = cause = NULL;
	val_idnum_matches(s, s, s, &cause);
	free(cause);
	cause = NULL;
	for (t = 0; t < RT__COUNT; t++) {
		sc = schema_of(t);
		for (f = 0; f < sc->nfields; f++) {
			out = cause = NULL;
			if (field_normalize(&sc->fields[f], s, &out,
			    &cause) == 0) {
				char *again = NULL, *why = NULL;

				/* The normal form is a fixed point. */
				if (field_normalize(&sc->fields[f], out, &again,
				    &why) != 0 || strcmp(again, out) != 0)
					abort();
				free(again);
				free(why);
				free(field_display(&sc->fields[f], out));
			}
			drop(out, cause);
		}
	}
	cause = NULL;
	val_choice(relation_choices, s, &key, &cause);
	free(cause);
	(void)val_mojibake(s);
	pinyin_keys(s, true, 8, count_key, &n);
	free(pinyin_sort_key(s));
	free(pinyin_normalize_query(s));
	free(phone_digits(s));
	cause = NULL;
	if (class_parse(s, &g, &c, &cause) == 0) {
		free(class_label(g, c));
	}
	free(g);
	free(c);
	free(cause);
	free(str_halfwidth(s));
	free(str_trim(s));
	(void)u_width(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec *r = NULL;
	struct buf b = { 0 };
	char *cause = NULL, *s;
	enum rtype type;

	if (size < 1 || size > 4096)
		return 0;
	type = data[0] % RT__COUNT;
	if (rec_decode(type, 1, data + 1, size - 1, &r, &cause) == 0) {
		rec_encode(r, &b);
		if (b.len != size - 1 || memcmp(b.s, data + 1, b.len) != 0)
			abort();
		free(cause);
		cause = NULL;
		rec_validate(r, NULL, &cause);
		rec_free(r);
		buf_free(&b);
	}
	free(cause);
	s = xstrndup((const char *)data + 1, size - 1);
	strings(s);
	free(s);
	return 0;
}

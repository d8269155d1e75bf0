/*
 * cards.h -- contact cards (联系卡) on paper: what a teacher glues into a
 * notebook and takes on a home visit.
 */
#ifndef SHOUHU_CARDS_H
#define SHOUHU_CARDS_H

#include <stdint.h>

#include "print.h"
#include "store.h"

/*
 * The cards of a school's children in school (those who have left get
 * none), one class when grade is not NULL, several to a page: each
 * child's contacts in call order with their phones, the mentor on the
 * date today (NULL: today), the school's phone.  The document's title is
 * "SCHOOL contact cards DATE"; free it with print_doc_free() when this
 * returns 0.
 */
int cards_print(struct db *, uint32_t school, const char *grade,
    const char *cls, const struct print_opts *, const char *today,
    struct print_doc *, char **cause);

#endif

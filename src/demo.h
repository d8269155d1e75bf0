/*
 * demo.h -- a made-up but realistic township, for trying the program and
 * for benchmarks: a centre school, village schools and teaching points;
 * villages with groups; families of one to three children with parents
 * working in real provinces and cities, grandparents as guardians, and
 * contacts shared by siblings; class teachers and mentors.
 */
#ifndef SHOUHU_DEMO_H
#define SHOUHU_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

struct demo_opts {
	size_t		 children;	/* how many */
	uint64_t	 seed;		/* the same seed, the same township */
	void		(*progress)(size_t done, size_t total, void *arg);
	void		*arg;
};

struct demo_result {
	size_t	schools;
	size_t	staff;
	size_t	children;
	size_t	contacts;
	size_t	links;
	size_t	pairs;
};

/*
 * Fills an empty database (one without schools or children) with
 * exactly o->children children, in batches of transactions.  Returns 0, or an SH_E* code with *cause.
 */
int demo_fill(struct db *, const struct demo_opts *, struct demo_result *,
    char **cause);

#endif

/*
 * hmap.c -- the small hash map of the imports (see hmap.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "util.h"

uint64_t
hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0)
		h = (h ^ *s++) * 0x100000001b3ULL;
	return h;
}

uint64_t
hash_str(uint64_t h, const char *s)
{
	if (s != NULL)
		h = hash_bytes(h, s, strlen(s));
	return hash_bytes(h, "", 1);
}

uint64_t
hash_start(int kind)
{
	return 0xcbf29ce484222325ULL ^ (uint64_t)kind;
}

uint64_t
hash_end(uint64_t h)
{
	h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
	h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h != 0 ? h : 1;	/* 0 marks an empty slot */
}

static size_t
hm_find(const struct hmap *m, uint64_t key)
{
	size_t i, mask = m->cap - 1;

	for (i = (size_t)key & mask; m->k[i] != 0 && m->k[i] != key;
	    i = (i + 1) & mask)
		;
	return i;
}

uint32_t
hm_get(const struct hmap *m, uint64_t key)
{
	return m->cap == 0 ? 0 : m->v[hm_find(m, key)];
}

void
hm_put(struct hmap *m, uint64_t key, uint32_t value)
{
	struct hmap g;
	size_t i, j;

	if ((m->n + 1) * 2 > m->cap) {
		g.cap = m->cap ? m->cap * 2 : 1024;
		g.n = m->n;
		g.k = xcalloc(g.cap, sizeof *g.k);
		g.v = xcalloc(g.cap, sizeof *g.v);
		for (i = 0; i < m->cap; i++) {
			if (m->k[i] == 0)
				continue;
			j = hm_find(&g, m->k[i]);
			g.k[j] = m->k[i];
			g.v[j] = m->v[i];
		}
		free(m->k);
		free(m->v);
		*m = g;
	}
	i = hm_find(m, key);
	if (m->k[i] == 0)
		m->n++;
	m->k[i] = key;
	m->v[i] = value;
}

void
hm_free(struct hmap *m)
{
	free(m->k);
	free(m->v);
	memset(m, 0, sizeof *m);
}

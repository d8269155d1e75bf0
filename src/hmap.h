/*
 * hmap.h -- a small hash map from 64-bit keys to 32-bit values, and the
 * 64-bit hashes that make its keys.
 *
 * Open addressing with linear probing, the table kept at most half
 * full.  Key 0 marks an empty slot and value 0 "none": hash_end() never
 * gives 0, and callers store values + 1 where 0 is a real value.  Used
 * by the imports to know, in one pass over a sheet, which rows name the
 * same child, person or staff member.
 */
#ifndef SHOUHU_HMAP_H
#define SHOUHU_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap {
	uint64_t	*k;
	uint32_t	*v;
	size_t		 n;
	size_t		 cap;
};

uint64_t hash_bytes(uint64_t h, const void *, size_t);
/* Adds a string and a separator, so that ("ab", "c") != ("a", "bc"). */
uint64_t hash_str(uint64_t h, const char *);
uint64_t hash_start(int kind);
uint64_t hash_end(uint64_t h);
/* The value of key, or 0 when there is none (values are never 0). */
uint32_t hm_get(const struct hmap *, uint64_t key);
void hm_put(struct hmap *, uint64_t key, uint32_t value);
void hm_free(struct hmap *);

#endif

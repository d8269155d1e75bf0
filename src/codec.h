/*
 * codec.h -- a bounds-checked reader and a writer for the bytes of stored
 * records and index keys.
 *
 * The reader has a sticky error: after the first read past the end or a
 * malformed varint every later read returns zero or an empty string and
 * rd.err stays set, so a decoder can read a whole record and check the
 * error once at the end.  Nothing ever reads outside [p, end).
 */
#ifndef SHOUHU_CODEC_H
#define SHOUHU_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct rd {
	const unsigned char	*p;
	const unsigned char	*end;
	int			 err;
};

void rd_init(struct rd *, const void *, size_t);
uint8_t rd_u8(struct rd *);
uint32_t rd_u32be(struct rd *);
/* LEB128 in its shortest form, at most 10 bytes; anything else sets err. */
uint64_t rd_varint(struct rd *);
/* A zigzag-encoded signed varint. */
int64_t rd_svarint(struct rd *);
/*
 * A length-prefixed byte string.  Returns a pointer into the input (not
 * NUL-terminated) and sets *len; on error returns "" and *len = 0.
 */
const char *rd_bytes(struct rd *, size_t *len);
size_t rd_left(const struct rd *);

void wr_u8(struct buf *, uint8_t);
void wr_u32be(struct buf *, uint32_t);
void wr_varint(struct buf *, uint64_t);
void wr_svarint(struct buf *, int64_t);
void wr_bytes(struct buf *, const void *, size_t);
void wr_str(struct buf *, const char *);

/* Big-endian 32-bit integers, so byte order is numeric order in keys. */
void put_u32be(unsigned char *, uint32_t);
uint32_t get_u32be(const unsigned char *);

#endif

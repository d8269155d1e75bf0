/* codec.c -- see codec.h. */
#include "config.h"

#include <string.h>

#include "codec.h"

void
rd_init(struct rd *r, const void *p, size_t n)
{
	r->p = p;
	r->end = r->p + n;
	r->err = 0;
}

size_t
rd_left(const struct rd *r)
{
	return r->err ? 0 : (size_t)(r->end - r->p);
}

uint8_t
rd_u8(struct rd *r)
{
	if (r->err || r->p >= r->end) {
		r->err = 1;
		return 0;
	}
	return *r->p++;
}

uint32_t
rd_u32be(struct rd *r)
{
	uint32_t v;

	if (r->err || r->end - r->p < 4) {
		r->err = 1;
		return 0;
	}
	v = get_u32be(r->p);
	r->p += 4;
	return v;
}

uint64_t
rd_varint(struct rd *r)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t c;

	/* One byte, the common case: lengths, tags' counts, versions. */
	if (!r->err && r->p < r->end && *r->p < 0x80)
		return *r->p++;
	do {
		if (shift > 63) {
			r->err = 1;
			return 0;
		}
		c = rd_u8(r);
		if (r->err)
			return 0;
		/* Too large, or not in its shortest form. */
		if ((shift == 63 && (c & 0x7e) != 0) || (shift > 0 && c == 0)) {
			r->err = 1;
			return 0;
		}
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

int64_t
rd_svarint(struct rd *r)
{
	uint64_t u = rd_varint(r);

	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

const char *
rd_bytes(struct rd *r, size_t *len)
{
	uint64_t n = rd_varint(r);
	const char *s;

	if (r->err || n > (uint64_t)(r->end - r->p)) {
		r->err = 1;
		*len = 0;
		return "";
	}
	s = (const char *)r->p;
	r->p += n;
	*len = (size_t)n;
	return s;
}

void
wr_u8(struct buf *b, uint8_t v)
{
	buf_add(b, &v, 1);
}

void
wr_u32be(struct buf *b, uint32_t v)
{
	unsigned char t[4];

	put_u32be(t, v);
	buf_add(b, t, 4);
}

void
wr_varint(struct buf *b, uint64_t v)
{
	unsigned char t[10];
	int n = 0;

	do {
		t[n] = v & 0x7f;
		v >>= 7;
		if (v != 0)
			t[n] |= 0x80;
		n++;
	} while (v != 0);
	buf_add(b, t, n);
}

void
wr_svarint(struct buf *b, int64_t v)
{
	wr_varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void
wr_bytes(struct buf *b, const void *p, size_t n)
{
	wr_varint(b, n);
	buf_add(b, p, n);
}

void
wr_str(struct buf *b, const char *s)
{
	wr_bytes(b, s, strlen(s));
}

void
put_u32be(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

uint32_t
get_u32be(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

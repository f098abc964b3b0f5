/* keyset: linear probing over power-of-two tables, grown at half full. */
#include "lib/keyset.h"
#include "lib/vec.h"

#include <stdlib.h>
#include <string.h>

/* Keys are stored plus one so that 0 marks an empty slot; UINT64_MAX is kept aside. */
struct er_u64set {
	uint64_t *slots;
	size_t mask;
	size_t n;
	int has_max;
};

er_u64set *
er_u64set_new(void)
{
	er_u64set *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->slots = calloc(1024, sizeof *s->slots);
	if (!s->slots) {
		free(s);
		return NULL;
	}
	s->mask = 1023;
	return s;
}

/* MurmurHash3's finaliser: packed keys (account << 32 | day) are far from uniform, and
 * every input bit must reach the low bits that pick the slot. */
static size_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= UINT64_C(0xff51afd7ed558ccd);
	k ^= k >> 33;
	k *= UINT64_C(0xc4ceb9fe1a85ec53);
	k ^= k >> 33;
	return (size_t)k;
}

static int
u64set_rehash(er_u64set *s)
{
	size_t ncap = (s->mask + 1) * 2;
	uint64_t *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i <= s->mask; i++) {
		if (!s->slots[i])
			continue;
		size_t j = mix(s->slots[i] - 1) & (ncap - 1);
		while (ns[j])
			j = (j + 1) & (ncap - 1);
		ns[j] = s->slots[i];
	}
	free(s->slots);
	s->slots = ns;
	s->mask = ncap - 1;
	return 0;
}

int
er_u64set_add(er_u64set *s, uint64_t key)
{
	if (key == UINT64_MAX) {
		if (s->has_max)
			return 0;
		s->has_max = 1;
		s->n++;
		return 1;
	}
	uint64_t stored = key + 1;
	size_t j = mix(key) & s->mask;
	for (; s->slots[j]; j = (j + 1) & s->mask)
		if (s->slots[j] == stored)
			return 0;
	s->slots[j] = stored;
	s->n++;
	if (s->n * 2 > s->mask + 1 && u64set_rehash(s) < 0)
		return -1;
	return 1;
}

int
er_u64set_has(const er_u64set *s, uint64_t key)
{
	if (key == UINT64_MAX)
		return s->has_max;
	uint64_t stored = key + 1;
	for (size_t j = mix(key) & s->mask; s->slots[j]; j = (j + 1) & s->mask)
		if (s->slots[j] == stored)
			return 1;
	return 0;
}

size_t
er_u64set_size(const er_u64set *s)
{
	return s->n;
}

void
er_u64set_free(er_u64set *s)
{
	if (!s)
		return;
	free(s->slots);
	free(s);
}

struct day_bits {
	er_day base;     /* day of bit 0 */
	uint32_t nwords; /* 64-bit words */
	uint64_t *bits;
};

struct er_dayset {
	struct day_bits *owners;
	size_t n;
};

er_dayset *
er_dayset_new(void)
{
	return calloc(1, sizeof(struct er_dayset));
}

/* Widens B to cover DAY, keeping a margin so a growing range is not copied every day. */
static int
day_bits_cover(struct day_bits *b, er_day day)
{
	int64_t lo = b->nwords ? b->base : day;
	int64_t hi = b->nwords ? (int64_t)b->base + 64 * (int64_t)b->nwords : (int64_t)day + 1;
	if (day < lo)
		lo = (int64_t)day - 256;
	if (day >= hi)
		hi = (int64_t)day + 512;
	lo -= lo % 64 != 0 ? (lo % 64 + 64) % 64 : 0;
	uint64_t nwords = (uint64_t)(hi - lo + 63) / 64;
	uint64_t *nb = calloc(nwords, sizeof *nb);
	if (!nb)
		return -1;
	if (b->nwords) {
		uint64_t shift = (uint64_t)((int64_t)b->base - lo) / 64;
		memcpy(nb + shift, b->bits, b->nwords * sizeof *nb);
	}
	free(b->bits);
	b->bits = nb;
	b->base = (er_day)lo;
	b->nwords = (uint32_t)nwords;
	return 0;
}

int
er_dayset_add(er_dayset *s, size_t owner, er_day day)
{
	if (owner >= s->n && er_grow_zeroed(&s->owners, &s->n, owner + 1, sizeof *s->owners) < 0)
		return -1;
	struct day_bits *b = &s->owners[owner];
	if (!b->nwords || day < b->base || (int64_t)day >= (int64_t)b->base + 64 * (int64_t)b->nwords)
		if (day_bits_cover(b, day) < 0)
			return -1;
	uint64_t off = (uint64_t)((int64_t)day - b->base);
	uint64_t mask = UINT64_C(1) << (off % 64);
	if (b->bits[off / 64] & mask)
		return 0;
	b->bits[off / 64] |= mask;
	return 1;
}

int
er_dayset_has(const er_dayset *s, size_t owner, er_day day)
{
	if (owner >= s->n)
		return 0;
	const struct day_bits *b = &s->owners[owner];
	if (!b->nwords || day < b->base || (int64_t)day >= (int64_t)b->base + 64 * (int64_t)b->nwords)
		return 0;
	uint64_t off = (uint64_t)((int64_t)day - b->base);
	return (b->bits[off / 64] >> (off % 64)) & 1;
}

void
er_dayset_free(er_dayset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->owners[i].bits);
	free(s->owners);
	free(s);
}

int
er_u64set_pack_interval(size_t owner, er_day day, int secs, uint64_t *key)
{
	int64_t d = (int64_t)day + (1 << 19);
	if ((uint64_t)owner >= (UINT64_C(1) << 27) || d < 0 || d >= (1 << 20) || secs < 0 || secs >= 86400)
		return -1;
	*key = (uint64_t)owner << 37 | (uint64_t)d << 17 | (uint64_t)secs;
	return 0;
}

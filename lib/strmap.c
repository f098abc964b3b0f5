/* strmap: linear probing over a power-of-two table of (hash, index) slots; the keys
 * themselves sit one after another in an arena, so probing compares stored hashes first
 * and touches a key's bytes only on a hash match. */
#include "lib/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "lib/vec.h"

struct slot {
	uint64_t hash;
	size_t index_plus1; /* 0: empty */
};

struct key {
	size_t off; /* in the arena */
	size_t len;
};

struct er_strmap {
	struct slot *slots;
	size_t mask;
	size_t n;
	struct key *keys;
	size_t keys_cap;
	char *arena;
	size_t arena_len, arena_cap;
};

er_strmap *
er_strmap_new(void)
{
	er_strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->slots = calloc(64, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	m->mask = 63;
	return m;
}

static int
rehash(er_strmap *m)
{
	size_t ncap = (m->mask + 1) * 2;
	struct slot *ns = calloc(ncap, sizeof *ns);
	if (!ns)
		return -1;
	er_vec_huge(ns, ncap * sizeof *ns);
	/* A write to every page first: calloc's fresh pages are the shared zero page until
	 * written, and the probes read a slot before writing it, so each page would fault twice,
	 * the second time copying it and flushing every CPU's TLB (in a VM, a third of er-eval's
	 * time on 1 M ids). Volatile, as the compiler may drop a plain store of zero to calloc'd
	 * memory (and turns malloc + memset into calloc). */
	for (size_t b = 0; b < ncap * sizeof *ns; b += 4096)
		((volatile char *)ns)[b] = 0;
	for (size_t i = 0; i <= m->mask; i++) {
		if (!m->slots[i].index_plus1)
			continue;
		size_t j = m->slots[i].hash & (ncap - 1);
		while (ns[j].index_plus1)
			j = (j + 1) & (ncap - 1);
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->mask = ncap - 1;
	return 0;
}

/* The slot holding KEY, or the empty slot where it would go. */
static size_t
probe(const er_strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t j = h & m->mask;
	for (; m->slots[j].index_plus1; j = (j + 1) & m->mask) {
		const struct key *k = &m->keys[m->slots[j].index_plus1 - 1];
		if (m->slots[j].hash == h && k->len == len && memcmp(m->arena + k->off, key, len) == 0)
			break;
	}
	return j;
}

long
er_strmap_find(const er_strmap *m, const char *key, size_t len)
{
	size_t j = probe(m, key, len, er_hash64(key, len));
	return (long)m->slots[j].index_plus1 - 1;
}

long
er_strmap_intern(er_strmap *m, const char *key, size_t len, int *added)
{
	uint64_t h = er_hash64(key, len);
	size_t j = probe(m, key, len, h);
	if (m->slots[j].index_plus1) {
		if (added)
			*added = 0;
		return (long)m->slots[j].index_plus1 - 1;
	}
	/* everything that can fail comes before the key is stored */
	if (len > SIZE_MAX - 1 - m->arena_len || ER_GROW(m->keys, m->keys_cap, m->n + 1) < 0 ||
	    ER_GROW(m->arena, m->arena_cap, m->arena_len + len + 1) < 0)
		return -1;
	if ((m->n + 1) * 2 > m->mask + 1) {
		if (rehash(m) < 0)
			return -1;
		j = probe(m, key, len, h);
	}
	memcpy(m->arena + m->arena_len, key, len);
	m->arena[m->arena_len + len] = '\0';
	m->keys[m->n] = (struct key){m->arena_len, len};
	m->arena_len += len + 1;
	m->slots[j].hash = h;
	m->slots[j].index_plus1 = m->n + 1;
	if (added)
		*added = 1;
	return (long)m->n++;
}

const char *
er_strmap_key(const er_strmap *m, size_t i, size_t *len)
{
	if (len)
		*len = m->keys[i].len;
	return m->arena + m->keys[i].off;
}

size_t
er_strmap_size(const er_strmap *m)
{
	return m->n;
}

void
er_strmap_free(er_strmap *m)
{
	if (!m)
		return;
	free(m->slots);
	free(m->keys);
	free(m->arena);
	free(m);
}

/* alert_map: open addressing with linear probing. */
#include "rules/alert_map.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"

struct slot {
	char *key;       /* NULL: empty */
	size_t len;
	uint64_t hash;
	size_t value;
};

struct er_alert_map {
	struct slot *slots;
	size_t cap;      /* a power of two */
	size_t used;
};

er_alert_map *
er_alert_map_new(void)
{
	er_alert_map *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 64;
	m->slots = calloc(m->cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	return m;
}

static struct slot *
find(struct slot *slots, size_t cap, const char *key, size_t len, uint64_t hash)
{
	size_t i = (size_t)hash & (cap - 1);
	for (;;) {
		struct slot *s = &slots[i];
		if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
			return s;
		i = (i + 1) & (cap - 1);
	}
}

long
er_alert_map_get(const er_alert_map *m, const char *key, size_t len)
{
	struct slot *s = find(m->slots, m->cap, key, len, er_hash64(key, len));
	return s->key ? (long)s->value : -1;
}

static int
grow(er_alert_map *m)
{
	size_t cap = m->cap * 2;
	struct slot *ns = calloc(cap, sizeof *ns);
	if (!ns)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find(ns, cap, m->slots[i].key, m->slots[i].len, m->slots[i].hash) = m->slots[i];
	free(m->slots);
	m->slots = ns;
	m->cap = cap;
	return 0;
}

int
er_alert_map_put(er_alert_map *m, const char *key, size_t len, size_t value)
{
	if ((m->used + 1) * 2 > m->cap && grow(m) < 0)
		return -1;
	uint64_t hash = er_hash64(key, len);
	struct slot *s = find(m->slots, m->cap, key, len, hash);
	if (!s->key) {
		char *copy = malloc(len + 1);
		if (!copy)
			return -1;
		memcpy(copy, key, len);
		copy[len] = '\0';
		*s = (struct slot){copy, len, hash, value};
		m->used++;
	}
	s->value = value;
	return 0;
}

void
er_alert_map_free(er_alert_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

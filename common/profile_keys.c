/* profile_keys: an insertion-numbered string set. */
#include "profile_keys.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

struct er_profile_keys {
	char **names;       /* by number */
	size_t *lens;
	size_t count, cap;  /* cap of names and lens */
	long *slots;        /* number + 1, 0 empty */
	size_t nslots;      /* a power of two, kept at most half full */
};

er_profile_keys *er_profile_keys_new(void)
{
	er_profile_keys *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->nslots = 64;
	k->slots = calloc(k->nslots, sizeof *k->slots);
	if (!k->slots) {
		free(k);
		return NULL;
	}
	return k;
}

static size_t slot_of(const er_profile_keys *k, const char *key, size_t len)
{
	size_t mask = k->nslots - 1;
	size_t i = (size_t)er_hash64(key, len) & mask;
	for (;;) {
		long n = k->slots[i];
		if (n == 0)
			return i;
		size_t j = (size_t)(n - 1);
		if (k->lens[j] == len && memcmp(k->names[j], key, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

long er_profile_keys_find(const er_profile_keys *k, const char *key, size_t len)
{
	return k->slots[slot_of(k, key, len)] - 1;
}

static int grow_slots(er_profile_keys *k)
{
	size_t n = k->nslots * 2;
	long *slots = calloc(n, sizeof *slots);
	if (!slots)
		return -1;
	free(k->slots);
	k->slots = slots;
	k->nslots = n;
	for (size_t j = 0; j < k->count; j++)
		k->slots[slot_of(k, k->names[j], k->lens[j])] = (long)j + 1;
	return 0;
}

long er_profile_keys_add(er_profile_keys *k, const char *key, size_t len, int *added)
{
	if (added)
		*added = 0;
	size_t i = slot_of(k, key, len);
	if (k->slots[i] != 0)
		return k->slots[i] - 1;
	if (k->count == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 16;
		char **names = realloc(k->names, cap * sizeof *names);
		if (!names)
			return -1;
		k->names = names;
		size_t *lens = realloc(k->lens, cap * sizeof *lens);
		if (!lens)
			return -1;
		k->lens = lens;
		k->cap = cap;
	}
	char *copy = malloc(len + 1);
	if (!copy)
		return -1;
	memcpy(copy, key, len);
	copy[len] = '\0';
	k->names[k->count] = copy;
	k->lens[k->count] = len;
	k->slots[i] = (long)k->count + 1;
	k->count++;
	if (k->count * 2 > k->nslots && grow_slots(k) != 0) {
		/* The key stays findable only if the table can grow; undo it otherwise. */
		k->count--;
		k->slots[slot_of(k, key, len)] = 0;
		free(copy);
		return -1;
	}
	if (added)
		*added = 1;
	return (long)k->count - 1;
}

size_t er_profile_keys_count(const er_profile_keys *k)
{
	return k->count;
}

const char *er_profile_keys_name(const er_profile_keys *k, size_t i)
{
	return i < k->count ? k->names[i] : NULL;
}

void er_profile_keys_free(er_profile_keys *k)
{
	if (!k)
		return;
	for (size_t j = 0; j < k->count; j++)
		free(k->names[j]);
	free(k->names);
	free(k->lens);
	free(k->slots);
	free(k);
}

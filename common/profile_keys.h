/* profile_keys: string keys numbered 0, 1, 2, ... in order of first insertion, for the
 * side tables of er-profile and er-decide (subjects, products, pairs). Open addressing
 * on er_hash64; the keys are copied. */
#ifndef ER_PROFILE_KEYS_H
#define ER_PROFILE_KEYS_H

#include <stddef.h>

typedef struct er_profile_keys er_profile_keys;

/* An empty key set, or NULL when out of memory. Free with er_profile_keys_free. */
er_profile_keys *er_profile_keys_new(void);

/* The number of KEY[0..LEN-1], or -1 when absent. */
long er_profile_keys_find(const er_profile_keys *k, const char *key, size_t len);

/* The number of KEY[0..LEN-1], added with the next number when absent (*ADDED set to 1,
 * else 0; ADDED may be NULL). Returns -1 when out of memory. */
long er_profile_keys_add(er_profile_keys *k, const char *key, size_t len, int *added);

/* How many keys there are. */
size_t er_profile_keys_count(const er_profile_keys *k);

/* Key number I (NUL-terminated), or NULL when out of range. */
const char *er_profile_keys_name(const er_profile_keys *k, size_t i);

/* Frees K and its keys. K may be NULL. */
void er_profile_keys_free(er_profile_keys *k);

#endif

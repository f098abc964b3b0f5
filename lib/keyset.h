/* keyset: hash sets for exact duplicate detection and for interning keys.
 *
 * er_strset interns byte strings to dense indexes 0..n-1 (account ids to numbers);
 * er_u64set holds 64-bit keys (an interned account and a day packed together).
 * Both use open addressing at most half full, so an er_u64set costs at most 16 bytes
 * per key and an er_strset about 24 bytes plus the key's length and a NUL.
 * er_dayset holds (owner, day) pairs as one bitmap per owner over the days between its
 * first and last day: one bit per day of that span plus 24 bytes per owner, and it is
 * cache friendly when an owner's days arrive together. */
#ifndef ER_KEYSET_H
#define ER_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"

typedef struct er_strset er_strset;
typedef struct er_u64set er_u64set;

/* A new empty set, or NULL when out of memory. Free with er_strset_free. */
er_strset *er_strset_new(void);

/* Index of S[0..LEN-1], adding it when new (*ADDED 1, may be NULL). Returns -1 when out of memory. */
long er_strset_intern(er_strset *s, const char *key, size_t len, int *added);

/* Index of S[0..LEN-1], or -1 when absent. */
long er_strset_find(const er_strset *s, const char *key, size_t len);

/* The key with index I (NUL-terminated, owned by the set), and its length in *LEN (may be NULL). */
const char *er_strset_key(const er_strset *s, size_t i, size_t *len);

/* Number of keys. */
size_t er_strset_size(const er_strset *s);

/* Frees S (may be NULL). */
void er_strset_free(er_strset *s);

/* A new empty set, or NULL when out of memory. Free with er_u64set_free. */
er_u64set *er_u64set_new(void);

/* Adds KEY: 1 added, 0 already present, -1 out of memory. */
int er_u64set_add(er_u64set *s, uint64_t key);

/* Number of keys. */
size_t er_u64set_size(const er_u64set *s);

/* Frees S (may be NULL). */
void er_u64set_free(er_u64set *s);

typedef struct er_dayset er_dayset;

/* A new empty set, or NULL when out of memory. Free with er_dayset_free. */
er_dayset *er_dayset_new(void);

/* Adds DAY for OWNER (a dense index, e.g. from er_strset): 1 added, 0 already present,
 * -1 out of memory. */
int er_dayset_add(er_dayset *s, size_t owner, er_day day);

/* Frees S (may be NULL). */
void er_dayset_free(er_dayset *s);

#endif

/* keyset: hash sets for exact duplicate detection (strings to indexes: lib/strmap.h).
 *
 * er_u64set holds 64-bit keys (an interned account and a day packed together), by open
 * addressing at most half full: at most 16 bytes per key.
 * er_dayset holds (owner, day) pairs as one bitmap per owner over the days between its
 * first and last day: one bit per day of that span plus 24 bytes per owner, and it is
 * cache friendly when an owner's days arrive together. */
#ifndef ER_KEYSET_H
#define ER_KEYSET_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"

typedef struct er_u64set er_u64set;

/* A new empty set, or NULL when out of memory. Free with er_u64set_free. */
er_u64set *er_u64set_new(void);

/* Adds KEY: 1 added, 0 already present, -1 out of memory. */
int er_u64set_add(er_u64set *s, uint64_t key);

/* 1 when S has KEY, else 0. Can't fail. */
int er_u64set_has(const er_u64set *s, uint64_t key);

/* Number of keys. */
size_t er_u64set_size(const er_u64set *s);

/* Frees S (may be NULL). */
void er_u64set_free(er_u64set *s);

/* Packs (OWNER, DAY, SECS), an interval reading's key with SECS its second of the day, into
 * one er_u64set key in *KEY: owner 27 bits, day 20 bits (about 1,400 years either side of
 * 1970), second 17 bits. Returns 0, or -1 when a part is out of range (*KEY unset). */
int er_u64set_pack_interval(size_t owner, er_day day, int secs, uint64_t *key);

typedef struct er_dayset er_dayset;

/* A new empty set, or NULL when out of memory. Free with er_dayset_free. */
er_dayset *er_dayset_new(void);

/* Adds DAY for OWNER (a dense index, e.g. from er_strmap): 1 added, 0 already present,
 * -1 out of memory. */
int er_dayset_add(er_dayset *s, size_t owner, er_day day);

/* 1 when OWNER has DAY, else 0. Can't fail. */
int er_dayset_has(const er_dayset *s, size_t owner, er_day day);

/* Frees S (may be NULL). */
void er_dayset_free(er_dayset *s);

#endif

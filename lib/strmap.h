/* strmap: byte strings to dense indexes 0..n-1, the one string-keyed hash table of er.
 *
 * A value kept per key lives in the caller's array at the key's index (ids to entities,
 * account numbers to rows, categories to codes), so one table serves every use.
 * Keys are interned: copied into the map's own arena (NUL-terminated, embedded NULs kept),
 * so a caller may pass a field of a reader row that the next row overwrites. XXH3 hashing
 * (lib/hash.h), open addressing with linear probing, grown at half full: about 24 bytes per
 * key plus the key's length and a NUL. */
#ifndef ER_STRMAP_H
#define ER_STRMAP_H

#include <stddef.h>

typedef struct er_strmap er_strmap;

/* A new empty map, or NULL when out of memory. Free with er_strmap_free. */
er_strmap *er_strmap_new(void);

/* Index of KEY[0..LEN-1], adding it as index er_strmap_size() when new (*ADDED 1, may be NULL).
 * Returns -1 when out of memory, the map unchanged. */
long er_strmap_intern(er_strmap *m, const char *key, size_t len, int *added);

/* Index of KEY[0..LEN-1], or -1 when absent. */
long er_strmap_find(const er_strmap *m, const char *key, size_t len);

/* The key with index I < er_strmap_size (NUL-terminated, owned by the map, valid until it is
 * freed), and its length in *LEN (may be NULL). */
const char *er_strmap_key(const er_strmap *m, size_t i, size_t *len);

/* Number of keys. */
size_t er_strmap_size(const er_strmap *m);

/* Frees M and its keys (M may be NULL). */
void er_strmap_free(er_strmap *m);

#endif

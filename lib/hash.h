/* hash: XXH3-64 hashing of keys, and partitioning by key for scale-out.
 * The seed is fixed, so hashes written to disk and partitions stay comparable
 * across runs and machines. */
#ifndef ER_HASH_H
#define ER_HASH_H

#include <stddef.h>
#include <stdint.h>

/* XXH3-64 of S[0..LEN-1] with seed 0. Can't fail. */
uint64_t er_hash64(const void *s, size_t len);

/* The partition (0..N-1) of key S[0..LEN-1] among N: er_hash64 mod N. N > 0. */
uint64_t er_hash_partition(const void *s, size_t len, uint64_t n);

/* The fold (0..N-1) of key S[0..LEN-1] among N for a model's own cross-validation: XXH3-64
 * with a second pinned seed, mod N. Independent of er_hash_partition, so rows kept by
 * er-ingest --partition K/N still fill every fold. N > 0. */
uint64_t er_hash_fold(const void *s, size_t len, uint64_t n);

/* Parses "K/N" (0 <= K < N, N >= 1) into *K and *N. Returns 0, or -1 when malformed. */
int er_hash_parse_partition(const char *spec, uint64_t *k, uint64_t *n);

/* Longest id er_hash_hex writes, with its NUL. */
#define ER_HASH_HEXLEN 17

/* Writes H as 16 lowercase hex digits and a NUL into OUT (ER_HASH_HEXLEN bytes): how a
 * checksum is shown (model and policy ids, the audit trail's input checksums). Can't fail. */
void er_hash_hex(uint64_t h, char *out);

/* The XXH3-64 (seed 0) of the whole file PATH, read in blocks, into *OUT. Returns 0, or ER_EIO
 * (cannot open or read) / ER_ENOMEM with ERR (ER_ERRLEN bytes). */
int er_hash_file(const char *path, uint64_t *out, char *err);

#endif

/* registry_key: pseudonyms of subject ids for the shared registry. The platforms share a
 * secret key, a file kept outside the database; a subject id is stored as the HMAC-SHA-256
 * of its normalised form (er_ident_norm_id) under that key, the first 16 bytes in 32
 * lowercase hex digits. The same person from two platforms meets in one row, and neither
 * the database nor its exports hold the raw id. Without the key a pseudonym can be neither
 * reversed nor recomputed from a guessed id (resident ids have few enough candidates that
 * an unkeyed hash could be). HMAC-SHA-256 comes from OpenSSL's libcrypto (Debian libssl-dev):
 * a standard construction any platform can recompute with its own tools (PostgreSQL's
 * pgcrypto: substr(encode(hmac(id, key, 'sha256'), 'hex'), 1, 32)). */
#ifndef ER_REGISTRY_KEY_H
#define ER_REGISTRY_KEY_H

#include <stddef.h>

/* Hex digits of a pseudonym. */
#define ER_REGISTRY_PSEUDONYM_LEN 32

/* Bytes of a key file: at least 16 (128 bits), at most 4096. */
#define ER_REGISTRY_KEY_MIN 16
#define ER_REGISTRY_KEY_MAX 4096

typedef struct er_registry_key er_registry_key;

/* Reads the key from the file PATH (all its bytes are the key). A file that group or others
 * may read or write is refused: the key is what keeps the ids private. Sets *OUT (free it
 * with er_registry_key_free) and returns 0, or ER_EIO (cannot read, bad size or mode) or
 * ER_ENOMEM with ERR and *OUT NULL. */
int er_registry_key_load(er_registry_key **out, const char *path, char *err);

/* The key file's name, for messages. */
const char *er_registry_key_name(const er_registry_key *k);

/* Writes the pseudonym of ID[0..LEN-1] (normalised first) to OUT, NUL-terminated
 * (ER_REGISTRY_PSEUDONYM_LEN + 1 bytes). Returns 0, or -1 when libcrypto fails (out of
 * memory). */
int er_registry_key_pseudonym(er_registry_key *k, const char *id, size_t len, char *out);

/* Writes the key's fingerprint ("hmac-sha256:" and 16 hex digits of the HMAC of a fixed
 * text: it tells keys apart without revealing them) to OUT (40 bytes or more). 0 or -1. */
int er_registry_key_fingerprint(er_registry_key *k, char *out, size_t size);

/* Frees K (may be NULL); OpenSSL wipes its copy of the key. */
void er_registry_key_free(er_registry_key *k);

#endif

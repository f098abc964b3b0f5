/* registry_decide: er-decide's registry and products read from the registry database
 * directly (er-decide --registry-db), instead of from an exported CSV. */
#ifndef ER_REGISTRY_DECIDE_H
#define ER_REGISTRY_DECIDE_H

#include <stdint.h>

#include "credit/decide_tables.h"
#include "credit/registry_key.h"

/* The registry as er-decide reads it: looked up per applicant where that is cheap. */
typedef struct er_registry_decide_reader er_registry_decide_reader;

/* Opens the registry at WHERE (waiting up to BUSY_MS for nothing: reads never wait in WAL
 * mode), checks its schema and its id key (KEY, may be NULL; a pseudonymised registry needs
 * it, and T then looks applicants up by their pseudonyms under it: KEY must outlive T), adds
 * every product to T when PRODUCTS is 1, and gives T the current status rows as loans, but
 * those of platform SKIP (NULL: none): on SQLite each applicant's rows when T first asks for
 * them (one indexed query per distinct subject, in one read snapshot; *OUT must then outlive
 * T's use), on PostgreSQL all rows now (one query, not a round trip per applicant).
 * Returns 0 with *OUT (close with er_registry_decide_close), or ER_EIO / ER_ENOMEM with ERR. */
int er_registry_decide_open(er_registry_decide_reader **out, const char *where, int busy_ms, er_registry_key *key,
                            int products, const char *skip, er_decide_tables *t, char *err);

/* Ends the read and frees RD (may be NULL). */
void er_registry_decide_close(er_registry_decide_reader *rd);

/* The er-decide --write-registry writer: each recorded application an "applying" row of
 * PLATFORM, all in one transaction, which the import log records. */
typedef struct er_registry_decide_writer er_registry_decide_writer;

/* Opens the registry at WHERE (schema and id key checked: KEY, may be NULL, is needed by a
 * pseudonymised registry and refused by one of raw ids; it must outlive the writer) and
 * starts the transaction and the import of PLATFORM. Returns 0 with *OUT, or ER_EIO /
 * ER_ENOMEM with ERR. */
int er_registry_decide_writer_open(er_registry_decide_writer **out, const char *where, er_registry_key *key,
                                   const char *platform, char *err);

/* Records SUBJECT as applying with GRADE (the product's standard) and MONTHLY repayment,
 * at time AT (seconds); a keyed registry stores SUBJECT's pseudonym. Returns 0, ER_EIO or
 * ER_ENOMEM with ERR. */
int er_registry_decide_writer_put(er_registry_decide_writer *w, const char *subject, int grade, double monthly,
                                  int64_t at, char *err);

/* Commits (COMMIT 1: the import and its counts on record first) or rolls back, then closes
 * and frees W (may be NULL). Returns 0 or ER_EIO with ERR when the commit failed (nothing
 * was written). */
int er_registry_decide_writer_close(er_registry_decide_writer *w, int commit, char *err);

#endif

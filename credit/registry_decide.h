/* registry_decide: er-decide's registry and products read from the registry database
 * directly (er-decide --registry-db), instead of from an exported CSV. */
#ifndef ER_REGISTRY_DECIDE_H
#define ER_REGISTRY_DECIDE_H

#include <stdint.h>

#include "credit/decide_tables.h"

/* Opens the registry at WHERE (waiting up to BUSY_MS for nothing: reads never wait in WAL
 * mode), checks its schema and adds every current status row to T as a loan, but those of
 * platform SKIP (NULL: none), and, when PRODUCTS is 1, every product. Returns 0, or
 * ER_EIO / ER_ENOMEM with ERR. */
int er_registry_decide_load(const char *where, int busy_ms, int products, const char *skip, er_decide_tables *t,
                            char *err);

/* The er-decide --write-registry writer: each recorded application an "applying" row of
 * PLATFORM, all in one transaction. */
typedef struct er_registry_decide_writer er_registry_decide_writer;

/* Opens the registry at WHERE (schema checked) and starts the transaction. Returns 0 with
 * *OUT, or ER_EIO / ER_ENOMEM with ERR. */
int er_registry_decide_writer_open(er_registry_decide_writer **out, const char *where, const char *platform, char *err);

/* Records SUBJECT as applying with GRADE (the product's standard) and MONTHLY repayment,
 * at time AT (seconds). Returns 0 or ER_EIO with ERR. */
int er_registry_decide_writer_put(er_registry_decide_writer *w, const char *subject, int grade, double monthly,
                                  int64_t at, char *err);

/* Commits (COMMIT 1) or rolls back, then closes and frees W (may be NULL). Returns 0 or
 * ER_EIO with ERR when the commit failed (nothing was written). */
int er_registry_decide_writer_close(er_registry_decide_writer *w, int commit, char *err);

#endif

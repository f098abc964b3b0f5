/* registry_decide: er-decide's registry and products read from the registry database
 * directly (er-decide --registry-db), instead of from an exported CSV. */
#ifndef ER_REGISTRY_DECIDE_H
#define ER_REGISTRY_DECIDE_H

#include "credit/decide_tables.h"
#include "credit/registry_key.h"

/* Opens the registry at WHERE (waiting up to BUSY_MS for nothing: reads never wait in WAL
 * mode), checks its schema and its id key (KEY, may be NULL; a pseudonymised registry needs
 * it, and T then looks applicants up by their pseudonyms under it: KEY must outlive T), and
 * adds every current status row to T as a loan, and, when PRODUCTS is 1, every product.
 * Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_registry_decide_load(const char *where, int busy_ms, er_registry_key *key, int products, er_decide_tables *t,
                            char *err);

#endif

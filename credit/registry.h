/* registry: the shared database of lending status across platforms (S1 of the second patent,
 * 建立共享数据库): each platform's status of each subject, its history, and each business's
 * products and credit-grade standards.
 *
 * One schema, two backends: SQLite (a file, WAL mode) and PostgreSQL (a postgresql:// or
 * postgres:// URL). Every write runs inside er_registry_begin .. er_registry_commit, one
 * transaction that writers take in turn, so a failure or a kill leaves the registry as it
 * was and two writers never lose each other's updates.
 *
 * Status rows are keyed by (subject_id, platform). A row whose updated_at is older than the
 * stored one does not overwrite it; every change is appended to the history. Times are
 * seconds since 1970-01-01 00:00:00 on the platforms' clock (no time zone is kept). */
#ifndef ER_REGISTRY_H
#define ER_REGISTRY_H

#include <stddef.h>
#include <stdint.h>

#include "credit/decide.h"

/* The schema this code reads and writes; older ones are migrated by er_registry_migrate. */
#define ER_REGISTRY_SCHEMA 2

/* Lending states, as stored ("applying", ...). */
enum er_registry_state { ER_REGISTRY_APPLYING = 1, ER_REGISTRY_ACTIVE, ER_REGISTRY_CLOSED, ER_REGISTRY_DEFAULTED };

/* What er_registry_put_* did with a row. */
enum er_registry_outcome {
	ER_REGISTRY_INSERTED = 0, /* a new key */
	ER_REGISTRY_UPDATED,      /* the stored row changed (a history row added) */
	ER_REGISTRY_UNCHANGED,    /* the same values (a newer updated_at is kept) */
	ER_REGISTRY_OLDER         /* older than the stored row: not applied */
};

/* One platform's status of one subject. */
struct er_registry_status {
	const char *subject_id;
	const char *platform;
	int status;               /* enum er_registry_state */
	int grade;                /* enum er_grade_index, -1 when none */
	double monthly_repayment; /* NaN when none */
	int64_t updated_at;       /* seconds since 1970-01-01 */
};

typedef struct er_registry er_registry;

/* Opens the registry at WHERE (a postgresql:// or postgres:// URL, else a SQLite file).
 * CREATE 1 creates a missing SQLite file (er-registry init); 0 refuses it. Writers wait
 * up to BUSY_MS milliseconds for another writer. Sets *OUT (close it with er_registry_close)
 * and returns 0, or ER_EIO (cannot open or connect, not a database) or ER_ENOMEM with ERR
 * and *OUT NULL. */
int er_registry_open(er_registry **out, const char *where, int create, int busy_ms, char *err);

/* The name of the registry for messages (the file, or the URL without its password). */
const char *er_registry_name(const er_registry *reg);

/* The schema version stored in the registry in *VERSION (0: no schema yet). 0 or ER_EIO. */
int er_registry_schema_version(er_registry *reg, int *version, char *err);

/* Creates the schema or migrates it up to TARGET (1..ER_REGISTRY_SCHEMA) in one
 * transaction; *FROM is the version found. A newer schema than TARGET is refused.
 * Returns 0 or ER_EIO with ERR. */
int er_registry_migrate(er_registry *reg, int target, int *from, char *err);

/* Checks that the schema is ER_REGISTRY_SCHEMA: 0, or ER_EIO with ERR saying what to do. */
int er_registry_check_schema(er_registry *reg, char *err);

/* Starts the write transaction, waiting for other writers up to the busy time.
 * Returns 0 or ER_EIO ("locked" when the wait ran out). */
int er_registry_begin(er_registry *reg, char *err);

/* Commits the write transaction: 0 or ER_EIO (then nothing was written). */
int er_registry_commit(er_registry *reg, char *err);

/* Rolls the write transaction back (nothing of it stays). Can't fail visibly. */
void er_registry_rollback(er_registry *reg);

/* Records an import of PLATFORM from SOURCE (a file name) in the transaction and gives
 * its number, which the history rows it causes carry. 0 or ER_EIO. */
int er_registry_import_start(er_registry *reg, const char *platform, const char *source, int64_t *id, char *err);

/* Upserts ROW (in the transaction) as described above; *OUTCOME says what happened.
 * Returns 0 or ER_EIO. */
int er_registry_put_status(er_registry *reg, const struct er_registry_status *row, int64_t import_id, int *outcome,
                           char *err);

/* Inserts or replaces product NAME (in the transaction); *OUTCOME is INSERTED, UPDATED or
 * UNCHANGED. Returns 0 or ER_EIO. */
int er_registry_put_product(er_registry *reg, const char *name, const struct er_decide_product *p, int *outcome,
                            char *err);

/* Callbacks of the readers below: return 0 to go on, anything else stops the walk and is
 * returned by it. The row's strings are valid during the call only. */
typedef int (*er_registry_status_fn)(void *ctx, const struct er_registry_status *row);
typedef int (*er_registry_history_fn)(void *ctx, const struct er_registry_status *row, int previous_status,
                                      int64_t import_id);
typedef int (*er_registry_product_fn)(void *ctx, const char *name, const struct er_decide_product *p);

/* Every current status row, by subject_id then platform (bytewise). With ASOF (seconds;
 * INT64_MAX for now), the last change at or before ASOF of each key, from the history.
 * Returns 0, ER_EIO with ERR, or what FN returned. */
int er_registry_each_status(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err);

/* The changes of SUBJECT on every platform, oldest first (PREVIOUS_STATUS 0 for the first
 * of a platform). Returns 0, ER_EIO with ERR, or what FN returned. */
int er_registry_each_history(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err);

/* Every product, by name. Returns 0, ER_EIO with ERR, or what FN returned. */
int er_registry_each_product(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err);

/* Rolls back an open transaction, closes the connection and frees REG (may be NULL). */
void er_registry_close(er_registry *reg);

#endif

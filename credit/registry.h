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
#include "credit/registry_key.h"

/* The schema this code reads and writes; older ones are migrated by er_registry_migrate.
 * 3: each import's kind, actor, checksum and counts; PostgreSQL's platform_roles. */
#define ER_REGISTRY_SCHEMA 3

/* Bytes of a buffer for a subject id in its stored form (er_registry_subject_key). */
#define ER_REGISTRY_SUBJECT_BUF 65

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

/* One import on record. */
struct er_registry_import {
	int64_t id;
	const char *kind;        /* "status" or "products" */
	const char *platform;    /* "" for products */
	const char *source;      /* the file names read, comma-separated ("-": standard input) */
	const char *checksum;    /* XXH3-64 of the bytes read, 16 hex digits; "" unknown */
	const char *actor;       /* database role (PostgreSQL) or OS user (SQLite); "" unknown */
	const char *imported_at; /* "YYYY-MM-DD HH:MM:SS" by the database's clock (readers only) */
	int has_counts;          /* 0: recorded before schema 3, counts unknown */
	uint64_t read, inserted, updated, unchanged, older, rejected;
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

/* Checks KEY (may be NULL; borrowed, it must outlive REG) against the fingerprint the
 * registry keeps and uses it for the subject ids that enter and leave: 0, or ER_EIO with
 * ERR when the registry holds raw ids and KEY is given, when KEY is another key, or when
 * NEED is 1 and the registry pseudonymises ids but KEY is NULL. */
int er_registry_use_key(er_registry *reg, er_registry_key *key, int need, char *err);

/* 1 when the registry stores pseudonyms (known after er_registry_use_key), else 0. */
int er_registry_keyed(const er_registry *reg);

/* The stored form of subject ID[0..LEN-1] (NUL-terminated): normalised, and its pseudonym
 * in a keyed registry; *OUT points at BUF (ER_REGISTRY_SUBJECT_BUF bytes) or at ID. Returns
 * 0, ER_EIO (a keyed registry and no key) or ER_ENOMEM with ERR. */
int er_registry_subject_key(er_registry *reg, const char *id, size_t len, char *buf, const char **out, char *err);

/* Starts an import of PLATFORM (NULL: products) in the transaction: checks that the
 * connected role may write PLATFORM (PostgreSQL with platform roles: its own only) and
 * gives the import's number, which the history rows it causes carry. 0 or ER_EIO, before
 * anything is written. */
int er_registry_import_start(er_registry *reg, const char *platform, int64_t *id, char *err);

/* Records import REC (its id from er_registry_import_start; actor and time are the
 * registry's) in the transaction. 0 or ER_EIO. */
int er_registry_import_finish(er_registry *reg, const struct er_registry_import *rec, char *err);

/* Upserts ROW (in the transaction) as described above, its subject_id taken to its stored
 * form first; *OUTCOME says what happened. Returns 0, ER_EIO or ER_ENOMEM. */
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

/* 1 when the backend looks a subject's status up cheaply (SQLite: a prepared statement on
 * the key), 0 when each look-up is a round trip to a server (read the whole status then). */
int er_registry_reads_subjects(const er_registry *reg);

/* Starts a read transaction, so later reads see one snapshot; ended by er_registry_close.
 * Only where er_registry_reads_subjects is 1. Returns 0 or ER_EIO with ERR. */
int er_registry_begin_read(er_registry *reg, char *err);

/* The current status rows of subject ID[0..LEN-1] (taken to its stored form, unless STORED
 * is 1: ID is that form already, as er_registry_subject_key makes it), by platform. Only
 * where er_registry_reads_subjects is 1. Returns 0, ER_EIO / ER_ENOMEM with ERR, or what FN
 * returned. */
int er_registry_each_status_of(er_registry *reg, const char *id, size_t len, int stored, er_registry_status_fn fn,
                               void *ctx, char *err);

/* The changes of SUBJECT (taken to its stored form) on every platform, oldest first
 * (PREVIOUS_STATUS 0 for the first of a platform). Returns 0, ER_EIO or ER_ENOMEM with ERR,
 * or what FN returned. */
int er_registry_each_history(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err);

/* Every product, by name. Returns 0, ER_EIO with ERR, or what FN returned. */
int er_registry_each_product(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err);

typedef int (*er_registry_import_fn)(void *ctx, const struct er_registry_import *rec);

/* Every import on record, by number. Returns 0, ER_EIO with ERR, or what FN returned. */
int er_registry_each_import(er_registry *reg, er_registry_import_fn fn, void *ctx, char *err);

/* Migrates the schema to ER_REGISTRY_SCHEMA (*FROM: the version found) and replaces every
 * raw subject id of the status and its history by its pseudonym under KEY, recording the
 * key's fingerprint, in one transaction; then compacts the database so that no page keeps
 * a raw id (SQLite: VACUUM and an emptied WAL; PostgreSQL: VACUUM FULL). *SUBJECTS counts
 * the ids replaced. Returns 0 or ER_EIO (already pseudonymised, two ids with one
 * pseudonym on one platform, a database failure: nothing changed) or ER_ENOMEM. */
int er_registry_pseudonymise(er_registry *reg, er_registry_key *key, uint64_t *subjects, int *from, char *err);

/* PostgreSQL: creates a role per PLATFORMS[i] (named as the platform; kept when it exists)
 * and the row-level security by which each writes its own platform's status, history and
 * import rows only, reads every platform's, and can neither update nor delete the history
 * or the imports; in one transaction, after the schema is at ER_REGISTRY_SCHEMA. Returns 0
 * or ER_EIO (SQLite, a bad name, a database failure: nothing changed). */
int er_registry_platform_roles(er_registry *reg, char *const *platforms, size_t n, char *err);

/* Rolls back an open transaction, closes the connection and frees REG (may be NULL). */
void er_registry_close(er_registry *reg);

#endif

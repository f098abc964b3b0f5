/* registry_backend: what a storage backend of the registry provides (SQLite, PostgreSQL).
 * registry.c holds the logic shared by both (schema steps, the upsert rule); a backend only
 * runs statements. Internal to credit/registry*.c. */
#ifndef ER_REGISTRY_BACKEND_H
#define ER_REGISTRY_BACKEND_H

#include <stdint.h>

#include "credit/registry.h"

/* A stored status row without its key. */
struct er_registry_stored {
	int status;               /* enum er_registry_state */
	int grade;                /* -1 none */
	double monthly_repayment; /* NaN none */
	int64_t updated_at;
};

/* How er_registry_ops.status_write changes the stored row. */
enum er_registry_write {
	ER_REGISTRY_WRITE_INSERT = 0, /* a new key, with a history row */
	ER_REGISTRY_WRITE_UPDATE,     /* new values, with a history row */
	ER_REGISTRY_WRITE_TOUCH       /* only updated_at, no history row */
};

/* Every function returns 0 or ER_EIO with ERR unless said otherwise. */
struct er_registry_ops {
	/* The stored schema version, 0 when there is none. */
	int (*schema_version)(er_registry *reg, int *version, char *err);
	/* Runs the statements that take the schema from VERSION - 1 to VERSION, in the
	 * transaction, and records VERSION. */
	int (*schema_step)(er_registry *reg, int version, char *err);
	int (*begin)(er_registry *reg, char *err);
	int (*commit)(er_registry *reg, char *err);
	void (*rollback)(er_registry *reg);
	/* Value of meta row NAME into BUF (SIZE bytes): 1 found, 0 absent, or ER_EIO. */
	int (*meta_get)(er_registry *reg, const char *name, char *buf, size_t size, char *err);
	int (*meta_set)(er_registry *reg, const char *name, const char *value, char *err);
	/* Who writes: ACTOR the role or OS user, PLATFORM the role's platform ("" none). */
	int (*writer)(er_registry *reg, char *actor, size_t asize, char *platform, size_t psize, char *err);
	/* The number the next import row will have (in the write transaction). */
	int (*import_reserve)(er_registry *reg, int64_t *id, char *err);
	int (*import_record)(er_registry *reg, const struct er_registry_import *rec, char *err);
	int (*each_import)(er_registry *reg, er_registry_import_fn fn, void *ctx, char *err);
	/* Renames subject FROM to TO in the status and its history (in the transaction). */
	int (*rename_subject)(er_registry *reg, const char *from, const char *to, char *err);
	/* Renames every subject of the status and its history to its pseudonym under KEY in
	 * set-based statements (in the transaction); *SUBJECTS the distinct subjects renamed.
	 * NULL where the backend renames one subject at a time. */
	int (*rename_all)(er_registry *reg, er_registry_key *key, uint64_t *subjects, char *err);
	/* After a commit: rewrites the storage so no freed page keeps old values. */
	int (*compact)(er_registry *reg, char *err);
	/* PostgreSQL's er_registry_platform_roles, in the transaction. */
	int (*platform_roles)(er_registry *reg, char *const *platforms, size_t n, char *err);
	/* 1 found (*OUT set), 0 absent, or ER_EIO. */
	int (*status_get)(er_registry *reg, const char *subject, const char *platform, struct er_registry_stored *out,
	                  char *err);
	/* PREVIOUS is the state before an update (0 for an insert), kept in the history. */
	int (*status_write)(er_registry *reg, const struct er_registry_status *row, int how, int previous,
	                    int64_t import_id, char *err);
	/* Inserts ROW with its history row when its key is absent: 1 inserted, 0 the key
	 * exists (nothing written), or ER_EIO. NULL where the backend has no such shortcut. */
	int (*status_add_new)(er_registry *reg, const struct er_registry_status *row, int64_t import_id, char *err);
	/* 1 found (*OUT set), 0 absent, or ER_EIO. */
	int (*product_get)(er_registry *reg, const char *name, struct er_decide_product *out, char *err);
	int (*product_write)(er_registry *reg, const char *name, const struct er_decide_product *p, int insert,
	                     char *err);
	int (*each_status)(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err);
	/* The current status rows of stored SUBJECT by platform; NULL where a look-up per
	 * subject costs a round trip (PostgreSQL), so callers read the whole status instead. */
	int (*each_status_of)(er_registry *reg, const char *subject, er_registry_status_fn fn, void *ctx, char *err);
	/* Starts a read transaction: every read after it sees one snapshot (with EACH_STATUS_OF). */
	int (*begin_read)(er_registry *reg, char *err);
	int (*each_history)(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err);
	int (*each_product)(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err);
	/* Frees the backend's state (IMPL) and closes the connection. */
	void (*close)(er_registry *reg);
};

struct er_registry {
	const struct er_registry_ops *ops;
	char *name; /* for messages */
	int busy_ms;
	int in_tx;            /* a write transaction is open */
	int keyed;            /* the registry stores pseudonyms (er_registry_use_key) */
	int add_first;        /* the last status row put was a new key (er_registry_put_stored) */
	er_registry_key *key; /* borrowed; NULL: none given */
	void *impl;           /* the backend's state */
};

/* er_registry_put_status for a row whose subject_id is in its stored form already. */
int er_registry_put_stored(er_registry *reg, const struct er_registry_status *row, int64_t import_id, int *outcome,
                           char *err);

/* The meta row holding the id key's fingerprint. */
#define ER_REGISTRY_META_KEY "id_key"

/* Backend constructors: fill REG->ops and REG->impl; 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_registry_sqlite_open(er_registry *reg, const char *path, int create, char *err);
int er_registry_pg_open(er_registry *reg, const char *url, char *err);

#endif

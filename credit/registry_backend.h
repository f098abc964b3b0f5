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
	int (*import_start)(er_registry *reg, const char *platform, const char *source, int64_t *id, char *err);
	/* 1 found (*OUT set), 0 absent, or ER_EIO. */
	int (*status_get)(er_registry *reg, const char *subject, const char *platform, struct er_registry_stored *out,
	                  char *err);
	/* PREVIOUS is the state before an update (0 for an insert), kept in the history. */
	int (*status_write)(er_registry *reg, const struct er_registry_status *row, int how, int previous,
	                    int64_t import_id, char *err);
	/* 1 found (*OUT set), 0 absent, or ER_EIO. */
	int (*product_get)(er_registry *reg, const char *name, struct er_decide_product *out, char *err);
	int (*product_write)(er_registry *reg, const char *name, const struct er_decide_product *p, int insert,
	                     char *err);
	int (*each_status)(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err);
	int (*each_history)(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err);
	int (*each_product)(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err);
	/* Frees the backend's state (IMPL) and closes the connection. */
	void (*close)(er_registry *reg);
};

struct er_registry {
	const struct er_registry_ops *ops;
	char *name; /* for messages */
	int busy_ms;
	int in_tx;  /* a write transaction is open */
	void *impl; /* the backend's state */
};

/* Backend constructors: fill REG->ops and REG->impl; 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_registry_sqlite_open(er_registry *reg, const char *path, int create, char *err);
int er_registry_pg_open(er_registry *reg, const char *url, char *err);

#endif

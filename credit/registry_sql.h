/* registry_sql: the registry's statements, written once for both backends. A template
 * marks parameter N as ?N and the parts a dialect spells its own way as @now (the current
 * time as 'YYYY-MM-DD HH:MM:SS' text) and @next_import_id (the number the next import row
 * takes: a sequence in PostgreSQL, the largest plus one in SQLite, whose write lock makes
 * that safe). A backend
 * formats every statement for its dialect once, at open time. Internal to
 * credit/registry*.c; the schema steps stay per backend (types and table options differ). */
#ifndef ER_REGISTRY_SQL_H
#define ER_REGISTRY_SQL_H

enum er_registry_sql_id {
	ER_SQL_STATUS_GET,     /* ?1 subject, ?2 platform: status, grade, repayment, updated_at */
	ER_SQL_STATUS_INSERT,  /* ?1..?6: the six status columns */
	ER_SQL_STATUS_ADD_NEW, /* ?1..?6: the six status columns, nothing done when the key exists */
	ER_SQL_STATUS_UPDATE,  /* ?1..?6: the six status columns */
	ER_SQL_STATUS_TOUCH,   /* ?1 subject, ?2 platform, ?3 updated_at */
	ER_SQL_HISTORY_ADD,    /* ?1..?6 as above, ?7 previous status, ?8 import id */
	ER_SQL_PRODUCT_GET,    /* ?1 product */
	ER_SQL_PRODUCT_INSERT, /* ?1 product, ?2..?6 its fields */
	ER_SQL_PRODUCT_UPDATE, /* ?1 product, ?2..?6 its fields */
	ER_SQL_IMPORT,         /* ?1 id, ?2 kind, ?3 platform, ?4 source, ?5 checksum, ?6 actor, ?7..?12 counts */
	ER_SQL_IMPORT_NEXT,    /* the number of the next import */
	ER_SQL_IMPORTS,        /* every import by number */
	ER_SQL_META_GET,       /* ?1 key: its value */
	ER_SQL_META_SET,       /* ?1 key, ?2 value */
	ER_SQL_RENAME_STATUS,  /* ?1 subject, ?2 its new id */
	ER_SQL_RENAME_HISTORY, /* ?1 subject, ?2 its new id */
	ER_SQL_STATUS_NOW,     /* every status row by key */
	ER_SQL_STATUS_ASOF,    /* ?1 time: each key's last change at that time */
	ER_SQL_HISTORY,        /* ?1 subject: its changes in order */
	ER_SQL_STATUS_OF,      /* ?1 subject: its status rows by platform */
	ER_SQL_PRODUCTS,       /* every product by name */
	ER_SQL_COUNT
};

enum er_registry_dialect { ER_SQL_SQLITE, ER_SQL_POSTGRESQL };

/* Statement ID in DIALECT, malloc'd (the caller frees), or NULL when out of memory. */
char *er_registry_sql(int dialect, int id);

#endif

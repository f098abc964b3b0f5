/* registry_sqlite: the registry in one SQLite file, in WAL mode so readers never wait for
 * the writer; writers take the write lock at BEGIN IMMEDIATE and wait for each other up
 * to the busy time. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "lib/err.h"
#include "credit/registry_backend.h"
#include "credit/registry_key.h"
#include "credit/registry_row.h"
#include "credit/registry_sql.h"

/* The schema, one step per version; each step ends by recording its version. */
static const char *const schema_steps[ER_REGISTRY_SCHEMA + 1] = {
	NULL,
	"CREATE TABLE er_registry_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE imports (id INTEGER PRIMARY KEY, platform TEXT NOT NULL, source TEXT NOT NULL,"
	" imported_at TEXT NOT NULL);"
	"CREATE TABLE status (subject_id TEXT NOT NULL, platform TEXT NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('applying', 'active', 'closed', 'defaulted')),"
	" platform_grade TEXT CHECK (platform_grade IN ('A', 'B', 'C', 'D')),"
	" monthly_repayment REAL CHECK (monthly_repayment >= 0), updated_at INTEGER NOT NULL,"
	" PRIMARY KEY (subject_id, platform)) WITHOUT ROWID;"
	"CREATE TABLE status_history (id INTEGER PRIMARY KEY, subject_id TEXT NOT NULL, platform TEXT NOT NULL,"
	" status TEXT NOT NULL, platform_grade TEXT, monthly_repayment REAL, updated_at INTEGER NOT NULL,"
	" previous_status TEXT, import_id INTEGER NOT NULL REFERENCES imports (id));"
	"CREATE INDEX status_history_key ON status_history (subject_id, platform, updated_at);",
	"CREATE TABLE products (product TEXT PRIMARY KEY,"
	" min_grade TEXT NOT NULL CHECK (min_grade IN ('A', 'B', 'C', 'D')),"
	" min_monthly_repayment REAL NOT NULL, max_amount REAL NOT NULL, annual_rate REAL NOT NULL,"
	" term_months INTEGER NOT NULL, updated_at TEXT NOT NULL) WITHOUT ROWID;",
	"ALTER TABLE imports ADD COLUMN kind TEXT NOT NULL DEFAULT 'status';"
	"ALTER TABLE imports ADD COLUMN checksum TEXT; ALTER TABLE imports ADD COLUMN actor TEXT;"
	"ALTER TABLE imports ADD COLUMN rows_read INTEGER; ALTER TABLE imports ADD COLUMN inserted INTEGER;"
	"ALTER TABLE imports ADD COLUMN updated INTEGER; ALTER TABLE imports ADD COLUMN unchanged INTEGER;"
	"ALTER TABLE imports ADD COLUMN older INTEGER; ALTER TABLE imports ADD COLUMN rejected INTEGER;",
};

/* The page size of a new registry file (see er_registry_sqlite_open). */
#ifndef PAGE_SIZE_TEXT
#define PAGE_SIZE_TEXT "32768"
#endif

struct lite {
	sqlite3 *db;
	char *sql[ER_SQL_COUNT];
	sqlite3_stmt *stmt[ER_SQL_COUNT];
};

static struct lite *
lite_of(er_registry *reg)
{
	return reg->impl;
}

/* The error of the last call on the connection, as ER_EIO with ERR. */
static int
fail(er_registry *reg, char *err)
{
	sqlite3 *db = lite_of(reg)->db;
	int code = sqlite3_errcode(db) & 0xff;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return er_fail(err, ER_EIO, "registry '%s' is locked by another writer (waited %d ms)", reg->name,
		               reg->busy_ms);
	return er_fail(err, ER_EIO, "cannot use registry '%s': %s", reg->name, sqlite3_errmsg(db));
}

static int
exec(er_registry *reg, const char *sql, char *err)
{
	return sqlite3_exec(lite_of(reg)->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(reg, err);
}

/* The prepared statement ID, reset; NULL with ERR on failure. Every parameter is bound
 * again by the caller (NULLs too), which is cheaper than clearing them. */
static sqlite3_stmt *
stmt(er_registry *reg, enum er_registry_sql_id id, char *err)
{
	struct lite *l = lite_of(reg);
	if (!l->stmt[id] &&
	    sqlite3_prepare_v3(l->db, l->sql[id], -1, SQLITE_PREPARE_PERSISTENT, &l->stmt[id], NULL) != SQLITE_OK) {
		fail(reg, err);
		return NULL;
	}
	sqlite3_reset(l->stmt[id]);
	return l->stmt[id];
}

/* Runs S to its end (no rows expected): 0 or ER_EIO. */
static int
run(er_registry *reg, sqlite3_stmt *s, char *err)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		int st = fail(reg, err);
		sqlite3_reset(s);
		return st;
	}
	sqlite3_reset(s);
	return 0;
}

static int
lite_schema_version(er_registry *reg, int *version, char *err)
{
	sqlite3 *db = lite_of(reg)->db;
	sqlite3_stmt *s;
	*version = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'er_registry_meta'", -1, &s,
	                       NULL) != SQLITE_OK)
		return fail(reg, err);
	int rc = sqlite3_step(s);
	int has_meta = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return fail(reg, err);
	if (!has_meta)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT value FROM er_registry_meta WHERE key = 'schema_version'", -1, &s, NULL) !=
	    SQLITE_OK)
		return fail(reg, err);
	rc = sqlite3_step(s);
	const unsigned char *text = rc == SQLITE_ROW ? sqlite3_column_text(s, 0) : NULL;
	char *end = NULL;
	long v = text ? strtol((const char *)text, &end, 10) : -1;
	int bad = !text || *end || v < 1 || v > 1000000;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(reg, err);
	if (bad)
		return er_fail(err, ER_EIO, "registry '%s' has no valid schema_version", reg->name);
	*version = (int)v;
	return 0;
}

static int
lite_schema_step(er_registry *reg, int version, char *err)
{
	char sql[128];
	snprintf(sql, sizeof sql,
	         "INSERT OR REPLACE INTO er_registry_meta (key, value) VALUES ('schema_version', '%d')", version);
	int st = exec(reg, schema_steps[version], err);
	return st ? st : exec(reg, sql, err);
}

static int
lite_begin(er_registry *reg, char *err)
{
	/* IMMEDIATE takes the write lock now, so two writers queue instead of one failing
	 * later when its read lock cannot be upgraded. */
	return exec(reg, "BEGIN IMMEDIATE", err);
}

static int
lite_commit(er_registry *reg, char *err)
{
	return exec(reg, "COMMIT", err);
}

static void
lite_rollback(er_registry *reg)
{
	sqlite3 *db = lite_of(reg)->db;
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int
lite_meta_get(er_registry *reg, const char *name, char *buf, size_t size, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_META_GET, err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(s, 0));
	int st = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(reg, err);
	sqlite3_reset(s);
	return st;
}

static int
lite_meta_set(er_registry *reg, const char *name, const char *value, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_META_SET, err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	return run(reg, s, err);
}

/* A file has no roles: the OS user writes, for any platform. */
static int
lite_writer(er_registry *reg, char *actor, size_t asize, char *platform, size_t psize, char *err)
{
	(void)reg;
	(void)psize;
	(void)err;
	struct passwd *pw = getpwuid(geteuid());
	if (pw)
		snprintf(actor, asize, "%s", pw->pw_name);
	else
		snprintf(actor, asize, "uid %lu", (unsigned long)geteuid());
	platform[0] = '\0';
	return 0;
}

static int
lite_import_reserve(er_registry *reg, int64_t *id, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_IMPORT_NEXT, err);
	if (!s)
		return ER_EIO;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	int st = rc == SQLITE_ROW ? 0 : fail(reg, err);
	sqlite3_reset(s);
	return st;
}

static int
lite_import_record(er_registry *reg, const struct er_registry_import *rec, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_IMPORT, err);
	if (!s)
		return ER_EIO;
	const char *text[] = {rec->kind, rec->platform, rec->source, rec->checksum, rec->actor};
	const uint64_t counts[] = {rec->read, rec->inserted, rec->updated, rec->unchanged, rec->older, rec->rejected};
	sqlite3_bind_int64(s, 1, rec->id);
	for (int i = 0; i < 5; i++)
		sqlite3_bind_text(s, 2 + i, text[i], -1, SQLITE_STATIC);
	for (int i = 0; i < 6; i++)
		sqlite3_bind_int64(s, 7 + i, (sqlite3_int64)counts[i]);
	return run(reg, s, err);
}

static int
lite_rename_subject(er_registry *reg, const char *from, const char *to, char *err)
{
	for (int id = ER_SQL_RENAME_STATUS; id <= ER_SQL_RENAME_HISTORY; id++) {
		sqlite3_stmt *s = stmt(reg, id, err);
		if (!s)
			return ER_EIO;
		sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
		int st = run(reg, s, err);
		if (st != 0)
			return st;
	}
	return 0;
}

/* The WAL emptied, then the file rebuilt: freed pages and old WAL frames (which may hold
 * replaced values) are gone from disk, as far as the file system lets them go. */
static int
lite_compact(er_registry *reg, char *err)
{
	return exec(reg, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE)", err);
}

static int
lite_platform_roles(er_registry *reg, char *const *platforms, size_t n, char *err)
{
	(void)platforms;
	(void)n;
	return er_fail(err, ER_EIO,
	               "registry '%s' is a SQLite file, one platform's: platform roles need a PostgreSQL registry",
	               reg->name);
}

static int
grade_of(sqlite3_stmt *s, int col)
{
	const unsigned char *g = sqlite3_column_text(s, col);
	return g ? er_grade_parse((const char *)g, strlen((const char *)g)) : -1;
}

static double
number_of(sqlite3_stmt *s, int col)
{
	return sqlite3_column_type(s, col) == SQLITE_NULL ? NAN : sqlite3_column_double(s, col);
}

static int
state_of(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? er_registry_state_parse((const char *)t, strlen((const char *)t)) : 0;
}

static int
lite_status_get(er_registry *reg, const char *subject, const char *platform, struct er_registry_stored *out, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_STATUS_GET, err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, platform, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->status = state_of(s, 0);
		out->grade = grade_of(s, 1);
		out->monthly_repayment = number_of(s, 2);
		out->updated_at = sqlite3_column_int64(s, 3);
	}
	int st = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(reg, err);
	sqlite3_reset(s);
	return st;
}

/* Binds the six status columns of ROW to parameters 1..6. */
static void
bind_status(sqlite3_stmt *s, const struct er_registry_status *row, char grade[2])
{
	sqlite3_bind_text(s, 1, row->subject_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, row->platform, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, er_registry_state_name(row->status), -1, SQLITE_STATIC);
	grade[0] = er_grade_char(row->grade);
	grade[1] = '\0';
	if (row->grade >= 0)
		sqlite3_bind_text(s, 4, grade, 1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	if (!isnan(row->monthly_repayment))
		sqlite3_bind_double(s, 5, row->monthly_repayment);
	else
		sqlite3_bind_null(s, 5);
	sqlite3_bind_int64(s, 6, row->updated_at);
}

/* The history row of a status ROW written by import IMPORT_ID (PREVIOUS 0: a new key). */
static int
history_add(er_registry *reg, const struct er_registry_status *row, int previous, int64_t import_id, char *err)
{
	char grade[2];
	sqlite3_stmt *s = stmt(reg, ER_SQL_HISTORY_ADD, err);
	if (!s)
		return ER_EIO;
	bind_status(s, row, grade);
	if (previous)
		sqlite3_bind_text(s, 7, er_registry_state_name(previous), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 7);
	sqlite3_bind_int64(s, 8, import_id);
	return run(reg, s, err);
}

static int
lite_status_write(er_registry *reg, const struct er_registry_status *row, int how, int previous, int64_t import_id,
                  char *err)
{
	static const enum er_registry_sql_id ids[] = {ER_SQL_STATUS_INSERT, ER_SQL_STATUS_UPDATE, ER_SQL_STATUS_TOUCH};
	char grade[2];
	sqlite3_stmt *s = stmt(reg, ids[how], err);
	if (!s)
		return ER_EIO;
	if (how == ER_REGISTRY_WRITE_TOUCH) {
		sqlite3_bind_text(s, 1, row->subject_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, row->platform, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, row->updated_at);
		return run(reg, s, err);
	}
	bind_status(s, row, grade);
	int st = run(reg, s, err);
	return st ? st : history_add(reg, row, previous, import_id, err);
}

static int
lite_status_add_new(er_registry *reg, const struct er_registry_status *row, int64_t import_id, char *err)
{
	char grade[2];
	sqlite3_stmt *s = stmt(reg, ER_SQL_STATUS_ADD_NEW, err);
	if (!s)
		return ER_EIO;
	bind_status(s, row, grade);
	int st = run(reg, s, err);
	if (st != 0)
		return st;
	if (sqlite3_changes(lite_of(reg)->db) == 0)
		return 0;
	st = history_add(reg, row, 0, import_id, err);
	return st ? st : 1;
}

static int
lite_product_get(er_registry *reg, const char *name, struct er_decide_product *out, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_PRODUCT_GET, err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		out->min_grade = grade_of(s, 0);
		out->min_monthly_repayment = sqlite3_column_double(s, 1);
		out->max_amount = sqlite3_column_double(s, 2);
		out->annual_rate = sqlite3_column_double(s, 3);
		out->term_months = sqlite3_column_int(s, 4);
	}
	int st = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(reg, err);
	sqlite3_reset(s);
	return st;
}

static int
lite_product_write(er_registry *reg, const char *name, const struct er_decide_product *p, int insert, char *err)
{
	sqlite3_stmt *s = stmt(reg, insert ? ER_SQL_PRODUCT_INSERT : ER_SQL_PRODUCT_UPDATE, err);
	if (!s)
		return ER_EIO;
	char grade[2] = {er_grade_char(p->min_grade), '\0'};
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, grade, 1, SQLITE_STATIC);
	sqlite3_bind_double(s, 3, p->min_monthly_repayment);
	sqlite3_bind_double(s, 4, p->max_amount);
	sqlite3_bind_double(s, 5, p->annual_rate);
	sqlite3_bind_int(s, 6, p->term_months);
	return run(reg, s, err);
}

/* Prepares SQL for a walk; NULL with ERR on failure. */
static sqlite3_stmt *
walk_prepare(er_registry *reg, const char *sql, char *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(lite_of(reg)->db, sql, -1, &s, NULL) != SQLITE_OK) {
		fail(reg, err);
		return NULL;
	}
	return s;
}

/* Ends a walk: the callback's result, ER_EIO when the step failed, else 0. */
static int
walk_end(er_registry *reg, sqlite3_stmt *s, int rc, int cb, char *err)
{
	int st = cb ? cb : rc != SQLITE_DONE ? fail(reg, err) : 0;
	sqlite3_finalize(s);
	return st;
}

static void
status_row(sqlite3_stmt *s, struct er_registry_status *row)
{
	row->subject_id = (const char *)sqlite3_column_text(s, 0);
	row->platform = (const char *)sqlite3_column_text(s, 1);
	row->status = state_of(s, 2);
	row->grade = grade_of(s, 3);
	row->monthly_repayment = number_of(s, 4);
	row->updated_at = sqlite3_column_int64(s, 5);
}

/* Steps S, handing each status row to FN until it returns non-zero (into *CB). Returns the
 * last sqlite3_step code, for walk_end or the caller's check. */
static int
status_rows(sqlite3_stmt *s, er_registry_status_fn fn, void *ctx, int *cb)
{
	int rc = SQLITE_DONE;
	struct er_registry_status row;
	while (*cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		status_row(s, &row);
		*cb = fn(ctx, &row);
	}
	return rc;
}

static int
lite_each_status(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err)
{
	sqlite3_stmt *s =
		walk_prepare(reg, lite_of(reg)->sql[asof == INT64_MAX ? ER_SQL_STATUS_NOW : ER_SQL_STATUS_ASOF], err);
	if (!s)
		return ER_EIO;
	if (asof != INT64_MAX)
		sqlite3_bind_int64(s, 1, asof);
	int cb = 0, rc = status_rows(s, fn, ctx, &cb);
	return walk_end(reg, s, rc, cb, err);
}

static int
lite_each_status_of(er_registry *reg, const char *subject, er_registry_status_fn fn, void *ctx, char *err)
{
	sqlite3_stmt *s = stmt(reg, ER_SQL_STATUS_OF, err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
	int cb = 0, rc = status_rows(s, fn, ctx, &cb);
	int st = cb ? cb : rc != SQLITE_DONE ? fail(reg, err) : 0;
	sqlite3_reset(s);
	return st;
}

static int
lite_begin_read(er_registry *reg, char *err)
{
	/* Look-ups of random keys touch a page each: mapped, a page is read in place instead of
	 * copied by pread into a cache page malloc'd for it (100,000 look-ups in a 1,000,000-row
	 * registry: 0.9 -> 0.35 s system time). SQLite caps the size at its compile-time limit. */
	int st = exec(reg, "PRAGMA mmap_size = 1099511627776", err);
	/* deferred: the snapshot is taken at the first read and kept until the end, and in WAL
	 * mode it holds no writer back */
	return st ? st : exec(reg, "BEGIN", err);
}

static int
lite_each_history(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err)
{
	sqlite3_stmt *s = walk_prepare(reg, lite_of(reg)->sql[ER_SQL_HISTORY], err);
	if (!s)
		return ER_EIO;
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
	int rc, cb = 0;
	struct er_registry_status row;
	while (cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		status_row(s, &row);
		cb = fn(ctx, &row, state_of(s, 6), sqlite3_column_int64(s, 7));
	}
	return walk_end(reg, s, rc, cb, err);
}

static int
lite_each_product(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err)
{
	sqlite3_stmt *s = walk_prepare(reg, lite_of(reg)->sql[ER_SQL_PRODUCTS], err);
	if (!s)
		return ER_EIO;
	int rc, cb = 0;
	while (cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct er_decide_product p = {.min_grade = grade_of(s, 1),
		                              .min_monthly_repayment = sqlite3_column_double(s, 2),
		                              .max_amount = sqlite3_column_double(s, 3),
		                              .annual_rate = sqlite3_column_double(s, 4),
		                              .term_months = sqlite3_column_int(s, 5)};
		cb = fn(ctx, (const char *)sqlite3_column_text(s, 0), &p);
	}
	return walk_end(reg, s, rc, cb, err);
}

/* Column COL as text, "" for NULL. */
static const char *
text_of(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? (const char *)t : "";
}

static int
lite_each_import(er_registry *reg, er_registry_import_fn fn, void *ctx, char *err)
{
	sqlite3_stmt *s = walk_prepare(reg, lite_of(reg)->sql[ER_SQL_IMPORTS], err);
	if (!s)
		return ER_EIO;
	int rc, cb = 0;
	while (cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct er_registry_import r = {sqlite3_column_int64(s, 0),
		                               text_of(s, 1),
		                               text_of(s, 2),
		                               text_of(s, 3),
		                               text_of(s, 4),
		                               text_of(s, 5),
		                               text_of(s, 6),
		                               sqlite3_column_type(s, 7) != SQLITE_NULL,
		                               0,
		                               0,
		                               0,
		                               0,
		                               0,
		                               0};
		uint64_t *counts[] = {&r.read, &r.inserted, &r.updated, &r.unchanged, &r.older, &r.rejected};
		for (int i = 0; i < 6; i++)
			*counts[i] = (uint64_t)sqlite3_column_int64(s, 7 + i);
		cb = fn(ctx, &r);
	}
	return walk_end(reg, s, rc, cb, err);
}

/* er_pseudonym(ID): ID's pseudonym under the key in the function's user data. */
static void
pseudonym_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
	(void)argc;
	const unsigned char *id = sqlite3_value_text(argv[0]);
	char out[ER_REGISTRY_PSEUDONYM_LEN + 1];
	if (!id)
		sqlite3_result_null(c);
	else if (er_registry_key_pseudonym(sqlite3_user_data(c), (const char *)id, (size_t)sqlite3_value_bytes(argv[0]),
	                                   out) != 0)
		sqlite3_result_error_nomem(c);
	else
		sqlite3_result_text(c, out, ER_REGISTRY_PSEUDONYM_LEN, SQLITE_TRANSIENT);
}

/* The history's indexes, named and with their text, for the set-based rename. */
struct indexes {
	char *name[8], *sql[8];
	size_t n;
};

static void
indexes_free(struct indexes *x)
{
	for (size_t i = 0; i < x->n; i++) {
		sqlite3_free(x->name[i]);
		sqlite3_free(x->sql[i]);
	}
}

static int
indexes_read(er_registry *reg, struct indexes *x, char *err)
{
	sqlite3_stmt *s = walk_prepare(reg,
	                               "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' "
	                               "AND tbl_name = 'status_history' AND sql IS NOT NULL",
	                               err);
	if (!s)
		return ER_EIO;
	int rc, cb = 0;
	while (cb == 0 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (x->n == sizeof x->name / sizeof x->name[0]) {
			cb = er_fail(err, ER_EIO, "registry '%s' has more indexes on its history than expected",
			             reg->name);
			break;
		}
		x->name[x->n] = sqlite3_mprintf("DROP INDEX main.\"%w\"", sqlite3_column_text(s, 0));
		x->sql[x->n] = sqlite3_mprintf("%s", sqlite3_column_text(s, 1));
		x->n++;
		if (!x->name[x->n - 1] || !x->sql[x->n - 1])
			cb = er_fail(err, ER_ENOMEM, "out of memory");
	}
	return walk_end(reg, s, rc, cb, err);
}

/* The history's indexes are dropped while its ids change and made again from their own
 * text (one sort each, not a million random index updates); the status, keyed by the
 * subject, is written anew in key order from a temporary copy of its renamed rows. */
static int
lite_rename_all(er_registry *reg, er_registry_key *key, uint64_t *subjects, char *err)
{
	sqlite3 *db = lite_of(reg)->db;
	sqlite3_stmt *s = walk_prepare(reg, "SELECT count(DISTINCT subject_id) FROM status", err);
	if (!s)
		return ER_EIO;
	int rc = sqlite3_step(s);
	*subjects = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 0;
	int st = walk_end(reg, s, rc == SQLITE_ROW ? SQLITE_DONE : rc, 0, err);
	struct indexes x = {{NULL}, {NULL}, 0};
	if (st == 0)
		st = indexes_read(reg, &x, err);
	if (st == 0 &&
	    sqlite3_create_function(db, "er_pseudonym", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, key, pseudonym_fn, NULL,
	                            NULL) != SQLITE_OK)
		st = fail(reg, err);
	for (size_t i = 0; st == 0 && i < x.n; i++)
		st = exec(reg, x.name[i], err);
	if (st == 0)
		st = exec(reg,
		          "UPDATE status_history SET subject_id = er_pseudonym(subject_id);"
		          "CREATE TEMP TABLE er_renamed AS SELECT er_pseudonym(subject_id) AS subject_id, platform, "
		          "status, platform_grade, monthly_repayment, updated_at FROM status;"
		          "DELETE FROM status;"
		          "INSERT INTO status (subject_id, platform, status, platform_grade, monthly_repayment, "
		          "updated_at) SELECT * FROM temp.er_renamed ORDER BY subject_id, platform;"
		          "DROP TABLE temp.er_renamed",
		          err);
	for (size_t i = 0; st == 0 && i < x.n; i++)
		st = exec(reg, x.sql[i], err);
	indexes_free(&x);
	/* the key may be freed before the connection is */
	sqlite3_create_function(db, "er_pseudonym", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	return st;
}

static void
lite_close(er_registry *reg)
{
	struct lite *l = lite_of(reg);
	if (!l)
		return;
	for (int i = 0; i < ER_SQL_COUNT; i++) {
		sqlite3_finalize(l->stmt[i]);
		free(l->sql[i]);
	}
	sqlite3_close(l->db);
	free(l);
	reg->impl = NULL;
}

static const struct er_registry_ops lite_ops = {
	.schema_version = lite_schema_version,
	.schema_step = lite_schema_step,
	.begin = lite_begin,
	.commit = lite_commit,
	.rollback = lite_rollback,
	.meta_get = lite_meta_get,
	.meta_set = lite_meta_set,
	.writer = lite_writer,
	.import_reserve = lite_import_reserve,
	.import_record = lite_import_record,
	.each_import = lite_each_import,
	.rename_subject = lite_rename_subject,
	.rename_all = lite_rename_all,
	.compact = lite_compact,
	.platform_roles = lite_platform_roles,
	.status_get = lite_status_get,
	.status_write = lite_status_write,
	.status_add_new = lite_status_add_new,
	.product_get = lite_product_get,
	.product_write = lite_product_write,
	.each_status = lite_each_status,
	.each_status_of = lite_each_status_of,
	.begin_read = lite_begin_read,
	.each_history = lite_each_history,
	.each_product = lite_each_product,
	.close = lite_close,
};

int
er_registry_sqlite_open(er_registry *reg, const char *path, int create, char *err)
{
	if (!create && access(path, F_OK) != 0 && errno == ENOENT)
		return er_fail(err, ER_EIO, "no registry '%s' (create it with er-registry init)", path);
	/* Memory statistics cost a global mutex per allocation; nothing here reads them. The
	 * call fails harmlessly once SQLite is initialised. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	struct lite *l = calloc(1, sizeof *l);
	if (!l)
		return er_fail(err, ER_ENOMEM, "out of memory");
	reg->impl = l;
	reg->ops = &lite_ops;
	for (int i = 0; i < ER_SQL_COUNT; i++)
		if (!(l->sql[i] = er_registry_sql(ER_SQL_SQLITE, i))) {
			lite_close(reg);
			return er_fail(err, ER_ENOMEM, "out of memory");
		}
	/* The registry holds who borrows where: a new one is readable by its owner only (SQLite
	 * gives its -wal and -shm files the same mode). */
	if (create) {
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
	/* One connection per process, used by one thread: no mutexes needed. */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK) {
		int st = l->db ? er_fail(err, ER_EIO, "cannot open registry '%s': %s", path, sqlite3_errmsg(l->db))
			       : er_fail(err, ER_ENOMEM, "out of memory");
		lite_close(reg);
		return st;
	}
	/* Whoever may write the file may rewrite any platform's rows: refused. */
	struct stat st_file;
	if (stat(path, &st_file) == 0 && (st_file.st_mode & 022)) {
		lite_close(reg);
		return er_fail(err, ER_EIO, "registry '%s' is writable by group or others (chmod go-w '%s')", path,
		               path);
	}
	sqlite3_extended_result_codes(l->db, 1);
	sqlite3_busy_timeout(l->db, reg->busy_ms);
	/* WAL: readers (export, er-decide) see the last commit while an import runs. FULL
	 * makes a commit durable; one commit per import keeps that cheap. The larger page
	 * cache spares re-reading index pages during big imports. */
	/* A new file takes 32 KiB pages (an existing one keeps its own): a bulk import writes
	 * each page to the WAL and again at the checkpoint, one system call each, and with
	 * SQLite's 4 KiB default those calls and the B-tree's deeper levels were a third of
	 * an import of a million rows. Point lookups do not suffer (the pages are in the OS
	 * cache); a small import into a large registry writes more bytes per changed page. */
	int st = exec(reg, "PRAGMA page_size = " PAGE_SIZE_TEXT, err);
	if (st == 0)
		st = exec(reg, "PRAGMA journal_mode = WAL", err);
	if (st == 0)
		st = exec(reg, "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536", err);
	/* The schema's CHECKs hold by construction on this connection: states and grades are
	 * written from their enums' names and a repayment is checked >= 0 before it gets here.
	 * SQLite evaluates each CHECK's IN list (more than two words) by building a temporary
	 * B-tree on every INSERT and UPDATE, which was most of an import's instructions. Other
	 * connections (the sqlite3 shell, older tools) still have the CHECKs applied. */
	if (st == 0)
		st = exec(reg, "PRAGMA ignore_check_constraints = ON", err);
	if (st != 0) {
		lite_close(reg);
		return st;
	}
	return 0;
}

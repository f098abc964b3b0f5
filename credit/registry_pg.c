/* registry_pg: the registry on a PostgreSQL server, for platforms that share one. Writers
 * queue on a transaction-scoped advisory lock (waiting up to the busy time through
 * lock_timeout), so imports are serialised exactly as with SQLite's write lock. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <postgresql/libpq-fe.h>

#include "lib/err.h"
#include "lib/num.h"
#include "credit/registry_backend.h"
#include "credit/registry_row.h"
#include "credit/registry_sql.h"

/* The advisory lock every writer of the registry takes ("er" in ASCII, then 1). */
#define WRITER_LOCK "1701969921"

/* The same schema as registry_sqlite.c; keys collate bytewise ("C") so exports sort alike. */
static const char *const schema_steps[ER_REGISTRY_SCHEMA + 1] = {
	NULL,
	"CREATE TABLE er_registry_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE imports (id BIGSERIAL PRIMARY KEY, platform TEXT NOT NULL, source TEXT NOT NULL,"
	" imported_at TEXT NOT NULL);"
	"CREATE TABLE status (subject_id TEXT COLLATE \"C\" NOT NULL, platform TEXT COLLATE \"C\" NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('applying', 'active', 'closed', 'defaulted')),"
	" platform_grade TEXT CHECK (platform_grade IN ('A', 'B', 'C', 'D')),"
	" monthly_repayment DOUBLE PRECISION CHECK (monthly_repayment >= 0), updated_at BIGINT NOT NULL,"
	" PRIMARY KEY (subject_id, platform));"
	"CREATE TABLE status_history (id BIGSERIAL PRIMARY KEY, subject_id TEXT COLLATE \"C\" NOT NULL,"
	" platform TEXT COLLATE \"C\" NOT NULL, status TEXT NOT NULL, platform_grade TEXT,"
	" monthly_repayment DOUBLE PRECISION, updated_at BIGINT NOT NULL, previous_status TEXT,"
	" import_id BIGINT NOT NULL REFERENCES imports (id));"
	"CREATE INDEX status_history_key ON status_history (subject_id, platform, updated_at);",
	"CREATE TABLE products (product TEXT COLLATE \"C\" PRIMARY KEY,"
	" min_grade TEXT NOT NULL CHECK (min_grade IN ('A', 'B', 'C', 'D')),"
	" min_monthly_repayment DOUBLE PRECISION NOT NULL, max_amount DOUBLE PRECISION NOT NULL,"
	" annual_rate DOUBLE PRECISION NOT NULL, term_months INTEGER NOT NULL, updated_at TEXT NOT NULL);",
};

struct pg {
	PGconn *conn;
	char *sql[ER_SQL_COUNT];
	unsigned prepared; /* bit per enum er_registry_sql_id */
};

static PGconn *
conn_of(er_registry *reg)
{
	return ((struct pg *)reg->impl)->conn;
}

/* The first line of libpq's message. */
static void
first_line(char *buf, size_t size, const char *msg)
{
	snprintf(buf, size, "%s", msg ? msg : "unknown error");
	buf[strcspn(buf, "\n")] = '\0';
}

/* ER_EIO with ERR for the failed result RES (NULL: the connection's error); clears RES. */
static int
fail(er_registry *reg, PGresult *res, char *err)
{
	char msg[ER_ERRLEN / 2];
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	first_line(msg, sizeof msg, res ? PQresultErrorMessage(res) : PQerrorMessage(conn_of(reg)));
	if (!*msg)
		first_line(msg, sizeof msg, PQerrorMessage(conn_of(reg)));
	int locked = state && strcmp(state, "55P03") == 0; /* lock_not_available */
	PQclear(res);
	if (locked)
		return er_fail(err, ER_EIO, "registry '%s' is locked by another writer (waited %d ms)", reg->name,
		               reg->busy_ms);
	return er_fail(err, ER_EIO, "cannot use registry '%s': %s", reg->name, msg);
}

/* Runs SQL without parameters; 0 or ER_EIO. */
static int
exec(er_registry *reg, const char *sql, char *err)
{
	PGresult *res = PQexec(conn_of(reg), sql);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
		return fail(reg, res, err);
	PQclear(res);
	return 0;
}

/* Runs prepared statement ID with N text parameters (NULL for SQL NULL). Returns the result
 * (the caller clears it) or NULL with ERR. */
static PGresult *
run(er_registry *reg, enum er_registry_sql_id id, int n, const char *const *params, char *err)
{
	struct pg *p = reg->impl;
	char name[16];
	snprintf(name, sizeof name, "er%d", (int)id);
	if (!(p->prepared & (1u << id))) {
		PGresult *res = PQprepare(p->conn, name, p->sql[id], 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fail(reg, res, err);
			return NULL;
		}
		PQclear(res);
		p->prepared |= 1u << id;
	}
	PGresult *res = PQexecPrepared(p->conn, name, n, params, NULL, NULL, 0);
	ExecStatusType s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		fail(reg, res, err);
		return NULL;
	}
	return res;
}

static int
run_done(er_registry *reg, enum er_registry_sql_id id, int n, const char *const *params, char *err)
{
	PGresult *res = run(reg, id, n, params, err);
	if (!res)
		return ER_EIO;
	PQclear(res);
	return 0;
}

static int
pg_schema_version(er_registry *reg, int *version, char *err)
{
	*version = 0;
	PGresult *res = PQexec(conn_of(reg), "SELECT to_regclass('er_registry_meta') IS NOT NULL");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail(reg, res, err);
	int has_meta = PQntuples(res) == 1 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!has_meta)
		return 0;
	res = PQexec(conn_of(reg), "SELECT value FROM er_registry_meta WHERE key = 'schema_version'");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return fail(reg, res, err);
	char *end = NULL;
	long v = PQntuples(res) == 1 ? strtol(PQgetvalue(res, 0, 0), &end, 10) : -1;
	int bad = !end || *end || v < 1 || v > 1000000;
	PQclear(res);
	if (bad)
		return er_fail(err, ER_EIO, "registry '%s' has no valid schema_version", reg->name);
	*version = (int)v;
	return 0;
}

static int
pg_schema_step(er_registry *reg, int version, char *err)
{
	char sql[160];
	snprintf(sql, sizeof sql,
	         "INSERT INTO er_registry_meta (key, value) VALUES ('schema_version', '%d') "
	         "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
	         version);
	int st = exec(reg, schema_steps[version], err);
	return st ? st : exec(reg, sql, err);
}

static int
pg_begin(er_registry *reg, char *err)
{
	int st = exec(reg, "BEGIN", err);
	if (st == 0 && (st = exec(reg, "SELECT pg_advisory_xact_lock(" WRITER_LOCK ")", err)) != 0)
		exec(reg, "ROLLBACK", err);
	return st;
}

static int
pg_commit(er_registry *reg, char *err)
{
	return exec(reg, "COMMIT", err);
}

static void
pg_rollback(er_registry *reg)
{
	char err[ER_ERRLEN];
	if (PQtransactionStatus(conn_of(reg)) != PQTRANS_IDLE)
		exec(reg, "ROLLBACK", err);
}

static int
pg_import_start(er_registry *reg, const char *platform, const char *source, int64_t *id, char *err)
{
	const char *params[] = {platform, source};
	PGresult *res = run(reg, ER_SQL_IMPORT, 2, params, err);
	if (!res)
		return ER_EIO;
	*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return 0;
}

static int
grade_of(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return -1;
	return er_grade_parse(PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
}

static double
number_of(const PGresult *res, int row, int col)
{
	double v;
	if (PQgetisnull(res, row, col) ||
	    er_num_parse(PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col), &v) != ER_NUM_OK)
		return NAN;
	return v;
}

static int
state_of(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return 0;
	return er_registry_state_parse(PQgetvalue(res, row, col), (size_t)PQgetlength(res, row, col));
}

static int
pg_status_get(er_registry *reg, const char *subject, const char *platform, struct er_registry_stored *out, char *err)
{
	const char *params[] = {subject, platform};
	PGresult *res = run(reg, ER_SQL_STATUS_GET, 2, params, err);
	if (!res)
		return ER_EIO;
	int found = PQntuples(res) > 0;
	if (found) {
		out->status = state_of(res, 0, 0);
		out->grade = grade_of(res, 0, 1);
		out->monthly_repayment = number_of(res, 0, 2);
		out->updated_at = strtoll(PQgetvalue(res, 0, 3), NULL, 10);
	}
	PQclear(res);
	return found;
}

/* Text of a number for a parameter: NULL for NaN (none); 17 digits read back exactly. */
static const char *
number_text(char *buf, size_t size, double v)
{
	if (isnan(v))
		return NULL;
	snprintf(buf, size, "%.17g", v);
	return buf;
}

static int
pg_status_write(er_registry *reg, const struct er_registry_status *row, int how, int previous, int64_t import_id,
                char *err)
{
	char grade[2] = {er_grade_char(row->grade), '\0'}, money[32], when[24], import[24];
	snprintf(when, sizeof when, "%" PRId64, row->updated_at);
	snprintf(import, sizeof import, "%" PRId64, import_id);
	if (how == ER_REGISTRY_WRITE_TOUCH) {
		const char *params[] = {row->subject_id, row->platform, when};
		return run_done(reg, ER_SQL_STATUS_TOUCH, 3, params, err);
	}
	const char *params[] = {row->subject_id,
	                        row->platform,
	                        er_registry_state_name(row->status),
	                        row->grade >= 0 ? grade : NULL,
	                        number_text(money, sizeof money, row->monthly_repayment),
	                        when,
	                        previous ? er_registry_state_name(previous) : NULL,
	                        import};
	int st = run_done(reg, how == ER_REGISTRY_WRITE_INSERT ? ER_SQL_STATUS_INSERT : ER_SQL_STATUS_UPDATE, 6, params,
	                  err);
	return st ? st : run_done(reg, ER_SQL_HISTORY_ADD, 8, params, err);
}

static int
pg_product_get(er_registry *reg, const char *name, struct er_decide_product *out, char *err)
{
	const char *params[] = {name};
	PGresult *res = run(reg, ER_SQL_PRODUCT_GET, 1, params, err);
	if (!res)
		return ER_EIO;
	int found = PQntuples(res) > 0;
	if (found) {
		out->min_grade = grade_of(res, 0, 0);
		out->min_monthly_repayment = number_of(res, 0, 1);
		out->max_amount = number_of(res, 0, 2);
		out->annual_rate = number_of(res, 0, 3);
		out->term_months = atoi(PQgetvalue(res, 0, 4));
	}
	PQclear(res);
	return found;
}

static int
pg_product_write(er_registry *reg, const char *name, const struct er_decide_product *p, int insert, char *err)
{
	char grade[2] = {er_grade_char(p->min_grade), '\0'}, a[32], b[32], c[32], term[16];
	snprintf(term, sizeof term, "%d", p->term_months);
	const char *params[] = {name,
	                        grade,
	                        number_text(a, sizeof a, p->min_monthly_repayment),
	                        number_text(b, sizeof b, p->max_amount),
	                        number_text(c, sizeof c, p->annual_rate),
	                        term};
	return run_done(reg, insert ? ER_SQL_PRODUCT_INSERT : ER_SQL_PRODUCT_UPDATE, 6, params, err);
}

/* Sends SQL with N parameters in single-row mode, so a million rows never sit in memory
 * at once. 0 or ER_EIO. */
static int
walk_send(er_registry *reg, const char *sql, int n, const char *const *params, char *err)
{
	if (!PQsendQueryParams(conn_of(reg), sql, n, NULL, params, NULL, NULL, 0) || !PQsetSingleRowMode(conn_of(reg)))
		return fail(reg, NULL, err);
	return 0;
}

/* The next row of a walk: 1 a row in *RES (the caller clears it), 0 the end, or ER_EIO.
 * After the end or an error the connection is ready for the next query. */
static int
walk_next(er_registry *reg, PGresult **res, char *err)
{
	PGresult *r = PQgetResult(conn_of(reg));
	if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
		*res = r;
		return 1;
	}
	int st = !r || PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : fail(reg, r, err);
	if (st == 0)
		PQclear(r);
	while ((r = PQgetResult(conn_of(reg))) != NULL)
		PQclear(r);
	return st;
}

/* Stops a walk early (a callback said so): drains the rest. */
static void
walk_drain(er_registry *reg)
{
	PGresult *r;
	while ((r = PQgetResult(conn_of(reg))) != NULL)
		PQclear(r);
}

static void
status_row(const PGresult *res, struct er_registry_status *row)
{
	row->subject_id = PQgetvalue(res, 0, 0);
	row->platform = PQgetvalue(res, 0, 1);
	row->status = state_of(res, 0, 2);
	row->grade = grade_of(res, 0, 3);
	row->monthly_repayment = number_of(res, 0, 4);
	row->updated_at = strtoll(PQgetvalue(res, 0, 5), NULL, 10);
}

static int
pg_each_status(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err)
{
	struct pg *p = reg->impl;
	char when[24];
	snprintf(when, sizeof when, "%" PRId64, asof);
	const char *params[] = {when};
	int st = asof == INT64_MAX ? walk_send(reg, p->sql[ER_SQL_STATUS_NOW], 0, NULL, err)
				   : walk_send(reg, p->sql[ER_SQL_STATUS_ASOF], 1, params, err);
	PGresult *res;
	struct er_registry_status row;
	while (st == 0 && (st = walk_next(reg, &res, err)) == 1) {
		status_row(res, &row);
		st = fn(ctx, &row);
		PQclear(res);
		if (st != 0)
			walk_drain(reg);
	}
	return st;
}

static int
pg_each_history(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err)
{
	const char *params[] = {subject};
	int st = walk_send(reg, ((struct pg *)reg->impl)->sql[ER_SQL_HISTORY], 1, params, err);
	PGresult *res;
	struct er_registry_status row;
	while (st == 0 && (st = walk_next(reg, &res, err)) == 1) {
		status_row(res, &row);
		st = fn(ctx, &row, state_of(res, 0, 6), strtoll(PQgetvalue(res, 0, 7), NULL, 10));
		PQclear(res);
		if (st != 0)
			walk_drain(reg);
	}
	return st;
}

static int
pg_each_product(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err)
{
	int st = walk_send(reg, ((struct pg *)reg->impl)->sql[ER_SQL_PRODUCTS], 0, NULL, err);
	PGresult *res;
	while (st == 0 && (st = walk_next(reg, &res, err)) == 1) {
		struct er_decide_product p = {.min_grade = grade_of(res, 0, 1),
		                              .min_monthly_repayment = number_of(res, 0, 2),
		                              .max_amount = number_of(res, 0, 3),
		                              .annual_rate = number_of(res, 0, 4),
		                              .term_months = atoi(PQgetvalue(res, 0, 5))};
		st = fn(ctx, PQgetvalue(res, 0, 0), &p);
		PQclear(res);
		if (st != 0)
			walk_drain(reg);
	}
	return st;
}

static void
pg_close(er_registry *reg)
{
	struct pg *p = reg->impl;
	if (!p)
		return;
	PQfinish(p->conn);
	for (int i = 0; i < ER_SQL_COUNT; i++)
		free(p->sql[i]);
	free(p);
	reg->impl = NULL;
}

static const struct er_registry_ops pg_ops = {pg_schema_version, pg_schema_step,   pg_begin,       pg_commit,
                                              pg_rollback,       pg_import_start,  pg_status_get,  pg_status_write,
                                              pg_product_get,    pg_product_write, pg_each_status, pg_each_history,
                                              pg_each_product,   pg_close};

/* Notices ("relation already exists, skipping") are not errors: dropped. */
static void
quiet_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int
er_registry_pg_open(er_registry *reg, const char *url, char *err)
{
	struct pg *p = calloc(1, sizeof *p);
	if (!p)
		return er_fail(err, ER_ENOMEM, "out of memory");
	reg->impl = p;
	reg->ops = &pg_ops;
	for (int i = 0; i < ER_SQL_COUNT; i++)
		if (!(p->sql[i] = er_registry_sql(ER_SQL_POSTGRESQL, i))) {
			pg_close(reg);
			return er_fail(err, ER_ENOMEM, "out of memory");
		}
	p->conn = PQconnectdb(url);
	if (!p->conn) {
		pg_close(reg);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	if (PQstatus(p->conn) != CONNECTION_OK) {
		char msg[ER_ERRLEN / 2];
		first_line(msg, sizeof msg, PQerrorMessage(p->conn));
		pg_close(reg);
		return er_fail(err, ER_EIO, "cannot connect to registry '%s': %s", reg->name, msg);
	}
	PQsetNoticeProcessor(p->conn, quiet_notice, NULL);
	char sql[96];
	/* lock_timeout bounds the wait for the writer lock, like SQLite's busy timeout. */
	snprintf(sql, sizeof sql, "SET lock_timeout = %d; SET client_encoding = 'UTF8'",
	         reg->busy_ms > 0 ? reg->busy_ms : 1);
	int st = exec(reg, sql, err);
	if (st != 0)
		pg_close(reg);
	return st;
}

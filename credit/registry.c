/* registry: backend choice, schema versions and the upsert rule shared by the backends. */
#include "credit/registry.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/ident.h"
#include "lib/err.h"
#include "lib/vec.h"
#include "credit/registry_backend.h"

static int
is_url(const char *where)
{
	return strncmp(where, "postgresql://", 13) == 0 || strncmp(where, "postgres://", 11) == 0;
}

/* The URL without its password (user:password@ or password=...), so messages never
 * show it. */
static char *
shown_name(const char *where)
{
	char *name = strdup(where);
	if (!name || !is_url(where))
		return name;
	char *host = strstr(name, "://") + 3;
	char *at = strchr(host, '@');
	char *colon = memchr(host, ':', at ? (size_t)(at - host) : 0);
	if (at && colon)
		memmove(colon, at, strlen(at) + 1);
	char *pw = strstr(name, "password=");
	if (pw && (pw[-1] == '?' || pw[-1] == '&')) {
		char *end = pw + 9 + strcspn(pw + 9, "&");
		memmove(pw + 9, end, strlen(end) + 1);
	}
	return name;
}

int
er_registry_open(er_registry **out, const char *where, int create, int busy_ms, char *err)
{
	*out = NULL;
	er_registry *reg = calloc(1, sizeof *reg);
	if (reg)
		reg->name = shown_name(where);
	if (!reg || !reg->name) {
		free(reg);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	reg->busy_ms = busy_ms;
	int st =
		is_url(where) ? er_registry_pg_open(reg, where, err) : er_registry_sqlite_open(reg, where, create, err);
	if (st != 0) {
		free(reg->name);
		free(reg);
		return st;
	}
	*out = reg;
	return 0;
}

const char *
er_registry_name(const er_registry *reg)
{
	return reg->name;
}

int
er_registry_schema_version(er_registry *reg, int *version, char *err)
{
	return reg->ops->schema_version(reg, version, err);
}

int
er_registry_begin(er_registry *reg, char *err)
{
	int st = reg->ops->begin(reg, err);
	if (st == 0)
		reg->in_tx = 1;
	return st;
}

int
er_registry_commit(er_registry *reg, char *err)
{
	int st = reg->ops->commit(reg, err);
	if (st != 0)
		reg->ops->rollback(reg);
	reg->in_tx = 0;
	return st;
}

void
er_registry_rollback(er_registry *reg)
{
	if (reg->in_tx)
		reg->ops->rollback(reg);
	reg->in_tx = 0;
}

int
er_registry_migrate(er_registry *reg, int target, int *from, char *err)
{
	int st = er_registry_begin(reg, err);
	if (st != 0)
		return st;
	/* Read inside the transaction: another init may have migrated meanwhile. */
	st = reg->ops->schema_version(reg, from, err);
	if (st == 0 && *from > target)
		st = er_fail(err, ER_EIO, "registry '%s' has schema version %d, newer than %d (%s)", reg->name, *from,
		             target,
		             *from > ER_REGISTRY_SCHEMA ? "use a newer er-registry" : "a schema is never downgraded");
	for (int v = *from + 1; st == 0 && v <= target; v++)
		st = reg->ops->schema_step(reg, v, err);
	if (st != 0) {
		er_registry_rollback(reg);
		return st;
	}
	return er_registry_commit(reg, err);
}

int
er_registry_check_schema(er_registry *reg, char *err)
{
	int version;
	int st = reg->ops->schema_version(reg, &version, err);
	if (st != 0)
		return st;
	if (version == 0)
		return er_fail(err, ER_EIO, "no registry schema in '%s' (create it with er-registry init)", reg->name);
	if (version < ER_REGISTRY_SCHEMA)
		return er_fail(err, ER_EIO,
		               "registry '%s' has schema version %d, older than %d (migrate it with "
		               "er-registry init)",
		               reg->name, version, ER_REGISTRY_SCHEMA);
	if (version > ER_REGISTRY_SCHEMA)
		return er_fail(err, ER_EIO,
		               "registry '%s' has schema version %d, newer than %d (use a newer er-registry)",
		               reg->name, version, ER_REGISTRY_SCHEMA);
	return 0;
}

int
er_registry_use_key(er_registry *reg, er_registry_key *key, int need, char *err)
{
	char stored[96], mine[64];
	int found = reg->ops->meta_get(reg, ER_REGISTRY_META_KEY, stored, sizeof stored, err);
	if (found < 0 || found > 1)
		return ER_EIO;
	reg->keyed = found;
	reg->key = NULL;
	if (!key) {
		if (found && need)
			return er_fail(err, ER_EIO, "registry '%s' stores pseudonymised subject ids: give its --id-key",
			               reg->name);
		return 0;
	}
	if (!found)
		return er_fail(err, ER_EIO,
		               "registry '%s' stores raw subject ids, not pseudonyms (pseudonymise them with "
		               "er-registry migrate --id-key)",
		               reg->name);
	if (er_registry_key_fingerprint(key, mine, sizeof mine) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	if (strcmp(stored, mine) != 0)
		return er_fail(err, ER_EIO, "id key '%s' is not the key of registry '%s' (its fingerprint is %s)",
		               er_registry_key_name(key), reg->name, stored);
	reg->key = key;
	return 0;
}

int
er_registry_keyed(const er_registry *reg)
{
	return reg->keyed;
}

int
er_registry_subject_key(er_registry *reg, const char *id, size_t len, char *buf, const char **out, char *err)
{
	*out = id;
	if (reg->keyed) {
		if (!reg->key)
			return er_fail(err, ER_EIO, "registry '%s' stores pseudonymised subject ids: give its --id-key",
			               reg->name);
		if (er_registry_key_pseudonym(reg->key, id, len, buf) != 0)
			return er_fail(err, ER_ENOMEM, "out of memory");
		*out = buf;
		return 0;
	}
	/* raw ids are stored in their compared form, so one written with x and X is one row */
	if (len < ER_REGISTRY_SUBJECT_BUF) {
		buf[er_ident_norm_subject(id, len, buf)] = '\0';
		*out = buf;
	}
	return 0;
}

int
er_registry_import_start(er_registry *reg, const char *platform, int64_t *id, char *err)
{
	char actor[128], own[128];
	int st = reg->ops->writer(reg, actor, sizeof actor, own, sizeof own, err);
	if (st != 0)
		return st;
	/* The database's policies would refuse the rows one by one; refusing the word first
	 * leaves nothing half-done and says why. */
	if (platform && *own && strcmp(own, platform) != 0)
		return er_fail(err, ER_EIO, "role '%s' writes platform '%s' only, not '%s' (registry '%s')", actor, own,
		               platform, reg->name);
	return reg->ops->import_reserve(reg, id, err);
}

int
er_registry_import_finish(er_registry *reg, const struct er_registry_import *rec, char *err)
{
	char actor[128], own[128];
	int st = reg->ops->writer(reg, actor, sizeof actor, own, sizeof own, err);
	if (st != 0)
		return st;
	struct er_registry_import r = *rec;
	r.actor = actor;
	return reg->ops->import_record(reg, &r, err);
}

int
er_registry_each_import(er_registry *reg, er_registry_import_fn fn, void *ctx, char *err)
{
	return reg->ops->each_import(reg, fn, ctx, err);
}

/* NaN equals NaN here: both mean "none". */
static int
same_number(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

int
er_registry_put_status(er_registry *reg, const struct er_registry_status *row, int64_t import_id, int *outcome,
                       char *err)
{
	char buf[ER_REGISTRY_SUBJECT_BUF];
	struct er_registry_status r = *row;
	int st = er_registry_subject_key(reg, row->subject_id, strlen(row->subject_id), buf, &r.subject_id, err);
	return st ? st : er_registry_put_stored(reg, &r, import_id, outcome, err);
}

int
er_registry_put_stored(er_registry *reg, const struct er_registry_status *row, int64_t import_id, int *outcome,
                       char *err)
{
	/* Rows of a bulk load are mostly new keys: while they come, one insert that does
	 * nothing on an existing key takes the place of the look-up and the insert. A key
	 * found turns the look-up on again, as a re-import's rows mostly find theirs. */
	if (reg->add_first && reg->ops->status_add_new) {
		int added = reg->ops->status_add_new(reg, row, import_id, err);
		if (added < 0 || added > 1)
			return ER_EIO;
		if (added) {
			*outcome = ER_REGISTRY_INSERTED;
			return 0;
		}
	}
	struct er_registry_stored cur;
	int found = reg->ops->status_get(reg, row->subject_id, row->platform, &cur, err);
	if (found < 0 || found > 1)
		return ER_EIO;
	reg->add_first = !found;
	if (!found) {
		*outcome = ER_REGISTRY_INSERTED;
		return reg->ops->status_write(reg, row, ER_REGISTRY_WRITE_INSERT, 0, import_id, err);
	}
	/* An equal time is not older: the later import wins, as a platform correcting itself. */
	if (row->updated_at < cur.updated_at) {
		*outcome = ER_REGISTRY_OLDER;
		return 0;
	}
	if (cur.status == row->status && cur.grade == row->grade &&
	    same_number(cur.monthly_repayment, row->monthly_repayment)) {
		*outcome = ER_REGISTRY_UNCHANGED;
		if (row->updated_at == cur.updated_at)
			return 0;
		return reg->ops->status_write(reg, row, ER_REGISTRY_WRITE_TOUCH, 0, import_id, err);
	}
	*outcome = ER_REGISTRY_UPDATED;
	return reg->ops->status_write(reg, row, ER_REGISTRY_WRITE_UPDATE, cur.status, import_id, err);
}

int
er_registry_put_product(er_registry *reg, const char *name, const struct er_decide_product *p, int *outcome, char *err)
{
	struct er_decide_product cur;
	int found = reg->ops->product_get(reg, name, &cur, err);
	if (found < 0 || found > 1)
		return ER_EIO;
	if (found && cur.min_grade == p->min_grade && cur.min_monthly_repayment == p->min_monthly_repayment &&
	    cur.max_amount == p->max_amount && cur.annual_rate == p->annual_rate && cur.term_months == p->term_months) {
		*outcome = ER_REGISTRY_UNCHANGED;
		return 0;
	}
	*outcome = found ? ER_REGISTRY_UPDATED : ER_REGISTRY_INSERTED;
	return reg->ops->product_write(reg, name, p, !found, err);
}

int
er_registry_each_status(er_registry *reg, int64_t asof, er_registry_status_fn fn, void *ctx, char *err)
{
	return reg->ops->each_status(reg, asof, fn, ctx, err);
}

int
er_registry_reads_subjects(const er_registry *reg)
{
	return reg->ops->each_status_of != NULL;
}

int
er_registry_begin_read(er_registry *reg, char *err)
{
	int st = reg->ops->begin_read(reg, err);
	if (st == 0)
		reg->in_tx = 1; /* closed by a rollback, which ends a read as well */
	return st;
}

int
er_registry_each_status_of(er_registry *reg, const char *id, size_t len, int stored, er_registry_status_fn fn,
                           void *ctx, char *err)
{
	char buf[ER_REGISTRY_SUBJECT_BUF];
	const char *subject = id;
	int st = stored ? 0 : er_registry_subject_key(reg, id, len, buf, &subject, err);
	if (st != 0)
		return st;
	char *copy = NULL; /* an id too long to be normalised is stored as is: terminate it */
	if (!stored && subject == id && !(subject = copy = strndup(id, len)))
		return er_fail(err, ER_ENOMEM, "out of memory");
	st = reg->ops->each_status_of(reg, subject, fn, ctx, err);
	free(copy);
	return st;
}

int
er_registry_each_history(er_registry *reg, const char *subject, er_registry_history_fn fn, void *ctx, char *err)
{
	char buf[ER_REGISTRY_SUBJECT_BUF];
	int st = er_registry_subject_key(reg, subject, strlen(subject), buf, &subject, err);
	return st ? st : reg->ops->each_history(reg, subject, fn, ctx, err);
}

int
er_registry_each_product(er_registry *reg, er_registry_product_fn fn, void *ctx, char *err)
{
	return reg->ops->each_product(reg, fn, ctx, err);
}

/* The distinct subjects of the status, collected for er_registry_pseudonymise. */
struct subjects {
	char **v;
	size_t n, cap;
	char *err;
};

static int
collect_subject(void *ctx, const struct er_registry_status *row)
{
	struct subjects *s = ctx;
	/* rows come by subject: a repeat is the previous one */
	if (s->n > 0 && strcmp(s->v[s->n - 1], row->subject_id) == 0)
		return 0;
	if (ER_GROW(s->v, s->cap, s->n + 1) < 0 || !(s->v[s->n] = strdup(row->subject_id)))
		return er_fail(s->err, ER_ENOMEM, "out of memory");
	s->n++;
	return 0;
}

/* Within the transaction: every subject renamed to its pseudonym, one at a time (the
 * backends without a set-based rename_all). */
static int
rename_each(er_registry *reg, er_registry_key *key, struct subjects *s, char *err)
{
	/* every subject of the history has a status row (status rows are never deleted) */
	int st = reg->ops->each_status(reg, INT64_MAX, collect_subject, s, err);
	char to[ER_REGISTRY_PSEUDONYM_LEN + 1];
	for (size_t i = 0; st == 0 && i < s->n; i++) {
		if (er_registry_key_pseudonym(key, s->v[i], strlen(s->v[i]), to) != 0)
			return er_fail(err, ER_ENOMEM, "out of memory");
		st = reg->ops->rename_subject(reg, s->v[i], to, err);
	}
	return st;
}

/* Within the transaction: every subject renamed and the key's fingerprint recorded;
 * *RENAMED the distinct subjects. */
static int
rename_all(er_registry *reg, er_registry_key *key, struct subjects *s, uint64_t *renamed, char *err)
{
	int st;
	if (reg->ops->rename_all) {
		st = reg->ops->rename_all(reg, key, renamed, err);
	} else {
		st = rename_each(reg, key, s, err);
		*renamed = s->n;
	}
	char fp[64];
	if (st == 0 && er_registry_key_fingerprint(key, fp, sizeof fp) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	return st ? st : reg->ops->meta_set(reg, ER_REGISTRY_META_KEY, fp, err);
}

int
er_registry_pseudonymise(er_registry *reg, er_registry_key *key, uint64_t *subjects, int *from, char *err)
{
	*subjects = 0;
	int st = er_registry_begin(reg, err);
	if (st != 0)
		return st;
	st = reg->ops->schema_version(reg, from, err);
	if (st == 0 && *from > ER_REGISTRY_SCHEMA)
		st = er_fail(err, ER_EIO,
		             "registry '%s' has schema version %d, newer than %d (use a newer er-registry)", reg->name,
		             *from, ER_REGISTRY_SCHEMA);
	if (st == 0 && *from == 0)
		st = er_fail(err, ER_EIO, "no registry schema in '%s' (create it with er-registry init)", reg->name);
	for (int v = *from + 1; st == 0 && v <= ER_REGISTRY_SCHEMA; v++)
		st = reg->ops->schema_step(reg, v, err);
	char stored[96];
	int found = st ? 0 : reg->ops->meta_get(reg, ER_REGISTRY_META_KEY, stored, sizeof stored, err);
	if (found < 0 || found > 1)
		st = ER_EIO;
	else if (found)
		st = er_fail(err, ER_EIO, "registry '%s' stores pseudonymised subject ids already (key %s)", reg->name,
		             stored);
	struct subjects s = {NULL, 0, 0, err};
	uint64_t renamed = 0;
	if (st == 0)
		st = rename_all(reg, key, &s, &renamed, err);
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	if (st != 0) {
		er_registry_rollback(reg);
		return st;
	}
	if ((st = er_registry_commit(reg, err)) != 0)
		return st;
	*subjects = renamed;
	reg->keyed = 1;
	reg->key = key;
	return reg->ops->compact(reg, err);
}

int
er_registry_platform_roles(er_registry *reg, char *const *platforms, size_t n, char *err)
{
	int st = er_registry_check_schema(reg, err);
	if (st != 0)
		return st;
	if ((st = er_registry_begin(reg, err)) != 0)
		return st;
	if ((st = reg->ops->platform_roles(reg, platforms, n, err)) != 0) {
		er_registry_rollback(reg);
		return st;
	}
	return er_registry_commit(reg, err);
}

void
er_registry_close(er_registry *reg)
{
	if (!reg)
		return;
	er_registry_rollback(reg);
	reg->ops->close(reg);
	free(reg->name);
	free(reg);
}

/* rule: loading, binding and printing rule sets. */
#include "rules/rule.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "rules/rule_text.h"
#include "lib/vec.h"

enum { COL_RULE, COL_INDICATOR, COL_CONDITION, COL_SEVERITY, COL_MESSAGE, COL_GROUP, NCOLS };

static const char *const column_names[NCOLS] = {"rule", "indicator", "condition", "severity", "message", "group"};

enum er_rule_severity
er_rule_severity_parse(const char *name)
{
	if (strcmp(name, "info") == 0)
		return ER_SEV_INFO;
	if (strcmp(name, "warn") == 0)
		return ER_SEV_WARN;
	if (strcmp(name, "fail") == 0)
		return ER_SEV_FAIL;
	return ER_SEV_NONE;
}

const char *
er_rule_severity_name(enum er_rule_severity s)
{
	switch (s) {
	case ER_SEV_INFO: return "info";
	case ER_SEV_WARN: return "warn";
	case ER_SEV_FAIL: return "fail";
	default: return "";
	}
}

/* Strips blanks around S in place (hand-written files put spaces after commas). */
static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

static void
free_rule(struct er_rule *r)
{
	free(r->id);
	free(r->indicator);
	free(r->condition);
	free(r->message);
	free(r->group);
	er_rule_cond_free(r->cond);
}

void
er_rule_set_free(struct er_rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		free_rule(&rs->rules[i]);
	free(rs->rules);
	free(rs->source);
	free(rs);
}

/* Maps a header record to columns. Returns 1 when the record is a header, 0 when it is data,
 * -1 (ERR set) for a header naming an unknown column or missing a required one. */
static int
read_header(char **fields, size_t n, int cols[NCOLS], char *err)
{
	const char *head = n ? trim(fields[0]) : "";
	if (strcasecmp(head, "rule") != 0 && strcasecmp(head, "id") != 0)
		return 0;
	for (int c = 0; c < NCOLS; c++)
		cols[c] = -1;
	for (size_t i = 0; i < n; i++) {
		const char *name = trim(fields[i]);
		int found = -1;
		for (int c = 0; c < NCOLS; c++)
			if (strcasecmp(name, column_names[c]) == 0)
				found = c;
		if (i == 0)
			found = COL_RULE;
		if (found < 0) {
			er_fail(err, ER_EDATA, "unknown column '%s' in the header", name);
			return -1;
		}
		cols[found] = (int)i;
	}
	if (cols[COL_CONDITION] < 0 || cols[COL_SEVERITY] < 0) {
		er_fail(err, ER_EDATA, "the header lacks column '%s'",
		        cols[COL_CONDITION] < 0 ? "condition" : "severity");
		return -1;
	}
	return 1;
}

static char *
dup_field(char **fields, size_t n, int col)
{
	return strdup(col >= 0 && (size_t)col < n ? trim(fields[col]) : "");
}

/* Builds rule R from one record. Returns 0 or a status with ERR set (no location). */
static int
make_rule(struct er_rule *r, char **fields, size_t n, const int cols[NCOLS], char *err)
{
	size_t used = 0;
	for (int c = 0; c < NCOLS; c++)
		if (cols[c] >= 0 && (size_t)cols[c] + 1 > used)
			used = (size_t)cols[c] + 1;
	if (n > used)
		return er_fail(err, ER_EDATA, "too many fields (%zu, at most %zu)", n, used);
	r->id = dup_field(fields, n, cols[COL_RULE]);
	r->indicator = dup_field(fields, n, cols[COL_INDICATOR]);
	r->condition = dup_field(fields, n, cols[COL_CONDITION]);
	r->message = dup_field(fields, n, cols[COL_MESSAGE]);
	r->group = dup_field(fields, n, cols[COL_GROUP]);
	char *sev = dup_field(fields, n, cols[COL_SEVERITY]);
	if (!r->id || !r->indicator || !r->condition || !r->message || !r->group || !sev) {
		free(sev);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	if (!*r->id) {
		free(sev);
		return er_fail(err, ER_EDATA, "empty rule id");
	}
	r->severity = er_rule_severity_parse(sev);
	if (r->severity == ER_SEV_NONE) {
		er_fail(err, ER_EDATA, "bad severity '%s' of rule '%s' (info, warn or fail)", sev, r->id);
		free(sev);
		return ER_EDATA;
	}
	free(sev);
	char cerr[ER_ERRLEN];
	r->cond = er_rule_cond_parse(r->condition, r->indicator, cerr);
	if (!r->cond)
		return er_fail(err, strcmp(cerr, "out of memory") == 0 ? ER_ENOMEM : ER_EDATA,
		               "bad condition of rule '%s': %s", r->id, cerr);
	if (!*r->indicator) {
		free(r->indicator);
		r->indicator = strdup(er_rule_cond_name(r->cond, 0));
		if (!r->indicator)
			return er_fail(err, ER_ENOMEM, "out of memory");
	}
	r->indicator_slot = (size_t)-1;
	return 0;
}

int
er_rule_set_parse(struct er_rule_set **out, const char *text, size_t len, const char *source, char *err)
{
	*out = NULL;
	int status = 0;
	char where[ER_WHERELEN];
	struct er_rule_set *rs = calloc(1, sizeof *rs);
	if (!rs || !(rs->source = strdup(source))) {
		free(rs);
		return er_fail(err, ER_ENOMEM, "out of memory loading rules '%s'", source);
	}
	struct er_rule_text t;
	er_rule_text_init(&t, text, len);
	int cols[NCOLS] = {0, 1, 2, 3, 4, 5};
	size_t cap = 0;
	int first = 1;
	char why[ER_ERRLEN];
	for (;;) {
		int rc = er_rule_text_next(&t, why);
		if (rc == ER_ENOMEM) {
			status = er_fail(err, ER_ENOMEM, "out of memory loading rules '%s'", source);
			goto fail;
		}
		if (rc != 0) {
			status = er_fail(err, ER_EDATA, "%s (file %s, line %lu)", why, source, t.rec_line);
			goto fail;
		}
		if (t.nfields == 0)
			break;
		if (t.nfields == 1 && *trim(t.fields[0]) == '\0')
			continue;
		if (first) {
			first = 0;
			int h = read_header(t.fields, t.nfields, cols, why);
			if (h < 0) {
				status = er_fail(err, ER_EDATA, "%s%s", why,
				                 er_where(where, sizeof where, source, t.rec_line, NULL));
				goto fail;
			}
			if (h == 1)
				continue;
		}
		if (ER_GROW(rs->rules, cap, rs->n + 1) < 0) {
			status = er_fail(err, ER_ENOMEM, "out of memory loading rules '%s'", source);
			goto fail;
		}
		struct er_rule *r = &rs->rules[rs->n++];
		memset(r, 0, sizeof *r);
		r->line = t.rec_line;
		int st = make_rule(r, t.fields, t.nfields, cols, why);
		if (st == 0) {
			for (size_t i = 0; i + 1 < rs->n; i++)
				if (strcmp(rs->rules[i].id, r->id) == 0)
					st = er_fail(why, ER_EDATA, "duplicate rule id '%s' (first on line %lu)", r->id,
					             rs->rules[i].line);
		}
		if (st != 0) {
			status = er_fail(err, st, "%s%s", why, er_where(where, sizeof where, source, t.rec_line, NULL));
			goto fail;
		}
	}
	er_rule_text_free(&t);
	if (rs->n == 0) {
		er_rule_set_free(rs);
		return er_fail(err, ER_EDATA, "no rules in '%s'", source);
	}
	*out = rs;
	return 0;
fail:
	er_rule_text_free(&t);
	er_rule_set_free(rs);
	return status;
}

int
er_rule_set_load(struct er_rule_set **out, const char *path, char *err)
{
	if (strcmp(path, "default") == 0) {
		const char *text = er_rule_default_text();
		return er_rule_set_parse(out, text, strlen(text), "default", err);
	}
	size_t len;
	char *text;
	int st = er_rule_text_read_file(&text, path, &len, err);
	if (st != 0)
		return st;
	st = er_rule_set_parse(out, text, len, path, err);
	free(text);
	return st;
}

int
er_rule_set_bind(struct er_rule_set *rs, er_rule_lookup_fn lookup, void *ctx, int drop_missing, size_t *dropped,
                 char *err)
{
	char where[ER_WHERELEN];
	size_t kept = 0, ndropped = 0;
	for (size_t i = 0; i < rs->n; i++) {
		struct er_rule *r = &rs->rules[i];
		const char *missing = NULL;
		long islot = lookup(r->indicator, ctx);
		if (islot < 0)
			missing = r->indicator;
		else
			r->indicator_slot = (size_t)islot;
		for (size_t k = 0; k < er_rule_cond_nnames(r->cond) && !missing; k++) {
			long slot = lookup(er_rule_cond_name(r->cond, k), ctx);
			if (slot < 0)
				missing = er_rule_cond_name(r->cond, k);
			else
				er_rule_cond_bind(r->cond, k, (size_t)slot);
		}
		if (missing) {
			if (ndropped == 0 || !drop_missing)
				er_fail(err, ER_EDATA, "rule '%s' names indicator '%s' that the input lacks%s", r->id,
				        missing, er_where(where, sizeof where, rs->source, r->line, NULL));
			if (!drop_missing)
				return ER_EDATA;
			ndropped++;
			free_rule(r);
			continue;
		}
		rs->rules[kept++] = *r;
	}
	rs->n = kept;
	if (dropped)
		*dropped = ndropped;
	return 0;
}

char *
er_rule_set_format(const struct er_rule_set *rs)
{
	struct er_buf b = ER_BUF_INIT;
	int bad = er_buf_adds(&b, "rule,indicator,condition,severity,message,group\n");
	for (size_t i = 0; i < rs->n && !bad; i++) {
		const struct er_rule *r = &rs->rules[i];
		bad |= er_rule_text_csv(&b, r->id, 1);
		bad |= er_rule_text_csv(&b, r->indicator, 0);
		bad |= er_rule_text_csv(&b, r->condition, 0);
		bad |= er_rule_text_csv(&b, er_rule_severity_name(r->severity), 0);
		bad |= er_rule_text_csv(&b, r->message, 0);
		bad |= er_rule_text_csv(&b, r->group, 0);
		bad |= er_buf_add(&b, "\n", 1);
	}
	if (bad) {
		er_buf_release(&b);
		return NULL;
	}
	return er_buf_detach(&b, NULL);
}

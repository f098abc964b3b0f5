/* alert_policy: levels from a small table of conditions. */
#include "rules/alert_policy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/vec.h"

static const char *const level_names[] = {"none", "yellow", "orange", "red"};

static const char default_policy[] = "# er-alert built-in policy: level,condition,reason\n"
				     "level,condition,reason\n"
				     "red,fail>=1,a fail rule hit\n"
				     "red,grade==D,grade D\n"
				     "orange,grade==C,grade C\n"
				     "orange,warn>=2,two or more warn rules\n"
				     "yellow,score_change<-30,score fell more than 30 points\n"
				     "yellow,warn==1,one warn rule\n"
				     "# hysteresis: lower or clear an alert at its 3rd clean evaluation in a row\n"
				     "# or after 7 days of clean evaluations; score thresholds widen by 5 points\n"
				     "# for an entity already at their level\n"
				     "lower_after_runs = 3\n"
				     "lower_after_days = 7\n"
				     "dead_band = 5\n";

const char *
er_alert_level_name(int level)
{
	return level >= 0 && level <= ER_LEVEL_RED ? level_names[level] : "";
}

int
er_alert_level_parse(const char *name)
{
	for (int i = 0; i <= ER_LEVEL_RED; i++)
		if (strcmp(name, level_names[i]) == 0)
			return i;
	return -1;
}

const char *
er_alert_policy_default_text(void)
{
	return default_policy;
}

static char *
trimmed_dup(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return strndup(s, n);
}

void
er_alert_policy_free(struct er_alert_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		free(p->lines[i].condition);
		free(p->lines[i].reason);
		er_rule_cond_free(p->lines[i].cond);
	}
	free(p->lines);
	free(p->source);
	free(p);
}

/* Applies the setting "key = value" in TEXT to P. Returns 0 or ER_EDATA with WHY set. */
static int
set_key(struct er_alert_policy *p, const char *text, char *why)
{
	const char *eq = strchr(text, '=');
	size_t klen = (size_t)(eq - text);
	while (klen > 0 && (text[klen - 1] == ' ' || text[klen - 1] == '\t'))
		klen--;
	const char *v = eq + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t vlen = strlen(v);
	while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t' || v[vlen - 1] == '\r'))
		vlen--;
	static const char *const keys[] = {"lower_after_runs", "lower_after_days", "dead_band"};
	int k = -1;
	for (int i = 0; i < 3; i++)
		if (strlen(keys[i]) == klen && memcmp(text, keys[i], klen) == 0)
			k = i;
	if (k < 0)
		return er_fail(why, ER_EDATA, "unknown key '%.*s' (lower_after_runs, lower_after_days or dead_band)",
		               (int)klen, text);
	double x;
	long long n;
	if (k == 2) {
		if (er_num_parse(v, vlen, &x) != ER_NUM_OK || !(x >= 0) || x > 1e9)
			return er_fail(why, ER_EDATA, "bad %s '%.*s' (a number of score points, 0 or more)", keys[k],
			               (int)vlen, v);
		p->dead_band = x;
		return 0;
	}
	if (er_num_parse_int(v, vlen, &n) != ER_NUM_OK || n < (k == 0 ? 1 : 0) || n > 100000)
		return er_fail(why, ER_EDATA, "bad %s '%.*s' (a whole number from %d to 100000)", keys[k], (int)vlen, v,
		               k == 0 ? 1 : 0);
	if (k == 0)
		p->lower_after_runs = (int)n;
	else
		p->lower_after_days = (int)n;
	return 0;
}

/* Fills L from one record. Returns 0 or a status with WHY set (no location). */
static int
make_line(struct er_alert_policy_line *l, char **fields, size_t n, char *why)
{
	if (n < 2 || n > 3)
		return er_fail(why, ER_EDATA, "expected level,condition,reason (%zu fields)", n);
	char *level = trimmed_dup(fields[0]);
	l->condition = trimmed_dup(fields[1]);
	l->reason = trimmed_dup(n > 2 ? fields[2] : "");
	if (!level || !l->condition || !l->reason) {
		free(level);
		return er_fail(why, ER_ENOMEM, "out of memory");
	}
	l->level = er_alert_level_parse(level);
	if (l->level <= ER_LEVEL_NONE) {
		er_fail(why, ER_EDATA, "bad level '%s' (red, orange or yellow)", level);
		free(level);
		return ER_EDATA;
	}
	free(level);
	if (!*l->reason) {
		free(l->reason);
		if (!(l->reason = strdup(l->condition)))
			return er_fail(why, ER_ENOMEM, "out of memory");
	}
	char cerr[ER_ERRLEN];
	l->cond = er_rule_cond_parse(l->condition, NULL, cerr);
	if (!l->cond)
		return er_fail(why, ER_EDATA, "bad condition: %s", cerr);
	return 0;
}

int
er_alert_policy_parse(struct er_alert_policy **out, const char *text, size_t len, const char *source, char *err)
{
	*out = NULL;
	int status = 0;
	char where[ER_WHERELEN];
	struct er_alert_policy *p = calloc(1, sizeof *p);
	if (!p || !(p->source = strdup(source))) {
		free(p);
		return er_fail(err, ER_ENOMEM, "out of memory loading policy '%s'", source);
	}
	p->lower_after_runs = 3;
	p->lower_after_days = 7;
	p->dead_band = 5;
	struct er_rule_text t;
	er_rule_text_init(&t, text, len);
	size_t cap = 0;
	int first = 1;
	char why[ER_ERRLEN];
	for (;;) {
		int rc = er_rule_text_next(&t, why);
		if (rc != 0) {
			status = er_fail(err, rc, "%s%s", rc == ER_ENOMEM ? "out of memory" : why,
			                 er_where(where, sizeof where, source, t.rec_line, NULL));
			goto fail;
		}
		if (t.nfields == 0)
			break;
		if (first) {
			first = 0;
			char *head = trimmed_dup(t.fields[0]);
			int is_header = head && strcasecmp(head, "level") == 0;
			free(head);
			if (is_header)
				continue;
		}
		if (t.nfields == 1 && strchr(t.fields[0], '=')) {
			int st = set_key(p, t.fields[0], why);
			if (st != 0) {
				status = er_fail(err, st, "%s%s", why,
				                 er_where(where, sizeof where, source, t.rec_line, NULL));
				goto fail;
			}
			continue;
		}
		if (ER_GROW(p->lines, cap, p->n + 1) < 0) {
			status = er_fail(err, ER_ENOMEM, "out of memory loading policy '%s'", source);
			goto fail;
		}
		struct er_alert_policy_line *l = &p->lines[p->n++];
		memset(l, 0, sizeof *l);
		l->line = t.rec_line;
		int st = make_line(l, t.fields, t.nfields, why);
		if (st != 0) {
			status = er_fail(err, st, "%s%s", why, er_where(where, sizeof where, source, t.rec_line, NULL));
			goto fail;
		}
	}
	er_rule_text_free(&t);
	*out = p;
	return 0;
fail:
	er_rule_text_free(&t);
	er_alert_policy_free(p);
	return status;
}

int
er_alert_policy_load(struct er_alert_policy **out, const char *path, char *err)
{
	if (!path || strcmp(path, "default") == 0)
		return er_alert_policy_parse(out, default_policy, strlen(default_policy), "default", err);
	size_t len;
	char *text;
	int st = er_rule_text_read_file(&text, path, &len, err);
	if (st != 0)
		return st;
	st = er_alert_policy_parse(out, text, len, path, err);
	free(text);
	return st;
}

int
er_alert_policy_bind(struct er_alert_policy *p, er_rule_lookup_fn lookup, void *ctx, char *err)
{
	char where[ER_WHERELEN];
	for (size_t i = 0; i < p->n; i++) {
		er_rule_cond *c = p->lines[i].cond;
		for (size_t k = 0; k < er_rule_cond_nnames(c); k++) {
			long slot = lookup(er_rule_cond_name(c, k), ctx);
			if (slot < 0)
				return er_fail(err, ER_EDATA, "policy names unknown variable '%s'%s",
				               er_rule_cond_name(c, k),
				               er_where(where, sizeof where, p->source, p->lines[i].line, NULL));
			er_rule_cond_bind(c, k, (size_t)slot);
		}
	}
	return 0;
}

int
er_alert_policy_level(const struct er_alert_policy *p, const struct er_rule_value *values, size_t nvalues,
                      struct er_buf *reasons, char *err)
{
	return er_alert_policy_level_held(p, values, nvalues, ER_LEVEL_NONE, NULL, reasons, err);
}

int
er_alert_policy_level_held(const struct er_alert_policy *p, const struct er_rule_value *values, size_t nvalues,
                           int held_level, const double *band, struct er_buf *reasons, char *err)
{
	int level = ER_LEVEL_NONE;
	unsigned char small[64];
	unsigned char *held = p->n <= sizeof small ? small : malloc(p->n);
	if (!held)
		return -1;
	for (size_t i = 0; i < p->n; i++) {
		const double *b = p->lines[i].level <= held_level ? band : NULL;
		int res = er_rule_cond_eval_band(p->lines[i].cond, values, nvalues, b, err);
		if (res == ER_RULE_BAD) {
			level = -2;
			goto done;
		}
		held[i] = res == ER_RULE_HIT;
		if (res == ER_RULE_HIT && p->lines[i].level > level)
			level = p->lines[i].level;
	}
	for (int lv = ER_LEVEL_RED; reasons && lv > ER_LEVEL_NONE; lv--) {
		for (size_t i = 0; i < p->n; i++) {
			if (!held[i] || p->lines[i].level != lv)
				continue;
			if ((reasons->len && er_buf_adds(reasons, "; ") < 0) ||
			    er_buf_adds(reasons, p->lines[i].reason) < 0) {
				level = -1;
				goto done;
			}
		}
	}
done:
	if (held != small)
		free(held);
	return level;
}

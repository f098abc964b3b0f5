/* screen_spec: the per-variable --breaks and --special of er-screen and er-train. */
#include "model/screen_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/vec.h"

/* The entry of S for VAR (NULL: the global one), made when there is none. NULL when out of
 * memory. */
static struct er_screen_spec *
entry(struct er_screen_specs *s, const char *var, size_t len)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *v = s->v[i].var;
		if (var == NULL ? v == NULL : v != NULL && strlen(v) == len && memcmp(v, var, len) == 0)
			return &s->v[i];
	}
	if (ER_GROW(s->v, s->cap, s->n + 1) < 0)
		return NULL;
	struct er_screen_spec *e = &s->v[s->n];
	memset(e, 0, sizeof *e);
	if (var != NULL && (e->var = strndup(var, len)) == NULL)
		return NULL;
	s->n++;
	return e;
}

/* Splits the comma list TEXT into a copy owned by *COPY and its items. Returns 0 or -1. */
static int
split_copy(const char *text, char **copy, char ***items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if ((*copy = strdup(text)) == NULL || er_cli_split_list(*copy, items, n) != 0) {
		free(*items);
		free(*copy);
		*items = NULL;
		*copy = NULL;
		return -1;
	}
	return 0;
}

/* The first category named twice in groups spec G ("A|B;C", split as er_bin's group_of
 * splits it), copied into DUP (N bytes), or NULL: each category is in one group only. */
static const char *
repeated_category(const char *g, char *dup, size_t n)
{
	for (const char *p = g;; p++) {
		size_t len = strcspn(p, "|;");
		for (const char *q = g; q < p; q++) {
			size_t qlen = strcspn(q, "|;");
			if (qlen == len && memcmp(q, p, len) == 0) {
				snprintf(dup, n, "%.*s", (int)len, p);
				return dup;
			}
			q += qlen;
		}
		p += len;
		if (*p == '\0')
			return NULL;
	}
}

int
er_screen_specs_add_breaks(struct er_screen_specs *s, const char *arg, char *err)
{
	const char *eq = strchr(arg, '=');
	if (eq == NULL || eq == arg || eq[1] == '\0')
		return er_fail(err, ER_EUSAGE, "bad --breaks '%s' (expected VAR=B1,B2,... or VAR=A|B;C)", arg);
	struct er_screen_spec *e = entry(s, arg, (size_t)(eq - arg));
	if (e == NULL)
		return er_fail(err, ER_ENOMEM, "out of memory");
	if (e->breaks != NULL || e->groups != NULL)
		return er_fail(err, ER_EUSAGE, "--breaks given twice for '%s'", e->var);
	const char *val = eq + 1;
	char *copy, **toks;
	size_t nt;
	if (split_copy(val, &copy, &toks, &nt) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	/* numbers make breaks; anything else (or a ';' or '|') names category groups */
	int numeric = strpbrk(val, ";|") == NULL;
	double *v = malloc((nt ? nt : 1) * sizeof *v);
	for (size_t k = 0; numeric && v && k < nt; k++)
		numeric = er_num_parse(toks[k], strlen(toks[k]), &v[k]) == ER_NUM_OK;
	int rc = 0;
	if (v == NULL) {
		rc = er_fail(err, ER_ENOMEM, "out of memory");
	} else if (numeric) {
		for (size_t k = 1; k < nt && !rc; k++)
			if (!(v[k] > v[k - 1]))
				rc = er_fail(err, ER_EUSAGE, "breaks for '%s' must ascend", e->var);
		if (!rc) {
			e->breaks = v;
			e->nbreaks = nt;
			v = NULL;
		}
	} else {
		/* a category in two groups would be binned by whichever comes first, silently */
		char dup[ER_ERRLEN / 2];
		if (repeated_category(val, dup, sizeof dup))
			rc = er_fail(err, ER_EUSAGE, "category '%s' is in two --breaks groups of '%s'", dup, e->var);
		else if ((e->groups = strdup(val)) == NULL)
			rc = er_fail(err, ER_ENOMEM, "out of memory");
	}
	free(v);
	free(toks);
	free(copy);
	return rc;
}

int
er_screen_specs_add_special(struct er_screen_specs *s, const char *arg, char *err)
{
	const char *eq = strchr(arg, '=');
	struct er_screen_spec *e = eq ? entry(s, arg, (size_t)(eq - arg)) : entry(s, NULL, 0);
	if (eq == arg || (eq && eq[1] == '\0'))
		return er_fail(err, ER_EUSAGE, "bad --special '%s' (expected V1,V2,... or VAR=V1,V2,...)", arg);
	if (e == NULL)
		return er_fail(err, ER_ENOMEM, "out of memory");
	char *copy, **toks;
	size_t nt;
	if (split_copy(eq ? eq + 1 : arg, &copy, &toks, &nt) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	size_t cs = e->nspecial_str, cn = e->nspecial_num;
	int rc = 0;
	for (size_t k = 0; k < nt && !rc; k++) {
		double x;
		if (ER_GROW(e->special_str, cs, e->nspecial_str + 1) < 0 ||
		    (e->special_str[e->nspecial_str] = strdup(toks[k])) == NULL) {
			rc = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
		e->nspecial_str++;
		if (er_num_parse(toks[k], strlen(toks[k]), &x) == ER_NUM_OK) {
			if (ER_GROW(e->special_num, cn, e->nspecial_num + 1) < 0)
				rc = er_fail(err, ER_ENOMEM, "out of memory");
			else
				e->special_num[e->nspecial_num++] = x;
		}
	}
	e->has_special = 1;
	free(toks);
	free(copy);
	return rc;
}

int
er_screen_specs_apply(const struct er_screen_specs *s, const char *name, int categorical, struct er_bin_opts *bo,
                      char *err)
{
	const struct er_screen_spec *own = NULL, *global = NULL;
	for (size_t i = 0; s && i < s->n; i++) {
		if (s->v[i].var == NULL)
			global = &s->v[i];
		else if (strcmp(s->v[i].var, name) == 0)
			own = &s->v[i];
	}
	const struct er_screen_spec *sp = own && own->has_special ? own : global;
	if (sp) {
		bo->special_num = sp->special_num;
		bo->nspecial_num = sp->nspecial_num;
		bo->special_str = (const char *const *)sp->special_str;
		bo->nspecial_str = sp->nspecial_str;
	}
	if (own && own->breaks) {
		if (categorical)
			return er_fail(err, ER_EUSAGE, "breaks given for categorical column '%s'", name);
		bo->method = ER_BIN_METHOD_BREAKS;
		bo->breaks = own->breaks;
		bo->nbreaks = own->nbreaks;
	} else if (own && own->groups) {
		if (!categorical)
			return er_fail(err, ER_EUSAGE, "category groups given for numeric column '%s'", name);
		bo->method = ER_BIN_METHOD_BREAKS;
		bo->groups = own->groups;
	}
	return 0;
}

const char *
er_screen_specs_unknown(const struct er_screen_specs *s, const struct er_frame *d)
{
	for (size_t i = 0; s && i < s->n; i++) {
		size_t k = 0;
		if (s->v[i].var == NULL)
			continue;
		while (k < d->ncols && strcmp(d->cols[k].name, s->v[i].var) != 0)
			k++;
		if (k == d->ncols)
			return s->v[i].var;
	}
	return NULL;
}

void
er_screen_specs_free(struct er_screen_specs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct er_screen_spec *e = &s->v[i];
		free(e->var);
		free(e->breaks);
		free(e->groups);
		free(e->special_num);
		for (size_t k = 0; k < e->nspecial_str; k++)
			free(e->special_str[k]);
		free(e->special_str);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

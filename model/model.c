/* model: writing, checking and reading the model file. */
#include "model/model.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/vec.h"
#include "lib/hash.h"
#include "lib/num.h"

static const char *const method_names[] = {"scorecard", "gbdt", "ensemble"};
static const char *const kind_names[] = {"range", "category", "other", "special", "missing"};

const char *
er_model_method_name(enum er_model_method method)
{
	return (unsigned)method < 3 ? method_names[method] : "?";
}

char
er_model_grade(const struct er_model *m, double score)
{
	for (int g = 0; g < 3; g++)
		if (score >= m->cuts[g])
			return (char)('A' + g);
	return 'D';
}

double
er_model_worst_points(const struct er_model_feature *f)
{
	double lo = f->best_points;
	for (size_t k = 0; k < f->var.nbins; k++)
		if (f->points[k] < lo)
			lo = f->points[k];
	return lo;
}

void
er_model_set_best_points(struct er_model *m)
{
	for (size_t j = 0; j < m->nfeat; j++) {
		struct er_model_feature *f = &m->feat[j];
		f->best_points = 0;
		for (size_t k = 0; k < f->var.nbins; k++)
			if (k == 0 || f->points[k] > f->best_points)
				f->best_points = f->points[k];
	}
}

int
er_model_add_summary(struct er_model *m, const char *key, const char *value)
{
	if (ER_GROW(m->summary, m->summary_cap, m->nsummary + 1) < 0)
		return ER_ENOMEM;
	struct er_model_summary *s = m->summary;
	s[m->nsummary].key = strdup(key);
	s[m->nsummary].value = strdup(value);
	if (!s[m->nsummary].key || !s[m->nsummary].value) {
		free(s[m->nsummary].key);
		free(s[m->nsummary].value);
		return ER_ENOMEM;
	}
	m->nsummary++;
	return 0;
}

void
er_model_free(struct er_model *m)
{
	if (!m)
		return;
	free(m->id_col);
	for (size_t i = 0; i < m->nmod; i++)
		free(m->mod[i].name);
	free(m->mod);
	for (size_t j = 0; j < m->nfeat; j++) {
		er_bin_var_free(&m->feat[j].var);
		free(m->feat[j].points);
		free(m->feat[j].module_points);
	}
	free(m->feat);
	er_gbdt_free(&m->gbdt);
	er_calib_free(&m->calib);
	for (size_t i = 0; i < m->nsummary; i++) {
		free(m->summary[i].key);
		free(m->summary[i].value);
	}
	free(m->summary);
	memset(m, 0, sizeof *m);
}

/* ---- writing ---- */

struct out {
	char *p;
	size_t len, cap;
	int oom;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->oom)
		return;
	if (ER_GROW(o->p, o->cap, o->len + n + 1) < 0) {
		o->oom = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
put_s(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A field: tab first, then the text with tab, newline, CR and backslash escaped. */
static void
put_field(struct out *o, const char *s)
{
	put(o, "\t", 1);
	for (const char *run = s;; s++) {
		const char *esc = NULL;
		switch (*s) {
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\\': esc = "\\\\"; break;
		default: break;
		}
		if (esc || !*s) {
			put(o, run, (size_t)(s - run));
			if (!*s)
				return;
			put(o, esc, 2);
			run = s + 1;
		}
	}
}

static void
put_num(struct out *o, double v)
{
	char buf[ER_NUM_BUFLEN];
	if (isinf(v)) {
		put_s(o, v > 0 ? "\tinf" : "\t-inf");
		return;
	}
	er_num_format(buf, v);
	put(o, "\t", 1);
	put_s(o, buf);
}

static int
float_round_trips(char *buf, size_t size, int prec, float v)
{
	snprintf(buf, size, "%.*g", prec, (double)v);
	return strtof(buf, NULL) == v;
}

/* The shortest text that reads back to the same float: 9 significant digits always do, and
 * if p digits do so do p + 1, so two tries of the four find it. */
static void
put_float(struct out *o, float v)
{
	char buf[32];
	if (float_round_trips(buf, sizeof buf, 7, v)) {
		if (!float_round_trips(buf, sizeof buf, 6, v))
			float_round_trips(buf, sizeof buf, 7, v);
	} else if (!float_round_trips(buf, sizeof buf, 8, v)) {
		snprintf(buf, sizeof buf, "%.9g", (double)v);
	}
	put(o, "\t", 1);
	put_s(o, buf);
}

/* A tree node's mean as put_num writes it (er_num_format's shortest round trip), in at most
 * two tries instead of three: the trees hold most of a model's numbers. */
static void
put_mean(struct out *o, double v)
{
	char buf[ER_NUM_BUFLEN];
	if (!isfinite(v) || v == floor(v) || fabs(v) < DBL_MIN) {
		put_num(o, v);
		return;
	}
	snprintf(buf, sizeof buf, "%.16g", v);
	if (strtod(buf, NULL) == v) {
		char shorter[ER_NUM_BUFLEN];
		snprintf(shorter, sizeof shorter, "%.15g", v);
		if (strtod(shorter, NULL) == v)
			memcpy(buf, shorter, sizeof buf);
	} else {
		snprintf(buf, sizeof buf, "%.17g", v);
	}
	put(o, "\t", 1);
	put_s(o, buf);
}

static void
put_int(struct out *o, long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "\t%lld", v);
	put_s(o, buf);
}

static void
end_line(struct out *o)
{
	put(o, "\n", 1);
}

int
er_model_write(const struct er_model *m, char **buf, size_t *len, char *err)
{
	struct out o = {0};
	*buf = NULL;
	*len = 0;
	put_s(&o, "er-model");
	put_int(&o, ER_MODEL_VERSION);
	end_line(&o);
	put_s(&o, "method");
	put_field(&o, er_model_method_name(m->method));
	end_line(&o);
	put_s(&o, "id");
	put_field(&o, m->id_col);
	end_line(&o);
	put_s(&o, "scaling");
	put_num(&o, m->scaling.base_points);
	put_num(&o, m->scaling.base_odds);
	put_num(&o, m->scaling.pdo);
	end_line(&o);
	put_s(&o, "blend");
	put_num(&o, m->blend);
	end_line(&o);
	put_s(&o, "grades");
	for (int g = 0; g < 3; g++)
		put_num(&o, m->cuts[g]);
	end_line(&o);
	if (m->calib.n) {
		put_s(&o, "calibration");
		put_int(&o, (long long)m->calib.n);
		end_line(&o);
		for (size_t k = 0; k < m->calib.n; k++) {
			put_s(&o, "knot");
			put_num(&o, m->calib.x[k]);
			put_num(&o, m->calib.pd[k]);
			end_line(&o);
		}
	}
	put_s(&o, "scorecard");
	put_num(&o, m->sc_intercept);
	put_num(&o, m->sc_base_points);
	end_line(&o);
	put_s(&o, "modules");
	put_int(&o, (long long)m->nmod);
	end_line(&o);
	for (size_t i = 0; i < m->nmod; i++) {
		put_s(&o, "module");
		put_field(&o, m->mod[i].name);
		put_num(&o, m->mod[i].intercept);
		put_num(&o, m->mod[i].weight);
		put_num(&o, m->mod[i].base_points);
		end_line(&o);
	}
	put_s(&o, "features");
	put_int(&o, (long long)m->nfeat);
	end_line(&o);
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_model_feature *f = &m->feat[j];
		char dir[2] = {f->direction, 0};
		put_s(&o, "feature");
		put_field(&o, f->var.name);
		put_int(&o, (long long)f->module);
		put_field(&o, dir);
		put_field(&o, f->var.type == ER_BIN_CATEGORICAL ? "categorical" : "numeric");
		put_int(&o, f->in_scorecard);
		put_num(&o, f->coef);
		put_int(&o, f->gbdt_col);
		put_int(&o, (long long)f->var.nbins);
		end_line(&o);
		for (size_t k = 0; k < f->var.nbins; k++) {
			const struct er_bin *b = &f->var.bins[k];
			put_s(&o, "bin");
			put_field(&o, kind_names[b->kind]);
			put_num(&o, b->lo);
			put_num(&o, b->hi);
			put_num(&o, b->good);
			put_num(&o, b->bad);
			put_num(&o, b->woe);
			put_num(&o, f->points[k]);
			put_num(&o, f->module_points[k]);
			put_field(&o, b->label ? b->label : "");
			for (size_t c = 0; c < b->ncats; c++)
				put_field(&o, b->cats[c]);
			end_line(&o);
		}
	}
	const struct er_gbdt *g = &m->gbdt;
	put_s(&o, "gbdt");
	put_int(&o, (long long)g->ncols);
	put_int(&o, (long long)g->ntrees);
	put_num(&o, g->base_margin);
	end_line(&o);
	for (size_t t = 0; t < g->ntrees; t++) {
		size_t b = g->tree_start[t], e = g->tree_start[t + 1];
		put_s(&o, "tree");
		put_int(&o, (long long)(e - b));
		end_line(&o);
		for (size_t i = b; i < e; i++) {
			const struct er_gbdt_node *nd = &g->nodes[i];
			put_s(&o, "node");
			put_int(&o, nd->left);
			put_int(&o, nd->right);
			put_int(&o, nd->feature);
			put_int(&o, nd->default_left);
			put_float(&o, nd->cond);
			put_mean(&o, nd->mean);
			if (g->has_cover)
				put_float(&o, nd->cover);
			end_line(&o);
		}
	}
	for (size_t i = 0; i < m->nsummary; i++) {
		put_s(&o, "summary");
		put_field(&o, m->summary[i].key);
		put_field(&o, m->summary[i].value);
		end_line(&o);
	}
	put_s(&o, "end\n");
	if (o.oom) {
		free(o.p);
		return er_fail(err, ER_ENOMEM, "out of memory writing a model");
	}
	char line[64];
	snprintf(line, sizeof line, "checksum\t%016" PRIx64 "\n", er_hash64(o.p, o.len));
	put_s(&o, line);
	if (o.oom) {
		free(o.p);
		return er_fail(err, ER_ENOMEM, "out of memory writing a model");
	}
	*buf = o.p;
	*len = o.len;
	return 0;
}

/* ---- reading ---- */

/* No limit on a line's fields: a bin may list any number of categories. */
#define MAX_FIELDS SIZE_MAX

struct in {
	char *p, *end; /* the rest of the (mutable copy of the) text */
	const char *name;
	size_t line;
	char **f; /* the current line's fields, grown as needed */
	size_t nf, capf;
	char *err;
};

static int bad(struct in *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
bad(struct in *in, const char *fmt, ...)
{
	char what[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return er_fail(in->err, ER_EIO, "bad model file: %s '%s' (line %zu)", what, in->name, in->line);
}

/* Undoes the field escapes in place. Returns 0, or -1 for a bad escape. */
static int
unescape(char *s)
{
	char *w = s;
	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case '\\': *w++ = '\\'; break;
		default: return -1;
		}
	}
	*w = '\0';
	return 0;
}

/* Reads the next line, which must be record TAG with NMIN..NMAX fields after the tag. */
static int
next(struct in *in, const char *tag, size_t nmin, size_t nmax)
{
	in->line++;
	if (in->p >= in->end)
		return bad(in, "ends early, expected '%s'", tag);
	char *nl = memchr(in->p, '\n', (size_t)(in->end - in->p));
	if (!nl)
		return bad(in, "line without a newline");
	*nl = '\0';
	if (memchr(in->p, '\0', (size_t)(nl - in->p)))
		return bad(in, "NUL byte");
	in->nf = 0;
	for (char *s = in->p;;) {
		char *tab = strchr(s, '\t');
		if (ER_GROW(in->f, in->capf, in->nf + 1) < 0)
			return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
		in->f[in->nf++] = s;
		if (!tab)
			break;
		*tab = '\0';
		s = tab + 1;
	}
	in->p = nl + 1;
	if (strcmp(in->f[0], tag) != 0)
		return bad(in, "expected '%s'", tag);
	if (in->nf - 1 < nmin || in->nf - 1 > nmax)
		return bad(in, "wrong number of fields in '%s'", tag);
	for (size_t i = 1; i < in->nf; i++)
		if (unescape(in->f[i]))
			return bad(in, "bad escape");
	return 0;
}

static int
get_num(struct in *in, size_t i, double *v, int allow_inf)
{
	const char *s = in->f[i];
	/* a bin edge may be absent: missing, special and category bins have none (written empty) */
	if (allow_inf && !*s) {
		*v = NAN;
		return 0;
	}
	if (allow_inf && strcmp(s, "inf") == 0) {
		*v = INFINITY;
		return 0;
	}
	if (allow_inf && strcmp(s, "-inf") == 0) {
		*v = -INFINITY;
		return 0;
	}
	if (er_num_parse(s, strlen(s), v) != ER_NUM_OK)
		return bad(in, "field %zu is not a number", i + 1);
	return 0;
}

static int
get_int(struct in *in, size_t i, long long lo, long long hi, long long *v)
{
	const char *s = in->f[i];
	if (er_num_parse_int(s, strlen(s), v) != ER_NUM_OK || *v < lo || *v > hi)
		return bad(in, "field %zu is not a whole number from %lld to %lld", i + 1, lo, hi);
	return 0;
}

static int
dup_field(struct in *in, size_t i, char **out)
{
	*out = strdup(in->f[i]);
	return *out ? 0 : er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
}

static int
read_bin(struct in *in, struct er_model_feature *f, size_t k)
{
	struct er_bin *b = &f->var.bins[k];
	int rc = next(in, "bin", 9, MAX_FIELDS);
	if (rc)
		return rc;
	int kind = -1;
	for (int i = 0; i < 5; i++)
		if (strcmp(in->f[1], kind_names[i]) == 0)
			kind = i;
	if (kind < 0)
		return bad(in, "unknown bin kind");
	b->kind = (enum er_bin_kind)kind;
	if ((rc = get_num(in, 2, &b->lo, 1)) || (rc = get_num(in, 3, &b->hi, 1)) ||
	    (rc = get_num(in, 4, &b->good, 0)) || (rc = get_num(in, 5, &b->bad, 0)) ||
	    (rc = get_num(in, 6, &b->woe, 0)) || (rc = get_num(in, 7, &f->points[k], 0)) ||
	    (rc = get_num(in, 8, &f->module_points[k], 0)))
		return rc;
	if (b->good < 0 || b->bad < 0)
		return bad(in, "negative count");
	if (b->kind == ER_BIN_RANGE && !(b->lo < b->hi))
		return bad(in, "empty range");
	if (f->var.type == ER_BIN_NUMERIC && (b->kind == ER_BIN_CATS || b->kind == ER_BIN_OTHER))
		return bad(in, "category bin in a numeric indicator");
	if (f->var.type == ER_BIN_CATEGORICAL && b->kind == ER_BIN_RANGE)
		return bad(in, "range bin in a categorical indicator");
	if ((rc = dup_field(in, 9, &b->label)))
		return rc;
	b->ncats = in->nf - 10;
	if (b->ncats) {
		b->cats = calloc(b->ncats, sizeof *b->cats);
		if (!b->cats)
			return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
		for (size_t c = 0; c < b->ncats; c++)
			if ((rc = dup_field(in, 10 + c, &b->cats[c])))
				return rc;
	}
	return 0;
}

/* Range bins must be ascending and cover the line without gaps. */
static int
check_ranges(struct in *in, const struct er_model_feature *f)
{
	double at = -INFINITY;
	int any = 0;
	for (size_t k = 0; k < f->var.nbins; k++) {
		const struct er_bin *b = &f->var.bins[k];
		if (b->kind != ER_BIN_RANGE)
			continue;
		if (b->lo != at)
			return bad(in, "range bins of '%s' leave a gap", f->var.name);
		at = b->hi;
		any = 1;
	}
	if (any && at != INFINITY)
		return bad(in, "range bins of '%s' do not reach +inf", f->var.name);
	if (!any && f->var.type == ER_BIN_NUMERIC && f->var.nbins)
		return bad(in, "numeric indicator '%s' has no range bin", f->var.name);
	return 0;
}

static int
read_feature(struct in *in, struct er_model *m, struct er_model_feature *f)
{
	int rc = next(in, "feature", 8, 8);
	if (rc)
		return rc;
	long long module, in_sc, col, nbins;
	if ((rc = dup_field(in, 1, &f->var.name)))
		return rc;
	if ((rc = get_int(in, 2, 0, (long long)m->nmod - 1, &module)))
		return rc;
	f->module = (size_t)module;
	if (strlen(in->f[3]) != 1 || !strchr("+-?", in->f[3][0]))
		return bad(in, "direction must be +, - or ?");
	f->direction = in->f[3][0];
	if (strcmp(in->f[4], "numeric") == 0)
		f->var.type = ER_BIN_NUMERIC;
	else if (strcmp(in->f[4], "categorical") == 0)
		f->var.type = ER_BIN_CATEGORICAL;
	else
		return bad(in, "type must be numeric or categorical");
	if ((rc = get_int(in, 5, 0, 1, &in_sc)) || (rc = get_num(in, 6, &f->coef, 0)) ||
	    (rc = get_int(in, 7, -1, 1000000, &col)) || (rc = get_int(in, 8, 0, 100000, &nbins)))
		return rc;
	f->in_scorecard = (int)in_sc;
	f->gbdt_col = (long)col;
	if ((f->in_scorecard || f->var.type == ER_BIN_CATEGORICAL) && nbins == 0)
		return bad(in, "indicator '%s' needs bins", f->var.name);
	if (!f->in_scorecard && f->gbdt_col < 0)
		return bad(in, "indicator '%s' is used by no part of the model", f->var.name);
	/* nbins is set once the arrays exist: er_model_free walks nbins of them */
	size_t nb = (size_t)nbins;
	f->var.bins = calloc(nb ? nb : 1, sizeof *f->var.bins);
	f->points = calloc(nb ? nb : 1, sizeof *f->points);
	f->module_points = calloc(nb ? nb : 1, sizeof *f->module_points);
	if (!f->var.bins || !f->points || !f->module_points)
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	f->var.nbins = nb;
	for (size_t k = 0; k < f->var.nbins; k++)
		if ((rc = read_bin(in, f, k)))
			return rc;
	if ((rc = check_ranges(in, f)))
		return rc;
	if (f->var.type == ER_BIN_NUMERIC) {
		size_t nrange = 0, special = 0;
		for (size_t k = 0; k < f->var.nbins; k++) {
			special += f->var.bins[k].kind == ER_BIN_SPECIAL;
			if (f->var.bins[k].kind == ER_BIN_RANGE && nrange == k)
				nrange++;
		}
		f->fast_ranges = special ? 0 : nrange;
	}
	for (size_t k = 0; k < f->var.nbins; k++) {
		f->var.good += f->var.bins[k].good;
		f->var.bad += f->var.bins[k].bad;
	}
	if (f->var.nbins && er_bin_index(&f->var))
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	return 0;
}

static int
read_gbdt(struct in *in, struct er_model *m)
{
	struct er_gbdt *g = &m->gbdt;
	long long ncols, ntrees;
	int rc = next(in, "gbdt", 3, 3);
	if (rc || (rc = get_int(in, 1, 0, 1000000, &ncols)) || (rc = get_int(in, 2, 0, 1000000, &ntrees)) ||
	    (rc = get_num(in, 3, &g->base_margin, 0)))
		return rc;
	g->ncols = (size_t)ncols;
	g->ntrees = (size_t)ntrees;
	g->tree_start = calloc(g->ntrees + 1, sizeof *g->tree_start);
	if (!g->tree_start)
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	size_t cap = 0;
	for (size_t t = 0; t < g->ntrees; t++) {
		long long nn;
		if ((rc = next(in, "tree", 1, 1)) || (rc = get_int(in, 1, 1, 1 << 20, &nn)))
			return rc;
		g->tree_start[t] = g->nnodes;
		size_t old = cap;
		if (ER_GROW(g->nodes, cap, g->nnodes + (size_t)nn) < 0)
			return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
		if (cap > old)
			memset(g->nodes + old, 0, (cap - old) * sizeof *g->nodes);
		for (long long i = 0; i < nn; i++) {
			struct er_gbdt_node *nd = &g->nodes[g->nnodes++];
			long long l, r, f, d;
			double cond;
			if ((rc = next(in, "node", 6, 7)) || (rc = get_int(in, 1, -1, nn - 1, &l)) ||
			    (rc = get_int(in, 2, -1, nn - 1, &r)) || (rc = get_int(in, 3, 0, ncols, &f)) ||
			    (rc = get_int(in, 4, 0, 1, &d)) || (rc = get_num(in, 5, &cond, 0)) ||
			    (rc = get_num(in, 6, &nd->mean, 0)))
				return rc;
			/* a file written before covers were stored has none: its reasons keep the
			 * path rule; covers come on every node or on none */
			int has_cover = in->nf == 8;
			if (g->nnodes == 1)
				g->has_cover = has_cover;
			else if (has_cover != g->has_cover)
				return bad(in, "node cover on some nodes only");
			if (has_cover) {
				double cover;
				if ((rc = get_num(in, 7, &cover, 0)))
					return rc;
				nd->cover = (float)cover;
			}
			nd->left = (int32_t)l;
			nd->right = (int32_t)r;
			nd->feature = (int32_t)f;
			nd->default_left = (int32_t)d;
			nd->cond = (float)cond;
			if ((nd->left < 0) != (nd->right < 0))
				return bad(in, "node with one child");
		}
	}
	g->tree_start[g->ntrees] = g->nnodes;
	char msg[ER_ERRLEN];
	if (g->ntrees && er_gbdt_validate(g, msg))
		return bad(in, "%s", msg);
	return 0;
}

/* The calibration map, when the next line starts one: files written before it have none and
 * still score, their pd the logistic of the score. */
static int
read_calib(struct in *in, struct er_model *m)
{
	static const char tag[] = "calibration\t";
	if ((size_t)(in->end - in->p) < sizeof tag - 1 || memcmp(in->p, tag, sizeof tag - 1) != 0)
		return 0;
	long long nk;
	int rc = next(in, "calibration", 1, 1);
	if (rc || (rc = get_int(in, 1, 1, 10000000, &nk)))
		return rc;
	struct er_calib *c = &m->calib;
	c->x = malloc((size_t)nk * sizeof *c->x);
	c->pd = malloc((size_t)nk * sizeof *c->pd);
	if (!c->x || !c->pd)
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	for (size_t k = 0; k < (size_t)nk; k++) {
		if ((rc = next(in, "knot", 2, 2)) || (rc = get_num(in, 1, &c->x[k], 0)) ||
		    (rc = get_num(in, 2, &c->pd[k], 0)))
			return rc;
		c->n = k + 1;
	}
	c->tail = 1 / m->scaling.factor;
	char msg[ER_ERRLEN];
	if (er_calib_validate(c, msg))
		return bad(in, "%s", msg);
	return 0;
}

static int
check_model(struct in *in, const struct er_model *m)
{
	if (!(m->blend >= 0 && m->blend <= 1))
		return bad(in, "blend weight outside [0,1]");
	if ((m->method == ER_MODEL_SCORECARD && (m->blend != 1 || m->gbdt.ntrees)) ||
	    (m->method == ER_MODEL_GBDT && (m->blend != 0 || !m->gbdt.ntrees)) ||
	    (m->method == ER_MODEL_ENSEMBLE && !m->gbdt.ntrees))
		return bad(in, "parts do not match the method");
	if (!(m->cuts[0] >= m->cuts[1] && m->cuts[1] >= m->cuts[2]))
		return bad(in, "grade cut-offs not descending");
	/* Tree inputs: each column taken by exactly one indicator. */
	size_t used = 0, sc = 0;
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_model_feature *f = &m->feat[j];
		sc += (size_t)f->in_scorecard;
		if (f->gbdt_col < 0)
			continue;
		if ((size_t)f->gbdt_col >= m->gbdt.ncols)
			return bad(in, "tree column of '%s' out of range", f->var.name);
		for (size_t i = 0; i < j; i++)
			if (m->feat[i].gbdt_col == f->gbdt_col)
				return bad(in, "two indicators share tree column %ld", f->gbdt_col);
		used++;
	}
	if (used != m->gbdt.ncols)
		return bad(in, "tree columns do not match the indicators");
	if (m->method != ER_MODEL_GBDT && sc == 0)
		return bad(in, "a scorecard with no indicator");
	return 0;
}

static int
parse(struct in *in, struct er_model *m)
{
	long long v;
	int rc;
	if ((rc = next(in, "er-model", 1, 1)))
		return rc;
	if (er_num_parse_int(in->f[1], strlen(in->f[1]), &v) != ER_NUM_OK || v != ER_MODEL_VERSION)
		return bad(in, "version %s is not %d: retrain the model with this er-train", in->f[1],
		           ER_MODEL_VERSION);
	if ((rc = next(in, "method", 1, 1)))
		return rc;
	int method = -1;
	for (int i = 0; i < 3; i++)
		if (strcmp(in->f[1], method_names[i]) == 0)
			method = i;
	if (method < 0)
		return bad(in, "unknown method");
	m->method = (enum er_model_method)method;
	if ((rc = next(in, "id", 1, 1)) || (rc = dup_field(in, 1, &m->id_col)))
		return rc;
	double bp, odds, pdo;
	if ((rc = next(in, "scaling", 3, 3)) || (rc = get_num(in, 1, &bp, 0)) || (rc = get_num(in, 2, &odds, 0)) ||
	    (rc = get_num(in, 3, &pdo, 0)))
		return rc;
	char msg[ER_ERRLEN];
	if (er_scaling_init(&m->scaling, bp, odds, pdo, msg))
		return bad(in, "%s", msg);
	if ((rc = next(in, "blend", 1, 1)) || (rc = get_num(in, 1, &m->blend, 0)))
		return rc;
	if ((rc = next(in, "grades", 3, 3)) || (rc = get_num(in, 1, &m->cuts[0], 0)) ||
	    (rc = get_num(in, 2, &m->cuts[1], 0)) || (rc = get_num(in, 3, &m->cuts[2], 0)))
		return rc;
	if ((rc = read_calib(in, m)))
		return rc;
	if ((rc = next(in, "scorecard", 2, 2)) || (rc = get_num(in, 1, &m->sc_intercept, 0)) ||
	    (rc = get_num(in, 2, &m->sc_base_points, 0)))
		return rc;
	if ((rc = next(in, "modules", 1, 1)) || (rc = get_int(in, 1, 1, 100000, &v)))
		return rc;
	m->mod = calloc((size_t)v, sizeof *m->mod);
	if (!m->mod)
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	m->nmod = (size_t)v;
	for (size_t i = 0; i < m->nmod; i++) {
		struct er_model_module *mo = &m->mod[i];
		if ((rc = next(in, "module", 4, 4)) || (rc = dup_field(in, 1, &mo->name)) ||
		    (rc = get_num(in, 2, &mo->intercept, 0)) || (rc = get_num(in, 3, &mo->weight, 0)) ||
		    (rc = get_num(in, 4, &mo->base_points, 0)))
			return rc;
	}
	if ((rc = next(in, "features", 1, 1)) || (rc = get_int(in, 1, 1, 1000000, &v)))
		return rc;
	m->feat = calloc((size_t)v, sizeof *m->feat);
	if (!m->feat)
		return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	for (size_t j = 0; j < (size_t)v; j++) {
		m->nfeat++;
		if ((rc = read_feature(in, m, &m->feat[j])))
			return rc;
		for (size_t i = 0; i < j; i++)
			if (strcmp(m->feat[i].var.name, m->feat[j].var.name) == 0)
				return bad(in, "indicator '%s' twice", m->feat[j].var.name);
	}
	if ((rc = read_gbdt(in, m)))
		return rc;
	for (;;) {
		if (in->p < in->end && strncmp(in->p, "end\n", 4) == 0) {
			in->line++;
			in->p += 4;
			break;
		}
		if ((rc = next(in, "summary", 2, 2)))
			return rc;
		if (er_model_add_summary(m, in->f[1], in->f[2]))
			return er_fail(in->err, ER_ENOMEM, "out of memory reading a model");
	}
	if (in->p != in->end)
		return bad(in, "text after 'end'");
	er_model_set_best_points(m);
	return check_model(in, m);
}

/* Parses TEXT with LF line ends. */
static int
parse_lf(const char *text, size_t len, const char *name, struct er_model *m, char *err)
{
	/* The checksum line: the last line, "checksum\t" and 16 hex digits. */
	static const char tag[] = "checksum\t";
	size_t taglen = sizeof tag - 1, linelen = taglen + 17;
	if (len < linelen || memcmp(text + len - linelen, tag, taglen) != 0 || text[len - 1] != '\n' ||
	    (len > linelen && text[len - linelen - 1] != '\n'))
		return er_fail(err, ER_EIO, "bad model file: no checksum line at the end '%s'", name);
	uint64_t want = 0;
	for (size_t i = len - 17; i < len - 1; i++) {
		char c = text[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
		if (d < 0)
			return er_fail(err, ER_EIO, "bad model file: malformed checksum '%s'", name);
		want = want << 4 | (uint64_t)d;
	}
	size_t body = len - linelen;
	if (er_hash64(text, body) != want)
		return er_fail(err, ER_EIO, "bad model file: checksum mismatch, the file was changed or cut '%s'",
		               name);
	char *copy = malloc(body + 1);
	if (!copy)
		return er_fail(err, ER_ENOMEM, "out of memory reading a model");
	memcpy(copy, text, body);
	copy[body] = '\0';
	struct in in = {copy, copy + body, name, 0, NULL, 0, 0, err};
	int rc = parse(&in, m);
	free(in.f);
	free(copy);
	if (rc)
		er_model_free(m);
	else
		er_hash_hex(want, m->id);
	return rc;
}

int
er_model_parse(const char *text, size_t len, const char *name, struct er_model *m, char *err)
{
	memset(m, 0, sizeof *m);
	if (!memchr(text, '\r', len))
		return parse_lf(text, len, name, m, err);
	/* A file copied through Windows has CRLF line ends. The writer escapes a CR inside a
	 * field, so every raw CR before a LF is a line end's: dropping them gives back the text
	 * the checksum was made of. */
	char *lf = malloc(len ? len : 1);
	if (!lf)
		return er_fail(err, ER_ENOMEM, "out of memory reading a model");
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n'))
			lf[n++] = text[i];
	int rc = parse_lf(lf, n, name, m, err);
	free(lf);
	return rc;
}

int
er_model_load(const char *path, struct er_model *m, char *err)
{
	memset(m, 0, sizeof *m);
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOMEM ? er_fail(err, ER_ENOMEM, "out of memory")
				       : er_fail(err, ER_EIO, "cannot open model '%s': %s", path, strerror(errno));
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(f);
			return er_fail(err, ER_ENOMEM, "out of memory reading model '%s'", path);
		}
		len += fread(buf + len, 1, cap - len, f);
		if (len < cap)
			break;
		if (ER_GROW(buf, cap, cap + 1) < 0) {
			free(buf);
			buf = NULL;
		}
	}
	int failed = ferror(f), why = errno;
	fclose(f);
	if (failed) {
		free(buf);
		return er_fail(err, ER_EIO, "cannot read model '%s': %s", path, strerror(why));
	}
	int rc = er_model_parse(buf, len, path, m, err);
	free(buf);
	return rc;
}

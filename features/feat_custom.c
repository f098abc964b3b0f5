/* feat_custom: per-entity accumulators of extra columns, one set per month bucket. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "features/feat_custom.h"
#include "features/feat_expr.h"
#include "features/feat_series.h"
#include "lib/binio.h"
#include "lib/strmap.h"
#include "lib/num.h"
#include "lib/pool.h"
#include "lib/utf8.h"
#include "lib/vec.h"

/* Number functions come before F_COUNT and code functions after F_RECENCY; F_COUNT,
 * F_SPAN and F_RECENCY read only which rows have a value, and their dates. */
enum func {
	F_MEAN,
	F_MIN,
	F_MAX,
	F_STD,
	F_SUM,
	F_LAST,
	F_COUNT,
	F_SPAN,
	F_RECENCY,
	F_DISTINCT,
	F_MODE,
	F_SHARE,
	F_COUNT_VALUE
};

static const char *const func_names[] = {"mean", "min",     "max",      "std",  "sum",   "last", "count",
                                         "span", "recency", "distinct", "mode", "share", "count"};

struct agg {
	size_t column; /* index into columns */
	enum func func;
	char *value;   /* share=VALUE, count=VALUE */
	long value_id; /* interned VALUE */
	int seen;      /* share=, count=: some row aggregated had VALUE (a typo, or 6.0 for 6, has none) */
	char direction;
	struct er_feat_def def;
	char *name, *definition;
};

struct column {
	char *name;
	size_t *value_aggs; /* the share= and count= aggregations of the column (their VALUE's id is
	                       looked for in each row), set with same_as */
	size_t nvalue_aggs;
	char *by_value; /* --agg-by: only the rows whose by-column has this value; NULL: all */
	long by_index;  /* the by-column's index in the table */
	int table;      /* -1 until bound */
	long index;     /* column index in that table */
	int numeric;    /* some function needs numbers */
	int codes;      /* some function needs value counts */
	long derived;   /* --derive: index into the derived columns, -1 for a column of the table */
	size_t group;   /* 0: all rows, 1 + V: the rows of --agg-by value V */
	size_t off_num, off_core, off_codes; /* its parts in its group's block, NO_PART: none */
};

/* --derive NAME=EXPR: a number computed on each row of the table that has EXPR's columns. */
struct derived {
	char *name;
	er_feat_expr *expr;
	int table;               /* -1 until bound */
	char missing[ER_ERRLEN]; /* while unbound: the first table's missing column, for the message */
};

struct er_feat_custom {
	struct agg *aggs;
	size_t naggs, aggs_cap;
	struct column *cols;
	size_t ncols, cols_cap;
	int window;        /* months, 0 = all rows up to the as-of date */
	er_strmap *values; /* interned code values */
	char windows_text[16];
	char *by_name;    /* --agg-by COLUMN, NULL when not given */
	char **by_values; /* its values, each giving a copy of every aggregation */
	size_t nby;
	struct derived *derived;
	size_t nderived;
	double *row_values;         /* per column: the number of the current row (derived or parsed) */
	unsigned char *row_na;      /* per column: the current row has no number there */
	long *by_seen;              /* per group: the by-column the current row's match was read
	                               from, -1 when not yet (each --agg-by value is compared once
	                               per row, not once per column) */
	unsigned char *by_match;    /* per group: 1 when the current row has its value */
	size_t *same_as;            /* per column: the first column read the same way from the same
	                           table (--agg-by's copies), whose row number it takes */
	size_t ngroups;             /* 1 + nby once a column exists, else 0 */
	size_t *group_size;         /* per group: the bytes of its block */
	size_t *codes_from;         /* per group: where its value counts start in the block */
	er_pool **pools;            /* per group: where its blocks come from (1 GB of small mallocs
	                          cost a third of the time on 135 k entities x 60 columns) */
	unsigned char **merged;     /* per group: the window's months merged, for writing (--window) */
	const unsigned char **view; /* per group: the block written, NULL when empty */
};

struct code_count {
	uint32_t id;
	uint32_t count;
};

/* The accumulators of one entity are kept per month bucket and per group of columns (all
 * rows, or one --agg-by value): a group's block is allocated at its first row, so an entity
 * with no row of a value holds nothing for it, and each column takes in the block only
 * what its functions need (a struct num for numbers, a struct codes for value counts).
 * Many entities times many columns made one fixed accumulator per column (with its own
 * malloc'd code array) cost 1 GB of small blocks on 135 k entities. */

/* Every column: its rows (of its group), the rows with a value and their dates. */
struct core {
	uint64_t rows, n;
	er_day first_date, last_date;
};

/* A column with number functions. Welford's mean and sum of squared deviations in long
 * double: its wider exponent keeps the squares of finite huge values (1e300) finite, so a
 * representable std comes out. First in the block, for the long doubles' alignment. */
struct num {
	long double mean, m2;
	double sum, min, max, last;
};

/* A column with code functions: the count of each distinct value, the first INLINE_CODES
 * in place (an entity has one to three mostly), all in a heap array past that. 32-bit
 * counts keep the accumulators small. */
#define INLINE_CODES 3
struct codes {
	uint32_t n, cap; /* cap 0: in place */
	union {
		struct code_count in[INLINE_CODES];
		struct code_count *heap;
	} u;
};

#define NO_PART SIZE_MAX

struct er_feat_custom_state {
	int anchor_month;
	size_t nbuckets;
	int *bucket_month;     /* month index held by each bucket, INT32_MIN when empty */
	unsigned char **block; /* nbuckets x ngroups, NULL until the group's first row */
};

er_feat_custom *
er_feat_custom_new(void)
{
	er_feat_custom *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->values = er_strmap_new();
	if (!c->values) {
		free(c);
		return NULL;
	}
	strcpy(c->windows_text, "all");
	return c;
}

static int
describe(er_feat_custom *c, struct agg *a, char direction)
{
	const char *col = c->cols[a->column].name, *by = c->cols[a->column].by_value;
	size_t need =
		2 * (strlen(col) + (a->value ? strlen(a->value) : 0) + (by ? strlen(by) + strlen(c->by_name) : 0)) +
		128;
	a->name = malloc(need);
	a->definition = malloc(need);
	if (!a->name || !a->definition)
		return -1;
	/* --agg-by: the value ends the name, the definition says which rows */
	const char *by_sep = by ? "_" : "", *by_text = by ? by : "";
	const char *whose = by ? " among the rows whose " : "", *by_col = by ? c->by_name : "", *is = by ? " is " : "";
	if (a->value) {
		snprintf(a->name, need, "custom.%s_%s_%s%s%s", col, func_names[a->func], a->value, by_sep, by_text);
		snprintf(a->definition, need, "%s of the rows whose %s is %s%s%s%s%s",
		         a->func == F_SHARE ? "share" : "count", col, a->value, whose, by_col, is, by_text);
	} else {
		snprintf(a->name, need, "custom.%s_%s%s%s", col, func_names[a->func], by_sep, by_text);
		static const char *const what[] = {"mean",
		                                   "minimum",
		                                   "maximum",
		                                   "population standard deviation",
		                                   "sum",
		                                   "value on the latest date",
		                                   "count of values",
		                                   "days between the first and the latest row with a value in",
		                                   "days from the latest row with a value to the as-of date, in",
		                                   "number of distinct values",
		                                   "most frequent value (ties: the smallest)"};
		snprintf(a->definition, need, "%s%s %s%s%s%s%s", what[a->func],
		         a->func == F_SPAN || a->func == F_RECENCY ? "" : " of", col, whose, by_col, is, by_text);
	}
	a->def = (struct er_feat_def){a->name,
	                              "custom",
	                              "自定义指标",
	                              a->definition,
	                              a->func == F_SHARE                                  ? "ratio"
	                                      : a->func == F_MODE                         ? "code"
	                                      : a->func == F_SPAN || a->func == F_RECENCY ? "days"
	                                                                                  : "-",
	                              direction,
	                              c->windows_text};
	return 0;
}

/* The column NAME (LEN bytes) restricted to BY_VALUE (NULL: all rows), added when new.
 * Returns its index or -1 when out of memory. */
static long
column_of(er_feat_custom *c, const char *name, size_t len, const char *by_value)
{
	for (size_t i = 0; i < c->ncols; i++) {
		const struct column *k = &c->cols[i];
		if (strlen(k->name) == len && strncmp(k->name, name, len) == 0 &&
		    (by_value ? k->by_value && strcmp(k->by_value, by_value) == 0 : !k->by_value))
			return (long)i;
	}
	if (ER_GROW(c->cols, c->cols_cap, c->ncols + 1) < 0)
		return -1;
	struct column k = {.name = strndup(name, len),
	                   .by_value = by_value ? strdup(by_value) : NULL,
	                   .by_index = -1,
	                   .table = -1,
	                   .index = -1,
	                   .derived = -1,
	                   .off_num = NO_PART,
	                   .off_core = NO_PART,
	                   .off_codes = NO_PART};
	if (!k.name || (by_value && !k.by_value)) {
		free(k.name);
		free(k.by_value);
		return -1;
	}
	c->cols[c->ncols] = k;
	return (long)c->ncols++;
}

static void
free_pools(er_pool **pools, size_t n)
{
	for (size_t g = 0; pools && g < n; g++)
		er_pool_free(pools[g]);
	free(pools);
}

/* Places each column's parts in its group's block: numbers first (the long doubles'
 * alignment, which malloc gives the block), then every column's core, then value counts.
 * Run again as aggregations are added, before any state exists. Returns 0 or -1 (memory). */
static int
layout(er_feat_custom *c)
{
	size_t ng = 1 + c->nby;
	size_t *size = calloc(ng, sizeof *size), *codes_from = calloc(ng, sizeof *codes_from);
	if (!size || !codes_from) {
		free(size), free(codes_from);
		return -1;
	}
	for (size_t k = 0; k < c->ncols; k++) {
		struct column *col = &c->cols[k];
		col->group = 0;
		for (size_t v = 0; col->by_value && v < c->nby; v++)
			if (strcmp(c->by_values[v], col->by_value) == 0)
				col->group = 1 + v;
		col->off_num = col->numeric ? size[col->group] : NO_PART;
		size[col->group] += col->numeric ? sizeof(struct num) : 0;
	}
	for (size_t k = 0; k < c->ncols; k++) {
		struct column *col = &c->cols[k];
		col->off_core = size[col->group];
		size[col->group] += sizeof(struct core);
	}
	memcpy(codes_from, size, ng * sizeof *size);
	for (size_t k = 0; k < c->ncols; k++) {
		struct column *col = &c->cols[k];
		col->off_codes = col->codes ? size[col->group] : NO_PART;
		size[col->group] += col->codes ? sizeof(struct codes) : 0;
	}
	/* no block exists yet: the pools are made anew for the new sizes */
	er_pool **pools = calloc(ng, sizeof *pools);
	for (size_t g = 0; pools && g < ng; g++)
		if (!(pools[g] = er_pool_new(size[g]))) {
			free_pools(pools, g);
			pools = NULL;
		}
	if (!pools) {
		free(size), free(codes_from);
		return -1;
	}
	free_pools(c->pools, c->ngroups);
	free(c->group_size);
	free(c->codes_from);
	c->codes_from = codes_from;
	c->pools = pools;
	c->group_size = size;
	c->ngroups = ng;
	return 0;
}

/* Adds FUNC (with VALUE for share= and count=, copied) over column COL. 0, -1 (memory) or
 * 1 when an aggregation of that name is there already (the second would write a column of
 * the same name, which no reader of the output tells apart); no aggregation is added then. */
static int
add_agg(er_feat_custom *c, long col, enum func func, const char *value, char direction)
{
	if (col < 0 || ER_GROW(c->aggs, c->aggs_cap, c->naggs + 1) < 0)
		return -1;
	struct agg a = {.column = (size_t)col, .func = func, .value_id = -1, .direction = direction};
	if (value) {
		a.value = strdup(value);
		if (!a.value || (a.value_id = er_strmap_intern(c->values, a.value, strlen(a.value), NULL)) < 0) {
			free(a.value);
			return -1;
		}
	}
	if (func < F_COUNT)
		c->cols[col].numeric = 1;
	else if (func > F_RECENCY)
		c->cols[col].codes = 1;
	c->aggs[c->naggs] = a;
	if (describe(c, &c->aggs[c->naggs], direction) < 0) {
		free(c->aggs[c->naggs].name);
		free(c->aggs[c->naggs].definition);
		free(a.value);
		return -1;
	}
	for (size_t i = 0; i < c->naggs; i++)
		if (strcmp(c->aggs[i].name, c->aggs[c->naggs].name) == 0) {
			free(c->aggs[c->naggs].name);
			free(c->aggs[c->naggs].definition);
			free(a.value);
			return 1;
		}
	c->naggs++;
	return layout(c);
}

/* Adds FUNC over the column NAME (LEN bytes) for all rows and for each --agg-by value.
 * 0, -1 (memory) or 1 (the aggregation is there already, see add_agg). */
static int
add_agg_by(er_feat_custom *c, const char *name, size_t len, enum func func, const char *value, char direction)
{
	int r = add_agg(c, column_of(c, name, len, NULL), func, value, direction);
	for (size_t v = 0; !r && v < c->nby; v++)
		r = add_agg(c, column_of(c, name, len, c->by_values[v]), func, value, direction);
	return r;
}

int
er_feat_custom_parse(er_feat_custom *c, const char *arg, char *err)
{
	const char *colon = strchr(arg, ':');
	if (!colon || colon == arg || !colon[1])
		return er_fail(err, ER_EUSAGE, "bad aggregation '%s' (expected COLUMN:FUNC,...)", arg);
	char direction = '?';
	const char *funcs_end = strchr(colon + 1, ':');
	if (funcs_end) {
		if (strlen(funcs_end + 1) != 1 || !strchr("+-=?", funcs_end[1]))
			return er_fail(err, ER_EUSAGE, "bad direction in aggregation '%s' (expected + - = ?)", arg);
		direction = funcs_end[1];
	} else {
		funcs_end = colon + strlen(colon);
	}
	const char *p = colon + 1;
	while (p < funcs_end) {
		const char *comma = memchr(p, ',', (size_t)(funcs_end - p));
		const char *end = comma ? comma : funcs_end;
		size_t len = (size_t)(end - p);
		const char *eq = memchr(p, '=', len);
		size_t flen = eq ? (size_t)(eq - p) : len;
		enum func func = F_MEAN;
		int found = 0;
		for (int f = F_MEAN; f <= F_COUNT_VALUE; f++) {
			int wants_value = f == F_SHARE || f == F_COUNT_VALUE;
			if (wants_value != (eq != NULL))
				continue;
			if (strlen(func_names[f]) == flen && strncmp(func_names[f], p, flen) == 0) {
				func = (enum func)f;
				found = 1;
				break;
			}
		}
		if (!found || (eq && eq + 1 == end))
			return er_fail(err, ER_EUSAGE, "unknown aggregation function '%.*s' in '%s'", (int)len, p, arg);
		char *value = eq ? strndup(eq + 1, (size_t)(end - eq - 1)) : NULL;
		int r = eq && !value ? -1 : add_agg_by(c, arg, (size_t)(colon - arg), func, value, direction);
		free(value);
		if (r < 0)
			return er_fail(err, ER_ENOMEM, "out of memory");
		if (r > 0)
			return er_fail(err, ER_EUSAGE, "aggregation '%.*s' of '%.*s' given twice", (int)len, p,
			               (int)(colon - arg), arg);
		p = end + 1;
	}
	return 0;
}

int
er_feat_custom_set_by(er_feat_custom *c, const char *arg, char *err)
{
	const char *eq = strchr(arg, '=');
	if (c->by_name)
		return er_fail(err, ER_EUSAGE, "--agg-by given twice ('%s')", arg);
	if (!eq || eq == arg || !eq[1])
		return er_fail(err, ER_EUSAGE, "bad --agg-by '%s' (expected COLUMN=VALUE[,VALUE...])", arg);
	for (const char *v = eq + 1;;) {
		const char *comma = strchr(v, ',');
		size_t len = comma ? (size_t)(comma - v) : strlen(v);
		if (len == 0)
			return er_fail(err, ER_EUSAGE, "empty value in --agg-by '%s'", arg);
		for (size_t i = 0; i < c->nby; i++)
			if (strlen(c->by_values[i]) == len && strncmp(c->by_values[i], v, len) == 0)
				return er_fail(err, ER_EUSAGE, "value '%.*s' twice in --agg-by '%s'", (int)len, v, arg);
		char **grown = realloc(c->by_values, (c->nby + 1) * sizeof *grown);
		if (!grown)
			return er_fail(err, ER_ENOMEM, "out of memory");
		c->by_values = grown;
		if (!(c->by_values[c->nby] = strndup(v, len)))
			return er_fail(err, ER_ENOMEM, "out of memory");
		c->nby++;
		if (!comma)
			break;
		v = comma + 1;
	}
	if (!(c->by_name = strndup(arg, (size_t)(eq - arg))))
		return er_fail(err, ER_ENOMEM, "out of memory");
	/* the aggregations given before --agg-by get their copies now, those after it in
	 * er_feat_custom_parse */
	size_t n = c->naggs;
	for (size_t i = 0; i < n; i++) {
		const struct agg a = c->aggs[i];
		const struct column *k = &c->cols[a.column];
		if (k->by_value)
			continue;
		for (size_t v = 0; v < c->nby; v++) {
			int r = add_agg(
				c,
				column_of(c, c->cols[a.column].name, strlen(c->cols[a.column].name), c->by_values[v]),
				a.func, a.value, a.direction);
			if (r < 0)
				return er_fail(err, ER_ENOMEM, "out of memory");
			if (r > 0)
				return er_fail(err, ER_EUSAGE, "--agg-by '%s' makes a column of '%s' twice", arg,
				               a.name);
		}
	}
	return 0;
}

int
er_feat_custom_derive(er_feat_custom *c, const char *arg, char *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return er_fail(err, ER_EUSAGE, "bad --derive '%s' (expected NAME=EXPRESSION)", arg);
	size_t len = (size_t)(eq - arg);
	if (memchr(arg, ':', len) || memchr(arg, ',', len))
		return er_fail(err, ER_EUSAGE, "bad name '%.*s' in --derive (no ':' or ',')", (int)len, arg);
	for (size_t i = 0; i < c->nderived; i++)
		if (strlen(c->derived[i].name) == len && strncmp(c->derived[i].name, arg, len) == 0)
			return er_fail(err, ER_EUSAGE, "--derive '%.*s' given twice", (int)len, arg);
	er_feat_expr *e;
	int r = er_feat_expr_parse(eq + 1, &e, err);
	if (r)
		return r;
	struct derived *grown = realloc(c->derived, (c->nderived + 1) * sizeof *grown);
	char *name = strndup(arg, len);
	if (grown)
		c->derived = grown;
	if (!grown || !name) {
		free(name);
		er_feat_expr_free(e);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	c->derived[c->nderived] = (struct derived){name, e, -1, ""};
	c->nderived++;
	return 0;
}

int
er_feat_custom_set_window(er_feat_custom *c, const char *arg, char *err)
{
	if (strcmp(arg, "all") == 0) {
		c->window = 0;
		strcpy(c->windows_text, "all");
		return 0;
	}
	char *end;
	long n = strtol(arg, &end, 10);
	if (end == arg || strcmp(end, "m") != 0 || n < 1 || n > 36)
		return er_fail(err, ER_EUSAGE, "bad window '%s' (expected all or 1m..36m)", arg);
	c->window = (int)n;
	snprintf(c->windows_text, sizeof c->windows_text, "M%ld", n);
	return 0;
}

const char *
er_feat_custom_unseen(const er_feat_custom *c, size_t i)
{
	const struct agg *a = &c->aggs[i];
	return a->value && !a->seen && !c->cols[a->column].by_value ? a->value : NULL;
}

size_t
er_feat_custom_count(const er_feat_custom *c)
{
	return c ? c->naggs : 0;
}

const struct er_feat_def *
er_feat_custom_def(const er_feat_custom *c, size_t i)
{
	return &c->aggs[i].def;
}

size_t
er_feat_custom_bind(er_feat_custom *c, int table, const er_reader *r)
{
	size_t found = 0;
	for (size_t i = 0; i < c->ncols; i++) {
		if (c->cols[i].table >= 0)
			continue;
		long idx = er_reader_col(r, c->cols[i].name);
		/* the by-column must be in the same table: the filter reads it on the same row */
		long by = c->cols[i].by_value ? er_reader_col(r, c->by_name) : -1;
		if (c->cols[i].by_value && by < 0)
			continue;
		/* a derived name wins over a column: the user gave it */
		for (size_t d = 0; d < c->nderived; d++)
			if (strcmp(c->derived[d].name, c->cols[i].name) == 0) {
				c->cols[i].derived = (long)d;
				struct derived *dv = &c->derived[d];
				const char *miss = dv->table < 0 ? er_feat_expr_missing(dv->expr, r) : NULL;
				if (miss && !dv->missing[0])
					snprintf(dv->missing, sizeof dv->missing, "no column '%s' in '%s'", miss,
					         er_reader_filename(r));
				if (dv->table < 0 && !miss && er_feat_expr_bind(dv->expr, r))
					dv->table = table;
				idx = c->derived[d].table == table ? 0 : -1;
			}
		if (idx >= 0) {
			c->cols[i].table = table;
			c->cols[i].index = idx;
			c->cols[i].by_index = by;
			found++;
		}
	}
	return found;
}

int
er_feat_custom_uses_table(const er_feat_custom *c, int table)
{
	for (size_t i = 0; c && i < c->ncols; i++)
		if (c->cols[i].table == table)
			return 1;
	return 0;
}

int
er_feat_custom_check_bound(er_feat_custom *c, char *err)
{
	for (size_t i = 0; i < c->ncols; i++) {
		if (c->cols[i].derived >= 0 && c->cols[i].codes)
			return er_fail(err, ER_EUSAGE, "derived column '%s' takes number and date functions only",
			               c->cols[i].name);
		if (c->cols[i].derived >= 0 && c->cols[i].table < 0)
			return er_fail(err, ER_EUSAGE, "no table with every column of --derive '%s' to aggregate (%s)",
			               c->cols[i].name, c->derived[c->cols[i].derived].missing);
		if (c->cols[i].table < 0)
			return c->cols[i].by_value
				? er_fail(err, ER_EUSAGE,
			                  "no table with both columns '%s' and '%s' (--agg-by) to aggregate",
			                  c->cols[i].name, c->by_name)
				: er_fail(err, ER_EUSAGE, "no column '%s' in the readings or bills to aggregate",
			                  c->cols[i].name);
	}
	return 0;
}

static size_t
nbuckets(const er_feat_custom *c)
{
	/* The window's months and the as-of month, which is not R when partial. */
	return c->window ? (size_t)c->window + 1 : 1;
}

static const struct core zero_core;
static const struct codes zero_codes;

static struct code_count *
codes_of(struct codes *k)
{
	return k->cap ? k->u.heap : k->u.in;
}

static const struct code_count *
codes_view(const struct codes *k)
{
	return k->cap ? k->u.heap : k->u.in;
}

/* The value counts of column COL in BLOCK (which has them). */
static struct codes *
codes_at(const struct column *col, unsigned char *block)
{
	return (struct codes *)(block + col->off_codes);
}

/* Frees the heap arrays of the value counts in BLOCK of group G (may be NULL), not BLOCK. */
static void
free_codes(const er_feat_custom *c, size_t g, unsigned char *block)
{
	/* the value counts end the block, one after the other */
	for (size_t off = c->codes_from[g]; block && off < c->group_size[g]; off += sizeof(struct codes)) {
		struct codes *k = (struct codes *)(block + off);
		if (k->cap)
			free(k->u.heap);
	}
}

er_feat_custom_state *
er_feat_custom_state_new(const er_feat_custom *c, er_day asof)
{
	/* one allocation: the state, its blocks' pointers, its buckets' months */
	size_t nb = nbuckets(c), nblocks = nb * c->ngroups;
	er_feat_custom_state *s = calloc(1, sizeof *s + nblocks * sizeof *s->block + nb * sizeof *s->bucket_month);
	if (!s)
		return NULL;
	s->nbuckets = nb;
	s->anchor_month = er_date_month_index(asof);
	s->block = (unsigned char **)(s + 1);
	s->bucket_month = (int *)(s->block + nblocks);
	for (size_t b = 0; b < s->nbuckets; b++)
		s->bucket_month[b] = INT32_MIN;
	return s;
}

static void
clear_bucket(const er_feat_custom *c, er_feat_custom_state *s, size_t b)
{
	for (size_t g = 0; g < c->ngroups; g++) {
		unsigned char **block = &s->block[b * c->ngroups + g];
		free_codes(c, g, *block);
		er_pool_put(c->pools[g], *block);
		*block = NULL;
	}
	s->bucket_month[b] = INT32_MIN;
}

void
er_feat_custom_advance(const er_feat_custom *c, er_feat_custom_state *s, er_day asof)
{
	int mi = er_date_month_index(asof);
	if (mi <= s->anchor_month)
		return;
	s->anchor_month = mi;
	if (!c->window)
		return;
	for (size_t b = 0; b < s->nbuckets; b++)
		if (s->bucket_month[b] != INT32_MIN && s->bucket_month[b] <= mi - (int)s->nbuckets)
			clear_bucket(c, s, b);
}

/* Adds COUNT rows of value ID to K. Returns 0 or -1 (memory). */
static int
count_code(struct codes *k, uint32_t id, uint32_t count)
{
	struct code_count *v = codes_of(k);
	for (uint32_t i = 0; i < k->n; i++)
		if (v[i].id == id) {
			v[i].count += count;
			return 0;
		}
	if (k->n == (k->cap ? k->cap : INLINE_CODES)) {
		/* at most doubled from below 2^31, so the capacity stays a uint32_t */
		size_t cap = k->cap;
		struct code_count *heap = k->cap ? k->u.heap : NULL;
		if (k->n >= UINT32_MAX / 2 || ER_GROW(heap, cap, (size_t)k->n + 1) < 0)
			return -1;
		if (!k->cap)
			memcpy(heap, k->u.in, sizeof k->u.in);
		k->u.heap = heap;
		k->cap = (uint32_t)cap;
		v = heap;
	}
	v[k->n++] = (struct code_count){id, count};
	return 0;
}

/* Sets C->same_as (and the row buffers) once the columns are bound: a column takes the
 * number of the first column read the same way (the same derived number, or the same field
 * of the same table with the same needs). Returns 0 or -1 (no memory). */
static int
set_same_as(er_feat_custom *c)
{
	size_t n = c->ncols ? c->ncols : 1;
	c->row_values = calloc(n, sizeof *c->row_values);
	c->row_na = calloc(n, 1);
	c->by_seen = malloc((c->ngroups ? c->ngroups : 1) * sizeof *c->by_seen);
	c->by_match = calloc(c->ngroups ? c->ngroups : 1, 1);
	c->same_as = malloc(n * sizeof *c->same_as);
	if (!c->row_values || !c->row_na || !c->by_seen || !c->by_match || !c->same_as) {
		free(c->row_values), free(c->row_na), free(c->by_seen), free(c->by_match), free(c->same_as);
		c->row_values = NULL, c->row_na = NULL, c->by_seen = NULL, c->by_match = NULL, c->same_as = NULL;
		return -1;
	}
	for (size_t i = 0; i < c->naggs; i++) {
		struct column *k = &c->cols[c->aggs[i].column];
		if (!c->aggs[i].value)
			continue;
		size_t *grown = realloc(k->value_aggs, (k->nvalue_aggs + 1) * sizeof *grown);
		if (!grown) {
			free(c->row_values), free(c->row_na), free(c->by_seen), free(c->by_match), free(c->same_as);
			c->row_values = NULL, c->row_na = NULL, c->by_seen = NULL, c->by_match = NULL,
			c->same_as = NULL;
			for (size_t j = 0; j < c->ncols; j++)
				c->cols[j].nvalue_aggs = 0;
			return -1;
		}
		k->value_aggs = grown;
		k->value_aggs[k->nvalue_aggs++] = i;
	}
	for (size_t k = 0; k < c->ncols; k++) {
		const struct column *a = &c->cols[k];
		c->same_as[k] = k;
		for (size_t j = 0; j < k; j++) {
			const struct column *b = &c->cols[j];
			if (b->table == a->table && b->derived == a->derived &&
			    (a->derived >= 0 || (b->index == a->index && b->numeric == a->numeric))) {
				c->same_as[k] = j;
				break;
			}
		}
	}
	return 0;
}

int
er_feat_custom_add(er_feat_custom *c, er_feat_custom_state *s, int table, const er_reader *r, er_day date, char *err)
{
	int mi = er_date_month_index(date);
	size_t b = 0;
	if (c->window) {
		if (mi <= s->anchor_month - (int)s->nbuckets)
			return 0;
		b = (size_t)mi % s->nbuckets;
		if (s->bucket_month[b] != mi) {
			clear_bucket(c, s, b);
			s->bucket_month[b] = mi;
		}
	} else {
		s->bucket_month[0] = 0;
	}
	if (!c->same_as && set_same_as(c) < 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	/* Check every number first, so a rejected row leaves no trace; each is parsed or
	 * computed once, however many copies (--agg-by) aggregate it. */
	for (size_t k = 0; k < c->ncols; k++) {
		const struct column *col = &c->cols[k];
		if (col->table != table)
			continue;
		if (c->same_as[k] != k) {
			c->row_values[k] = c->row_values[c->same_as[k]];
			c->row_na[k] = c->row_na[c->same_as[k]];
			continue;
		}
		if (col->derived >= 0) {
			int st = er_feat_expr_eval(c->derived[col->derived].expr, r, &c->row_values[k], err);
			if (st)
				return st;
			continue;
		}
		if (!col->numeric)
			continue;
		size_t len = er_reader_field_len(r, (size_t)col->index);
		const char *v = er_reader_field(r, (size_t)col->index);
		c->row_na[k] = (unsigned char)er_reader_is_na(r, v, len);
		int parsed = c->row_na[k] ? ER_NUM_EMPTY : er_num_parse(v, len, &c->row_values[k]);
		if (parsed == ER_NUM_EMPTY) /* blanks only are as empty */
			c->row_na[k] = 1;
		else if (parsed != ER_NUM_OK) {
			char shown[ER_UTF8_EXCERPT + 4];
			return er_fail(err, ER_EDATA, "not a number '%s' in field %s",
			               er_utf8_excerpt(v, len, shown, sizeof shown), col->name);
		}
	}
	unsigned char **blocks = &s->block[b * c->ngroups];
	for (size_t g = 0; g < c->ngroups; g++)
		c->by_seen[g] = -1;
	for (size_t k = 0; k < c->ncols; k++) {
		const struct column *col = &c->cols[k];
		if (col->table != table)
			continue;
		if (col->by_value) {
			if (c->by_seen[col->group] != col->by_index) {
				size_t blen = er_reader_field_len(r, (size_t)col->by_index);
				c->by_seen[col->group] = col->by_index;
				c->by_match[col->group] = blen == strlen(col->by_value) &&
					memcmp(er_reader_field(r, (size_t)col->by_index), col->by_value, blen) == 0;
			}
			if (!c->by_match[col->group])
				continue;
		}
		unsigned char *block = blocks[col->group];
		if (!block && !(block = blocks[col->group] = er_pool_get(c->pools[col->group])))
			return er_fail(err, ER_ENOMEM, "out of memory");
		struct core *a = (struct core *)(block + col->off_core);
		a->rows++;
		int derived = col->derived >= 0;
		size_t len = derived ? 0 : er_reader_field_len(r, (size_t)col->index);
		const char *v = derived ? NULL : er_reader_field(r, (size_t)col->index);
		if (derived ? isnan(c->row_values[k]) : col->numeric ? c->row_na[k] : len == 0)
			continue;
		if (a->n == 0 || date < a->first_date)
			a->first_date = date;
		if (a->n == 0 || date > a->last_date)
			a->last_date = date;
		a->n++;
		if (col->numeric) {
			struct num *u = (struct num *)(block + col->off_num);
			double x = c->row_values[k];
			u->sum += x;
			long double delta = (long double)x - u->mean;
			u->mean += delta / (long double)a->n;
			u->m2 += delta * ((long double)x - u->mean);
			if (a->n == 1 || x < u->min)
				u->min = x;
			if (a->n == 1 || x > u->max)
				u->max = x;
			if (date >= a->last_date)
				u->last = x;
		}
		if (col->codes) {
			long id = er_strmap_intern(c->values, v, len, NULL);
			if (id < 0 || count_code(codes_at(col, block), (uint32_t)id, 1) < 0)
				return er_fail(err, ER_ENOMEM, "out of memory");
			for (size_t j = 0; j < col->nvalue_aggs; j++)
				if (c->aggs[col->value_aggs[j]].value_id == id)
					c->aggs[col->value_aggs[j]].seen = 1;
		}
	}
	return 0;
}

/* Adds the accumulators of group G in block A (a month) to those in M. 0 or -1 (memory). */
static int
merge_block(const er_feat_custom *c, size_t g, unsigned char *m, const unsigned char *a)
{
	for (size_t k = 0; k < c->ncols; k++) {
		const struct column *col = &c->cols[k];
		if (col->group != g)
			continue;
		struct core *mc = (struct core *)(m + col->off_core);
		const struct core *ac = (const struct core *)(a + col->off_core);
		mc->rows += ac->rows;
		if (ac->n) {
			if (col->numeric) {
				struct num *mu = (struct num *)(m + col->off_num);
				const struct num *au = (const struct num *)(a + col->off_num);
				if (mc->n == 0) {
					mu->min = au->min;
					mu->max = au->max;
				} else {
					mu->min = au->min < mu->min ? au->min : mu->min;
					mu->max = au->max > mu->max ? au->max : mu->max;
				}
				/* Chan's parallel update keeps the variance stable when merging months. */
				long double n1 = (long double)mc->n, n2 = (long double)ac->n,
					    delta = au->mean - mu->mean;
				mu->mean += delta * (n2 / (n1 + n2));
				mu->m2 += au->m2 + delta * delta * (n1 * n2 / (n1 + n2));
				mu->sum += au->sum;
				if (mc->n == 0 || ac->last_date >= mc->last_date)
					mu->last = au->last;
			}
			if (mc->n == 0 || ac->last_date >= mc->last_date)
				mc->last_date = ac->last_date;
			if (mc->n == 0 || ac->first_date < mc->first_date)
				mc->first_date = ac->first_date;
			mc->n += ac->n;
		}
		if (col->codes) {
			const struct codes *ak = (const struct codes *)(a + col->off_codes);
			const struct code_count *v = codes_view(ak);
			for (uint32_t i = 0; i < ak->n; i++)
				if (count_code(codes_at(col, m), v[i].id, v[i].count) < 0)
					return -1;
		}
	}
	return 0;
}

/* Empties the merged block of group G, keeping its heap arrays for the next entity. */
static void
reset_merged(const er_feat_custom *c, size_t g, unsigned char *m)
{
	for (size_t k = 0; k < c->ncols; k++) {
		const struct column *col = &c->cols[k];
		if (col->group != g)
			continue;
		memset(m + col->off_core, 0, sizeof(struct core));
		if (col->numeric)
			memset(m + col->off_num, 0, sizeof(struct num));
		if (col->codes)
			codes_at(col, m)->n = 0;
	}
}

/* Points C->view at the blocks to write for S (NULL: no rows) as of ASOF: with all rows
 * bucket 0's own, with a window its months merged into C->merged. 0 or -1 (memory). */
static int
set_view(er_feat_custom *c, const er_feat_custom_state *s, er_day asof)
{
	if (!c->view && !(c->view = calloc(c->ngroups ? c->ngroups : 1, sizeof *c->view)))
		return -1;
	if (c->window && !c->merged && !(c->merged = calloc(c->ngroups ? c->ngroups : 1, sizeof *c->merged)))
		return -1;
	int r = er_feat_ref_month(asof);
	for (size_t g = 0; g < c->ngroups; g++) {
		c->view[g] = NULL;
		if (!s)
			continue;
		if (!c->window) {
			c->view[g] = s->bucket_month[0] != INT32_MIN ? s->block[g] : NULL;
			continue;
		}
		if (!c->merged[g] && !(c->merged[g] = calloc(1, c->group_size[g])))
			return -1;
		reset_merged(c, g, c->merged[g]);
		for (int month = r - c->window + 1; month <= r; month++) {
			size_t b = (size_t)month % s->nbuckets;
			if (s->bucket_month[b] == month && s->block[b * c->ngroups + g] &&
			    merge_block(c, g, c->merged[g], s->block[b * c->ngroups + g]) < 0)
				return -1;
		}
		c->view[g] = c->merged[g];
	}
	return 0;
}

int
er_feat_custom_write(er_feat_custom *c, const er_feat_custom_state *s, er_day asof, er_writer *w)
{
	if (set_view(c, s, asof) < 0)
		return ER_ENOMEM;
	int status = 0;
	for (size_t i = 0; i < c->naggs && !status; i++) {
		const struct agg *ag = &c->aggs[i];
		const struct column *col = &c->cols[ag->column];
		const unsigned char *block = c->view[col->group];
		const struct core *a = block ? (const struct core *)(block + col->off_core) : &zero_core;
		/* a number function's column has a struct num, read only when it has values */
		const struct num *u = a->n && col->numeric ? (const struct num *)(block + col->off_num) : NULL;
		const struct codes *k =
			block && col->codes ? (const struct codes *)(block + col->off_codes) : &zero_codes;
		const struct code_count *codes = codes_view(k);
		double v = NAN;
		const char *text = NULL;
		switch (ag->func) {
		case F_MEAN: v = a->n ? (double)u->mean : NAN; break;
		case F_MIN: v = a->n ? u->min : NAN; break;
		case F_MAX: v = a->n ? u->max : NAN; break;
		case F_STD: v = a->n ? (double)sqrtl(u->m2 / (long double)a->n) : NAN; break;
		case F_SUM: v = a->n ? u->sum : NAN; break;
		case F_LAST: v = a->n ? u->last : NAN; break;
		case F_COUNT: v = (double)a->n; break;
		case F_SPAN: v = a->n ? (double)(a->last_date - a->first_date) : NAN; break;
		case F_RECENCY: v = a->n ? (double)(asof - a->last_date) : NAN; break;
		case F_DISTINCT: v = (double)k->n; break;
		case F_MODE: {
			uint32_t best = 0;
			for (uint32_t j = 0; j < k->n; j++) {
				const char *t = er_strmap_key(c->values, codes[j].id, NULL);
				if (codes[j].count > best || (codes[j].count == best && strcmp(t, text) < 0)) {
					best = codes[j].count;
					text = t;
				}
			}
			break;
		}
		case F_SHARE:
		case F_COUNT_VALUE: {
			uint32_t cnt = 0;
			for (uint32_t j = 0; j < k->n; j++)
				if (codes[j].id == (uint32_t)ag->value_id)
					cnt = codes[j].count;
			v = ag->func == F_COUNT_VALUE ? cnt : a->rows ? (double)cnt / (double)a->rows : NAN;
			break;
		}
		}
		status = ag->func == F_MODE ? er_writer_str(w, text) : er_writer_double(w, v);
	}
	return status;
}

void
er_feat_custom_state_free(const er_feat_custom *c, er_feat_custom_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nbuckets * c->ngroups; i++) {
		free_codes(c, i % c->ngroups, s->block[i]);
		er_pool_put(c->pools[i % c->ngroups], s->block[i]);
	}
	free(s);
}

void
er_feat_custom_free(er_feat_custom *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->naggs; i++) {
		free(c->aggs[i].value);
		free(c->aggs[i].name);
		free(c->aggs[i].definition);
	}
	for (size_t i = 0; i < c->ncols; i++) {
		free(c->cols[i].name);
		free(c->cols[i].by_value);
		free(c->cols[i].value_aggs);
	}
	for (size_t i = 0; i < c->nby; i++)
		free(c->by_values[i]);
	free(c->by_values);
	free(c->by_name);
	for (size_t i = 0; i < c->nderived; i++) {
		free(c->derived[i].name);
		er_feat_expr_free(c->derived[i].expr);
	}
	free(c->derived);
	free(c->row_values);
	free(c->row_na);
	free(c->by_seen);
	free(c->by_match);
	free(c->same_as);
	for (size_t g = 0; c->merged && g < c->ngroups; g++) {
		free_codes(c, g, c->merged[g]);
		free(c->merged[g]);
	}
	free(c->merged);
	free(c->view);
	free_pools(c->pools, c->ngroups);
	free(c->group_size);
	free(c->codes_from);
	free(c->aggs);
	free(c->cols);
	er_strmap_free(c->values);
	free(c);
}

/* Checkpoints (feat_checkpoint): the state and the interned values, field by field. */

int
er_feat_custom_values_dump(const er_feat_custom *c, struct er_buf *b)
{
	size_t n = c ? er_strmap_size(c->values) : 0;
	if (er_bin_put_u64(b, n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *k = er_strmap_key(c->values, i, &len);
		if (er_bin_put_str(b, k, len))
			return -1;
	}
	return 0;
}

int
er_feat_custom_values_undump(er_feat_custom *c, struct er_bin_cursor *cur)
{
	uint64_t n = er_bin_u64(cur);
	if (!c && n)
		cur->bad = 1;
	for (uint64_t i = 0; i < n && !cur->bad; i++) {
		size_t len;
		const char *k = er_bin_str(cur, &len, NULL);
		if (cur->bad || !k)
			break;
		/* the options interned the first ones already, in the same order */
		long at = er_strmap_intern(c->values, k, len, NULL);
		if (at < 0)
			return ER_ENOMEM;
		if ((uint64_t)at != i)
			cur->bad = 1;
	}
	return cur->bad ? ER_EDATA : 0;
}

int
er_feat_custom_state_dump(const er_feat_custom *c, const er_feat_custom_state *s, struct er_buf *b)
{
	if (!s)
		return er_bin_put_u64(b, 0);
	int st = er_bin_put_u64(b, 1) || er_bin_put_i64(b, s->anchor_month) || er_bin_put_u64(b, s->nbuckets) ||
		er_bin_put_u64(b, c->ncols);
	for (size_t k = 0; k < s->nbuckets && !st; k++)
		st = er_bin_put_i64(b, s->bucket_month[k]);
	/* every field of every column, as when each had them all: zeros for what a column
	 * does not keep, as for a group with no block */
	static const struct num zero_num;
	for (size_t i = 0; i < s->nbuckets * c->ncols && !st; i++) {
		const struct column *col = &c->cols[i % c->ncols];
		const unsigned char *block = s->block[i / c->ncols * c->ngroups + col->group];
		const struct core *a = block ? (const struct core *)(block + col->off_core) : &zero_core;
		const struct num *u = block && col->numeric ? (const struct num *)(block + col->off_num) : &zero_num;
		const struct codes *k =
			block && col->codes ? (const struct codes *)(block + col->off_codes) : &zero_codes;
		const struct code_count *codes = codes_view(k);
		st = er_bin_put_u64(b, a->rows) || er_bin_put_u64(b, a->n) || er_bin_put_f64(b, u->sum) ||
			er_bin_put_f64(b, u->min) || er_bin_put_f64(b, u->max) || er_bin_put_f64(b, u->last) ||
			er_bin_put_ld(b, u->mean) || er_bin_put_ld(b, u->m2) || er_bin_put_i64(b, a->first_date) ||
			er_bin_put_i64(b, a->last_date) || er_bin_put_u64(b, k->n);
		for (uint32_t j = 0; j < k->n && !st; j++)
			st = er_bin_put_u64(b, codes[j].id) || er_bin_put_u64(b, codes[j].count);
	}
	return st ? -1 : 0;
}

int
er_feat_custom_state_undump(const er_feat_custom *c, struct er_bin_cursor *cur, er_feat_custom_state **out)
{
	*out = NULL;
	if (!er_bin_range(cur, 0, 1))
		return cur->bad ? ER_EDATA : 0;
	if (!c)
		return (cur->bad = 1), ER_EDATA;
	int anchor = (int)er_bin_range(cur, INT32_MIN, INT32_MAX);
	if ((size_t)er_bin_range(cur, 0, INT32_MAX) != nbuckets(c) ||
	    (size_t)er_bin_range(cur, 0, INT32_MAX) != c->ncols)
		cur->bad = 1;
	if (cur->bad)
		return ER_EDATA;
	er_feat_custom_state *s = er_feat_custom_state_new(c, 0);
	if (!s)
		return ER_ENOMEM;
	s->anchor_month = anchor;
	for (size_t k = 0; k < s->nbuckets; k++)
		s->bucket_month[k] = (int)er_bin_range(cur, INT32_MIN, INT32_MAX);
	size_t nvalues = er_strmap_size(c->values);
	int oom = 0;
	for (size_t i = 0; i < s->nbuckets * c->ncols && !cur->bad && !oom; i++) {
		const struct column *col = &c->cols[i % c->ncols];
		struct core a;
		struct num u;
		a.rows = er_bin_u64(cur);
		a.n = er_bin_u64(cur);
		u.sum = er_bin_f64(cur);
		u.min = er_bin_f64(cur);
		u.max = er_bin_f64(cur);
		u.last = er_bin_f64(cur);
		u.mean = er_bin_ld(cur);
		u.m2 = er_bin_ld(cur);
		a.first_date = (er_day)er_bin_range(cur, INT32_MIN, INT32_MAX);
		a.last_date = (er_day)er_bin_range(cur, INT32_MIN, INT32_MAX);
		uint64_t nc = (uint64_t)er_bin_range(cur, 0, (int64_t)nvalues);
		if (cur->bad)
			break;
		/* a column with no row needs no block: its group's may stay unallocated */
		unsigned char **block = &s->block[i / c->ncols * c->ngroups + col->group];
		if (!a.rows && !a.n && !nc)
			continue;
		if (!*block && !(*block = er_pool_get(c->pools[col->group]))) {
			oom = 1;
			break;
		}
		memcpy(*block + col->off_core, &a, sizeof a);
		if (col->numeric)
			memcpy(*block + col->off_num, &u, sizeof u);
		for (uint64_t j = 0; j < nc && !oom; j++) {
			uint32_t id = (uint32_t)er_bin_range(cur, 0, (int64_t)nvalues - 1);
			uint32_t count = (uint32_t)er_bin_range(cur, 0, UINT32_MAX);
			/* a column without code functions had none to dump */
			if (!col->codes)
				cur->bad = 1;
			else if (!cur->bad && count_code(codes_at(col, *block), id, count) < 0)
				oom = 1;
		}
	}
	if (cur->bad || oom) {
		er_feat_custom_state_free(c, s);
		return oom ? ER_ENOMEM : ER_EDATA;
	}
	*out = s;
	return 0;
}

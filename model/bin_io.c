/* bin_io: the binning table file, written by er-screen and read by er-train and er-score. */
#include "model/bin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/vec.h"
#include "lib/num.h"
#include "lib/reader.h"

static const char *const columns[] = {"variable", "type", "kind", "bin",      "lower", "upper",  "categories",
                                      "count",    "good", "bad",  "bad_rate", "woe",   "bin_iv", "total_iv"};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static const char *const kind_names[] = {"range", "category", "other", "special", "missing"};

int
er_bin_write_header(er_writer *w)
{
	return er_writer_row(w, columns, NCOLUMNS);
}

static int
write_bound(er_writer *w, const struct er_bin *b, double v)
{
	if (b->kind == ER_BIN_RANGE || (b->kind == ER_BIN_SPECIAL && b->ncats == 0))
		return er_writer_double(w, v); /* an infinity writes an empty field */
	return er_writer_str(w, "");
}

int
er_bin_write_var(er_writer *w, const struct er_bin_var *v)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < v->nbins && rc == 0; i++) {
		const struct er_bin *b = &v->bins[i];
		double n = b->good + b->bad;

		rc |= er_writer_str(w, v->name);
		rc |= er_writer_str(w, v->type == ER_BIN_NUMERIC ? "numeric" : "categorical");
		rc |= er_writer_str(w, kind_names[b->kind]);
		rc |= er_writer_str(w, b->label);
		rc |= write_bound(w, b, b->lo);
		rc |= write_bound(w, b, b->hi);
		if (b->ncats == 0) {
			rc |= er_writer_str(w, "");
		} else {
			char *s = er_bin_join_cats(b->cats, b->ncats, 1);

			if (s == NULL)
				return ER_ENOMEM;
			rc |= er_writer_str(w, s);
			free(s);
		}
		rc |= er_writer_double(w, n);
		rc |= er_writer_double(w, b->good);
		rc |= er_writer_double(w, b->bad);
		rc |= er_writer_double(w, n > 0 ? b->bad / n : NAN);
		rc |= er_writer_double(w, b->woe);
		rc |= er_writer_double(w, b->iv);
		rc |= er_writer_double(w, v->iv);
		rc |= er_writer_end_row(w);
	}
	/* writer statuses are ER_EDATA or ER_EIO; report the more serious one */
	return rc == 0 ? 0 : (rc & ER_EIO) == ER_EIO ? ER_EIO : ER_EDATA;
}

static char *
dup_n(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d != NULL) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static int
parse_num(const char *s, double *v, double empty)
{
	if (s[0] == '\0') {
		*v = empty;
		return 0;
	}
	return er_num_parse(s, strlen(s), v) == ER_NUM_OK ? 0 : -1;
}

#define FIELD(k) er_reader_field(r, (size_t)col[k])
/* Reads the current row's values (label, counts, WOE, IV, bounds, categories) into bin B of
 * V, whose kind is set. Returns NULL, or why the row is bad (*OOM set when out of memory). */
static const char *
read_bin(er_reader *r, const long *col, const struct er_bin_var *v, struct er_bin *b, int *oom)
{
	b->lo = b->hi = NAN;
	b->label = dup_n(FIELD(3), strlen(FIELD(3)));
	if (b->label == NULL) {
		*oom = 1;
		return "out of memory";
	}
	if (parse_num(FIELD(8), &b->good, NAN) != 0 || parse_num(FIELD(9), &b->bad, NAN) != 0 ||
	    parse_num(FIELD(11), &b->woe, NAN) != 0 || parse_num(FIELD(12), &b->iv, NAN) != 0 || isnan(b->good) ||
	    isnan(b->bad) || isnan(b->woe) || isnan(b->iv))
		return "bad number in good, bad, woe or bin_iv";
	if (b->kind == ER_BIN_RANGE) {
		if (v->type != ER_BIN_NUMERIC || parse_num(FIELD(4), &b->lo, -INFINITY) != 0 ||
		    parse_num(FIELD(5), &b->hi, INFINITY) != 0 || !(b->lo < b->hi) ||
		    (v->nbins > 1 && (v->bins[v->nbins - 2].kind != ER_BIN_RANGE || v->bins[v->nbins - 2].hi != b->lo)))
			return "range bins must be numeric, ascending and adjacent";
	} else if (b->kind == ER_BIN_SPECIAL && v->type == ER_BIN_NUMERIC) {
		if (parse_num(FIELD(4), &b->lo, NAN) != 0 || isnan(b->lo))
			return "special bin without its value in lower";
		b->hi = b->lo;
	} else if (b->kind == ER_BIN_CATS || b->kind == ER_BIN_OTHER || b->kind == ER_BIN_SPECIAL) {
		if (v->type != ER_BIN_CATEGORICAL)
			return "category bin in a numeric variable";
		if (FIELD(6)[0] != '\0' && er_bin_split_cats(FIELD(6), &b->cats, &b->ncats) != 0) {
			*oom = 1;
			return "out of memory";
		}
	}
	return NULL;
}
#undef FIELD

/* Checks that each variable's range bins cover -inf to inf and indexes it. Returns 0, or
 * ER_EIO / ER_ENOMEM with ERR. */
static int
finish_vars(struct er_bin_var *vs, size_t nv, const char *path, char *err)
{
	for (size_t i = 0; i < nv; i++) {
		size_t j, first = (size_t)-1, last = 0;

		for (j = 0; j < vs[i].nbins; j++)
			if (vs[i].bins[j].kind == ER_BIN_RANGE) {
				if (first == (size_t)-1)
					first = j;
				last = j;
			}
		if (first != (size_t)-1 && (vs[i].bins[first].lo != -INFINITY || vs[i].bins[last].hi != INFINITY))
			return er_fail(err, ER_EIO, "range bins of '%s' do not cover -inf to inf (file %s)", vs[i].name,
			               path);
		if (er_bin_index(&vs[i]) != 0)
			return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
	}
	return 0;
}

int
er_bin_read(const char *path, struct er_bin_var **vars, size_t *nvars, char *err)
{
	struct er_bin_var *vs = NULL, *v = NULL;
	size_t nv = 0, capv = 0, capb = 0, i;
	long col[NCOLUMNS];
	er_reader *r;
	int rc, st;

	*vars = NULL;
	*nvars = 0;
	st = er_reader_open1(&r, path, NULL, err);
	if (r == NULL)
		return st == ER_ENOMEM ? ER_ENOMEM : ER_EIO;
	for (i = 0; i < NCOLUMNS; i++) {
		col[i] = er_reader_col(r, columns[i]);
		/* count, bad_rate and total_iv are derived; the others are needed */
		if (col[i] < 0 && i != 7 && i != 10 && i != 13) {
			er_fail(err, ER_EIO, "no column '%s' in binning table '%s'", columns[i], er_reader_filename(r));
			er_reader_close(r);
			return ER_EIO;
		}
	}
#define FIELD(k) er_reader_field(r, (size_t)col[k])
	while ((rc = er_reader_next(r)) != 0) {
		const char *name = FIELD(0), *type = FIELD(1), *kind = FIELD(2), *why = NULL;
		struct er_bin *b;
		size_t k;

		if (rc < 0) {
			why = er_reader_error(r);
			goto bad;
		}
		if (v == NULL || strcmp(v->name, name) != 0) {
			if (er_bin_lookup(vs, nv, name) != NULL) {
				why = "rows of a variable not consecutive";
				goto bad;
			}
			if (ER_GROW(vs, capv, nv + 1) < 0)
				goto nomem;
			v = &vs[nv++];
			memset(v, 0, sizeof *v);
			v->auc_up = NAN;
			v->mode_count = NAN;
			capb = 0;
			v->name = dup_n(name, strlen(name));
			if (v->name == NULL)
				goto nomem;
			if (strcmp(type, "numeric") == 0) {
				v->type = ER_BIN_NUMERIC;
			} else if (strcmp(type, "categorical") == 0) {
				v->type = ER_BIN_CATEGORICAL;
			} else {
				why = "unknown type";
				goto bad;
			}
		}
		for (k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
			if (strcmp(kind, kind_names[k]) == 0)
				break;
		if (k == sizeof kind_names / sizeof kind_names[0]) {
			why = "unknown kind";
			goto bad;
		}
		if (ER_GROW(v->bins, capb, v->nbins + 1) < 0)
			goto nomem;
		b = &v->bins[v->nbins++];
		memset(b, 0, sizeof *b);
		b->kind = (enum er_bin_kind)k;
		int oom = 0;
		if ((why = read_bin(r, col, v, b, &oom)) != NULL) {
			if (oom)
				goto nomem;
			goto bad;
		}
		v->good += b->good;
		v->bad += b->bad;
		v->iv += b->iv;
		continue;
	bad:
		er_fail(err, ER_EIO, "bad binning table row: %s '%s' (file %s, line %llu)", why,
		        col[0] >= 0 ? FIELD(0) : "", er_reader_filename(r), (unsigned long long)er_reader_line(r));
		er_reader_close(r);
		er_bin_vars_free(vs, nv);
		return ER_EIO;
	}
#undef FIELD
	er_reader_close(r);
	if ((rc = finish_vars(vs, nv, path, err)) != 0) {
		er_bin_vars_free(vs, nv);
		return rc;
	}
	*vars = vs;
	*nvars = nv;
	return 0;
nomem:
	er_reader_close(r);
	er_bin_vars_free(vs, nv);
	return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
}

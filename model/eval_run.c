/* eval_run: er-eval's measures per group of rows (all of them, then each segment) and the
 * tables they make: the metric,value table on standard output and the side files. */
#include "model/eval_run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/sort.h"
#include "lib/vec.h"
#include "lib/writer.h"
#include "model/calibration.h"
#include "model/eval_data.h"
#include "model/psi.h"

struct tie_ctx {
	const struct er_eval_ids *ids;
	const size_t *at;
};

static int
by_id(const void *a, const void *b, void *ctx)
{
	const struct tie_ctx *c = ctx;
	const char *x = c->ids->arena + c->ids->off[c->at[*(const size_t *)a]];
	const char *y = c->ids->arena + c->ids->off[c->at[*(const size_t *)b]];
	return strcmp(x, y);
}

/* Puts each run of equal RISK in ORDER[0..N-1] in id order (AT: each entry's row of D): the
 * deciles and calibration bins cut the order by position, so without this a bin edge through
 * a run of tied pd would split it by the input's row order. */
static void
ties_by_id(const struct er_eval_data *d, const size_t *at, const double *risk, size_t *order, size_t n)
{
	struct tie_ctx c = {d->ids, at};
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && risk[order[j]] == risk[order[i]];)
			j++;
		if (j - i > 1)
			qsort_r(order + i, j - i, sizeof *order, by_id, &c);
	}
}

/* Measures group G, the rows ROWS[0..N-1] of D. Returns 0 or ER_ENOMEM with ERR. */
static int
measure(const struct er_eval_data *d, const size_t *rows, size_t n, struct er_eval_group *g, char *err)
{
	size_t nl = 0, ng = d->grades ? er_strmap_size(d->grades) : 0;
	for (size_t i = 0; i < n; i++)
		nl += d->y[rows[i]] >= 0;
	double *risk = malloc((nl ? nl : 1) * sizeof *risk), *shown = malloc((nl ? nl : 1) * sizeof *shown);
	double *pd = d->pd ? malloc((nl ? nl : 1) * sizeof *pd) : NULL;
	unsigned char *y = malloc(nl ? nl : 1);
	size_t *order = malloc((nl ? nl : 1) * sizeof *order), *row_of = malloc((nl ? nl : 1) * sizeof *row_of);
	if (ng) {
		g->grade_n = calloc(ng, sizeof *g->grade_n);
		g->grade_bad = calloc(ng, sizeof *g->grade_bad);
	}
	int st = 0;
	if (!risk || !shown || (d->pd && !pd) || !y || !order || !row_of || (ng && (!g->grade_n || !g->grade_bad))) {
		st = er_fail(err, ER_ENOMEM, "out of memory measuring '%s'", g->name);
		goto out;
	}
	er_vec_huge(risk, nl * sizeof *risk);
	er_vec_huge(shown, nl * sizeof *shown);
	er_vec_huge(pd, nl * sizeof *pd);
	er_vec_huge(order, nl * sizeof *order);
	er_vec_huge(row_of, nl * sizeof *row_of);
	g->rows = n;
	g->labelled = nl;
	for (size_t i = 0, k = 0; i < n; i++) {
		size_t at = rows[i];
		if (d->y[at] < 0)
			continue;
		risk[k] = d->risk[at], shown[k] = d->shown[at], y[k] = (unsigned char)d->y[at], row_of[k] = at;
		if (pd)
			pd[k] = d->pd[at];
		if (ng && d->grade[at] >= 0) {
			g->grade_n[d->grade[at]]++;
			g->grade_bad[d->grade[at]] += y[k];
		}
		k++;
	}
	if ((st = er_metrics_compute(risk, y, nl, &g->m, err)))
		goto out;
	g->bads = g->m.bad;
	if (er_sort_order_desc(risk, nl, order)) {
		st = er_fail(err, ER_ENOMEM, "out of memory measuring '%s'", g->name);
		goto out;
	}
	ties_by_id(d, row_of, risk, order, nl);
	g->ngains = er_gains_table(order, nl, y, shown, pd, ER_EVAL_BINS, g->gains);
	g->logloss = g->brier = g->ece = NAN;
	if (pd) {
		er_calibration_scores(pd, y, nl, &g->logloss, &g->brier);
		g->ece = er_calibration_ece(pd, y, order, nl, ER_EVAL_BINS);
	}
out:
	free(risk), free(shown), free(pd), free(y), free(order), free(row_of);
	return st;
}

static void
group_free(struct er_eval_group *g)
{
	free(g->grade_n), free(g->grade_bad);
}

/* Whether a row whose value of the cut column is V is accepted at the cut-off: a pd below it,
 * a score above it. */
static int
accepts(double v, int is_pd, double cutoff)
{
	return is_pd ? v < cutoff : v > cutoff;
}

/* The champion against the challenger on the labelled rows both scored, of segment SEG (-1:
 * all rows). */
static int
compare(const struct er_eval_opts *o, const struct er_eval_data *d, long seg, struct er_eval_compare *c, char *err)
{
	size_t n = 0;
	memset(c, 0, sizeof *c);
	double *a = malloc((d->n ? d->n : 1) * sizeof *a), *b = malloc((d->n ? d->n : 1) * sizeof *b);
	unsigned char *y = malloc(d->n ? d->n : 1);
	int st = 0;
	if (!a || !b || !y) {
		st = er_fail(err, ER_ENOMEM, "out of memory comparing with '%s'", o->compare);
		goto out;
	}
	for (size_t i = 0; i < d->n; i++) {
		if (d->y[i] < 0 || isnan(d->risk2[i]) || (seg >= 0 && d->seg[i] != seg))
			continue;
		a[n] = d->risk[i], b[n] = d->risk2[i], y[n] = (unsigned char)d->y[i];
		if (!isnan(o->cutoff)) {
			int is_pd = strcmp(d->cut_col, "pd") == 0;
			int ca = accepts(is_pd ? d->pd[i] : d->shown[i], is_pd, o->cutoff),
			    cb = accepts(d->cut2[i], is_pd, o->cutoff);
			c->swap_n[ca][cb]++;
			c->swap_bad[ca][cb] += y[n];
		}
		n++;
	}
	struct er_metrics m1, m2;
	double se;
	if ((st = er_metrics_compute(a, y, n, &m1, err)) || (st = er_metrics_compute(b, y, n, &m2, err)) ||
	    (st = er_delong_se(a, b, y, n, &se, err)))
		goto out;
	c->rows = n;
	c->bads = m1.bad;
	c->auc1 = m1.auc, c->auc2 = m2.auc, c->ks1 = m1.ks, c->ks2 = m2.ks;
	er_delong_test(m1.auc - m2.auc, se, &c->dl);
out:
	free(a), free(b), free(y);
	return st;
}

/* Segment and grade indexes in the order of their names, so the output does not depend on the
 * input's order. */
static int
by_name(const void *a, const void *b, void *m)
{
	return strcmp(er_strmap_key(m, *(const size_t *)a, NULL), er_strmap_key(m, *(const size_t *)b, NULL));
}

/* The indexes of M's keys sorted by name, in a new array the caller frees; NULL when out of
 * memory. */
static size_t *
sorted_keys(const er_strmap *m)
{
	size_t n = m ? er_strmap_size(m) : 0, *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return NULL;
	for (size_t i = 0; i < n; i++)
		k[i] = i;
	qsort_r(k, n, sizeof *k, by_name, (void *)m);
	return k;
}

/* The groups: all rows, then one per segment in name order. Returns 0 or ER_ENOMEM. */
static int
measure_groups(const struct er_eval_data *d, const size_t *seg_order, struct er_eval_group *g, size_t ng, char *err)
{
	size_t nseg = ng - 1, *rows = malloc((d->n ? d->n : 1) * sizeof *rows);
	size_t *start = calloc(nseg + 2, sizeof *start), *rank = malloc((nseg ? nseg : 1) * sizeof *rank);
	int st = 0;
	if (!rows || !start || !rank) {
		st = er_fail(err, ER_ENOMEM, "out of memory measuring the groups");
		goto out;
	}
	for (size_t i = 0; i < d->n; i++)
		rows[i] = i;
	g[0].name = "(all)";
	g[0].seg = -1;
	g[0].psi = er_eval_psi_rows(d, -1);
	if ((st = measure(d, rows, d->n, &g[0], err)) || nseg == 0)
		goto out;
	/* rows by segment, in row order within each (a counting sort on the segment's rank) */
	for (size_t k = 0; k < nseg; k++)
		rank[seg_order[k]] = k;
	for (size_t i = 0; i < d->n; i++)
		start[rank[d->seg[i]] + 2]++;
	for (size_t k = 2; k < nseg + 2; k++)
		start[k] += start[k - 1];
	for (size_t i = 0; i < d->n; i++)
		rows[start[rank[d->seg[i]] + 1]++] = i;
	for (size_t k = 0; k < nseg && !st; k++) {
		g[k + 1].name = er_strmap_key(d->segs, seg_order[k], NULL);
		g[k + 1].seg = (long)seg_order[k];
		g[k + 1].psi = er_eval_psi_rows(d, g[k + 1].seg);
		st = measure(d, rows + start[k], start[k + 1] - start[k], &g[k + 1], err);
	}
out:
	free(rows), free(start), free(rank);
	return st;
}

/* Creates PATH and a writer on it in the output format. Returns 0, or ER_EIO / ER_ENOMEM
 * with ERR (*W NULL). */
static int
table_open(const struct er_eval_opts *o, er_writer **w, const char *path, char *err)
{
	return er_writer_create(w, path, 0644, &o->io->out, err);
}

/* The segment column of every row of a table when --by is given. */
static void
seg_field(const struct er_eval_opts *o, er_writer *w, const struct er_eval_group *g)
{
	if (o->by)
		er_writer_str(w, g->name);
}

/* A table's header: the segment column under --by, then HEAD[0..N-1]. */
static int
write_head(const struct er_eval_opts *o, er_writer *w, const char *const *head, size_t n)
{
	if (o->by)
		er_writer_str(w, o->by);
	for (size_t k = 0; k < n; k++)
		er_writer_str(w, head[k]);
	return er_writer_end_row(w);
}

static int
write_deciles(const struct er_eval_opts *o, const struct er_eval_data *d, const struct er_eval_group *g, size_t ng,
              er_writer *w)
{
	char min[64], max[64];
	snprintf(min, sizeof min, "min_%s", d->shown_col);
	snprintf(max, sizeof max, "max_%s", d->shown_col);
	const char *head[] = {"decile",  "rows",     min,    max,        "bads", "bad_rate",
	                      "capture", "cum_good", "lift", "cum_lift", "ks",   "mean_pd"};
	int rc = write_head(o, w, head, sizeof head / sizeof *head - (d->pd == NULL));
	for (size_t s = 0; s < ng; s++)
		for (size_t k = 0; k < g[s].ngains && !rc; k++) {
			const struct er_gains_row *r = &g[s].gains[k];
			seg_field(o, w, &g[s]);
			er_writer_int(w, (long long)k + 1);
			er_writer_int(w, (long long)r->count);
			er_writer_double(w, r->min);
			er_writer_double(w, r->max);
			er_writer_int(w, (long long)r->bads);
			er_writer_double(w, r->bad_rate);
			er_writer_double(w, r->capture);
			er_writer_double(w, r->cum_good);
			er_writer_double(w, r->lift);
			er_writer_double(w, r->cum_lift);
			er_writer_double(w, r->ks);
			if (d->pd)
				er_writer_double(w, r->mean_pd);
			rc = er_writer_end_row(w);
		}
	return rc;
}

/* The calibration bins are the deciles of pd, lowest first. */
static int
write_calibration(const struct er_eval_opts *o, const struct er_eval_group *g, size_t ng, er_writer *w)
{
	const char *head[] = {"bin", "rows", "bads", "mean_pd", "bad_rate", "gap"};
	int rc = write_head(o, w, head, sizeof head / sizeof *head);
	for (size_t s = 0; s < ng; s++)
		for (size_t k = 0; k < g[s].ngains && !rc; k++) {
			const struct er_gains_row *r = &g[s].gains[g[s].ngains - 1 - k];
			seg_field(o, w, &g[s]);
			er_writer_int(w, (long long)k + 1);
			er_writer_int(w, (long long)r->count);
			er_writer_int(w, (long long)r->bads);
			er_writer_double(w, r->mean_pd);
			er_writer_double(w, r->bad_rate);
			er_writer_double(w, r->bad_rate - r->mean_pd);
			rc = er_writer_end_row(w);
		}
	return rc;
}

static int
write_grades(const struct er_eval_opts *o, const struct er_eval_data *d, const size_t *grade_order,
             const struct er_eval_group *g, size_t ng, er_writer *w)
{
	const char *head[] = {"grade", "rows", "bads", "bad_rate", "share"};
	size_t ngr = d->grades ? er_strmap_size(d->grades) : 0;
	int rc = write_head(o, w, head, sizeof head / sizeof *head);
	for (size_t s = 0; s < ng; s++)
		for (size_t k = 0; k < ngr && !rc; k++) {
			size_t at = grade_order[k], n = g[s].grade_n[at], b = g[s].grade_bad[at];
			seg_field(o, w, &g[s]);
			er_writer_str(w, er_strmap_key(d->grades, at, NULL));
			er_writer_int(w, (long long)n);
			er_writer_int(w, (long long)b);
			er_writer_double(w, n ? (double)b / (double)n : NAN);
			er_writer_double(w, g[s].labelled ? (double)n / (double)g[s].labelled : NAN);
			rc = er_writer_end_row(w);
		}
	return rc;
}

static int
write_csi(const struct er_eval_data *d, er_writer *w)
{
	const char *head[] = {"indicator", "csi", "band", "base_rows", "rows", "base_missing", "missing"};
	for (size_t k = 0; k < sizeof head / sizeof *head; k++)
		er_writer_str(w, head[k]);
	int rc = er_writer_end_row(w);
	for (size_t j = 0; j < d->ncsi && !rc; j++) {
		const struct er_eval_csi *c = &d->csi[j];
		er_writer_str(w, c->name);
		er_writer_double(w, c->csi);
		er_writer_str(w, er_psi_band(c->csi));
		er_writer_double(w, (double)c->base_rows);
		er_writer_double(w, (double)c->rows);
		er_writer_double(w, c->base[ER_EVAL_BINS]);
		er_writer_double(w, c->cur[ER_EVAL_BINS]);
		rc = er_writer_end_row(w);
	}
	return rc;
}

static void
metric(er_writer *w, const struct er_eval_opts *o, const struct er_eval_group *g, const char *name, double v)
{
	seg_field(o, w, g);
	er_writer_str(w, name);
	er_writer_double(w, v);
	er_writer_end_row(w);
}

/* The metric,value rows of one group; the counts and comparisons of the whole run go with the
 * first group. */
static void
write_group(er_writer *w, const struct er_eval_opts *o, const struct er_eval_data *d, const struct er_eval_group *g,
            const struct er_eval_counts *c, int all, const struct er_eval_compare *cmp)
{
	metric(w, o, g, "rows", (double)g->rows);
	metric(w, o, g, "labelled", (double)g->labelled);
	metric(w, o, g, "unlabelled", (double)(g->rows - g->labelled));
	if (all)
		metric(w, o, g, "rejected", (double)c->rejected);
	if (all && o->labels)
		metric(w, o, g, "labels_unused", (double)c->labels_unused);
	metric(w, o, g, "bads", (double)g->bads);
	metric(w, o, g, "bad_rate", g->labelled ? (double)g->bads / (double)g->labelled : NAN);
	metric(w, o, g, "auc", g->m.auc);
	metric(w, o, g, "gini", g->m.gini);
	metric(w, o, g, "ks", g->m.ks);
	metric(w, o, g, "logloss", g->logloss);
	metric(w, o, g, "brier", g->brier);
	metric(w, o, g, "ece", g->ece);
	if (o->baseline) /* empty, with the reason on standard error, when the baseline gives no bins */
		metric(w, o, g, "psi", g->psi);
	if (!cmp)
		return;
	metric(w, o, g, "compare_rows", (double)cmp->rows);
	if (all)
		metric(w, o, g, "compare_unmatched", (double)d->cmp_unmatched);
	metric(w, o, g, "auc_champion", cmp->auc1);
	metric(w, o, g, "auc_challenger", cmp->auc2);
	metric(w, o, g, "ks_champion", cmp->ks1);
	metric(w, o, g, "ks_challenger", cmp->ks2);
	metric(w, o, g, "auc_diff", cmp->dl.diff);
	metric(w, o, g, "delong_se", cmp->dl.se);
	metric(w, o, g, "delong_z", cmp->dl.z);
	metric(w, o, g, "delong_low", cmp->dl.lo);
	metric(w, o, g, "delong_high", cmp->dl.hi);
	metric(w, o, g, "delong_p", cmp->dl.p);
	if (isnan(o->cutoff))
		return;
	static const char *const swap[2][2] = {{"swap_both_reject", "swap_challenger_only"},
	                                       {"swap_champion_only", "swap_both_accept"}};
	char name[64];
	for (int a = 1; a >= 0; a--)
		for (int b = 1; b >= 0; b--) {
			metric(w, o, g, swap[a][b], (double)cmp->swap_n[a][b]);
			snprintf(name, sizeof name, "%s_bads", swap[a][b]);
			metric(w, o, g, name, (double)cmp->swap_bad[a][b]);
		}
}

static int
write_metrics(const struct er_eval_opts *o, const struct er_eval_data *d, const struct er_eval_group *g, size_t ng,
              const struct er_eval_counts *c, const struct er_eval_compare *cmp, char *err)
{
	er_writer *w = er_writer_open(1, "stdout", &o->io->out);
	if (!w)
		return er_fail(err, ER_ENOMEM, "out of memory opening 'stdout'");
	if (o->by)
		er_writer_str(w, o->by);
	er_writer_str(w, "metric");
	er_writer_str(w, "value");
	er_writer_end_row(w);
	for (size_t s = 0; s < ng; s++)
		write_group(w, o, d, &g[s], c, s == 0, cmp ? &cmp[s] : NULL);
	int st = 0;
	if (er_writer_flush(w))
		st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
	if (er_writer_close(w) && !st)
		st = er_fail(err, ER_EIO, "write error 'stdout'");
	return st;
}

/* The side tables asked for; one that fails does not stop the others. */
static int
write_tables(const struct er_eval_opts *o, const struct er_eval_data *d, const size_t *grade_order,
             const struct er_eval_group *g, size_t ng, char *err)
{
	const char *paths[] = {o->deciles, o->calibration, o->grades, o->csi};
	int st = 0;
	for (int k = 0; k < 4; k++) {
		er_writer *w;
		char e[ER_ERRLEN];
		if (!paths[k])
			continue;
		int rc = table_open(o, &w, paths[k], e);
		if (!rc) {
			int wrc = k == 0 ? write_deciles(o, d, g, ng, w)
				: k == 1 ? write_calibration(o, g, ng, w)
				: k == 2 ? write_grades(o, d, grade_order, g, ng, w)
					 : write_csi(d, w);
			rc = er_writer_finish(w, wrc ? er_fail(e, ER_EIO, "%s", er_writer_error(w)) : 0, e);
		}
		if (rc && !st) {
			st = rc;
			memcpy(err, e, ER_ERRLEN);
		} else if (rc) {
			er_diag_msg(o->diag, "%s", e);
		}
	}
	return st;
}

int
er_eval_run(const struct er_eval_opts *o, struct er_eval_counts *c, char *err)
{
	struct er_eval_data d;
	struct er_eval_compare *cmp = NULL;
	struct er_eval_group *g = NULL;
	size_t ng = 0, *seg_order = NULL, *grade_order = NULL;
	int st = er_eval_load(o, &d, c, err);

	if (!st && o->grades && !d.grades)
		st = er_fail(err, ER_EDATA, "no column 'grade' in '%s': --grades needs one", o->scores);
	if (!st)
		st = er_eval_stability(o, &d, c, err);
	if (!st) {
		ng = 1 + (d.segs ? er_strmap_size(d.segs) : 0);
		seg_order = sorted_keys(d.segs);
		grade_order = sorted_keys(d.grades);
		if (!(g = calloc(ng, sizeof *g)) || !seg_order || !grade_order)
			st = er_fail(err, ER_ENOMEM, "out of memory measuring '%s'", o->scores);
	}
	if (!st)
		st = measure_groups(&d, seg_order, g, ng, err);
	if (!st && o->compare && !(cmp = calloc(ng, sizeof *cmp)))
		st = er_fail(err, ER_ENOMEM, "out of memory comparing with '%s'", o->compare);
	for (size_t s = 0; !st && o->compare && s < ng; s++)
		st = compare(o, &d, g[s].seg, &cmp[s], err);
	if (!st)
		st = write_metrics(o, &d, g, ng, c, cmp, err);
	if (!st)
		st = write_tables(o, &d, grade_order, g, ng, err);
	if (!st && o->html)
		st = er_eval_write_html(o->html, o, &d, grade_order, g, ng, cmp, err);
	for (size_t s = 0; g && s < ng; s++)
		group_free(&g[s]);
	free(g), free(seg_order), free(grade_order), free(cmp);
	er_eval_data_free(&d);
	return st;
}

/* model_points: the scorecard as the table a reviewer signs off and a spreadsheet opens. */
#include "model/model.h"

#include <math.h>

#include "lib/err.h"

static const char *const columns[] = {"indicator", "module", "bin",      "lower", "upper", "count",
                                      "good",      "bad",    "bad_rate", "woe",   "points"};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* A range bound, or an empty field (an open end, or a bin that is not a range). */
static int
bound(er_writer *w, const struct er_bin *b, double v)
{
	if (b->kind == ER_BIN_RANGE || (b->kind == ER_BIN_SPECIAL && b->ncats == 0))
		return er_writer_double(w, v);
	return er_writer_str(w, "");
}

int
er_model_write_points(er_writer *w, const struct er_model *m)
{
	int rc = er_writer_row(w, columns, NCOLUMNS);
	/* the base points first: every score starts there and adds one bin per indicator */
	rc |= er_writer_str(w, "(base)");
	for (size_t k = 1; k + 1 < NCOLUMNS; k++)
		rc |= er_writer_str(w, "");
	rc |= er_writer_double(w, m->method == ER_MODEL_GBDT ? NAN : m->sc_base_points);
	rc |= er_writer_end_row(w);
	for (size_t j = 0; j < m->nfeat && rc == 0; j++) {
		const struct er_model_feature *f = &m->feat[j];
		if (!f->in_scorecard)
			continue;
		for (size_t b = 0; b < f->var.nbins && rc == 0; b++) {
			const struct er_bin *bin = &f->var.bins[b];
			double n = bin->good + bin->bad;
			rc |= er_writer_str(w, f->var.name);
			rc |= er_writer_str(w, m->mod[f->module].name);
			rc |= er_writer_str(w, bin->label);
			rc |= bound(w, bin, bin->lo);
			rc |= bound(w, bin, bin->hi);
			rc |= er_writer_double(w, n);
			rc |= er_writer_double(w, bin->good);
			rc |= er_writer_double(w, bin->bad);
			rc |= er_writer_double(w, n > 0 ? bin->bad / n : NAN);
			rc |= er_writer_double(w, bin->woe);
			rc |= er_writer_double(w, f->points[b]);
			rc |= er_writer_end_row(w);
		}
	}
	/* writer statuses are ER_EDATA or ER_EIO; report the more serious one */
	return rc == 0 ? 0 : (rc & ER_EIO) == ER_EIO ? ER_EIO : ER_EDATA;
}

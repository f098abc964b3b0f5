/* ensemble_data: the id column and row subsets of a loaded feature table. */
#include <stdlib.h>
#include <string.h>

#include "model/ensemble.h"
#include "lib/err.h"

void
er_ensemble_free_ids(char **ids, size_t n)
{
	if (!ids)
		return;
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

int
er_ensemble_take_ids(struct er_frame *d, const char *id_col, char ***ids, char *err)
{
	*ids = NULL;
	size_t j = 0;
	while (j < d->ncols && strcmp(d->cols[j].name, id_col) != 0)
		j++;
	if (j == d->ncols)
		return er_fail(err, ER_EDATA, "no id column '%s' in the input", id_col);
	struct er_frame_col *c = &d->cols[j];
	char **out = calloc(d->nrows ? d->nrows : 1, sizeof *out);
	if (!out)
		return er_fail(err, ER_ENOMEM, "out of memory reading ids");
	for (size_t i = 0; i < d->nrows; i++) {
		if (!c->categorical || c->code[i] == (unsigned)-1) {
			er_ensemble_free_ids(out, i);
			return er_fail(err, ER_EDATA, "empty id in column '%s' (data row %zu)", id_col, i + 1);
		}
		if (!(out[i] = strdup(c->dict[c->code[i]]))) {
			er_ensemble_free_ids(out, i);
			return er_fail(err, ER_ENOMEM, "out of memory reading ids");
		}
	}
	/* Drop the column: free it through a one-column table, then close the gap. */
	struct er_frame one = {0};
	one.cols = malloc(sizeof *one.cols);
	if (!one.cols) {
		er_ensemble_free_ids(out, d->nrows);
		return er_fail(err, ER_ENOMEM, "out of memory reading ids");
	}
	one.cols[0] = *c;
	one.ncols = 1;
	er_frame_free(&one);
	memmove(&d->cols[j], &d->cols[j + 1], (d->ncols - j - 1) * sizeof *d->cols);
	d->ncols--;
	*ids = out;
	return 0;
}

int
er_ensemble_subset(const struct er_frame *src, char *const *ids, const unsigned char *keep, int want,
                   struct er_frame *dst, char ***out_ids, char *err)
{
	memset(dst, 0, sizeof *dst);
	if (out_ids)
		*out_ids = NULL;
	size_t m = 0;
	for (size_t i = 0; i < src->nrows; i++)
		m += (keep[i] != 0) == (want != 0);
	dst->nrows = dst->caprows = m;
	dst->y = malloc(m ? m : 1);
	dst->cols = calloc(src->ncols ? src->ncols : 1, sizeof *dst->cols);
	char **nid = ids && out_ids ? calloc(m ? m : 1, sizeof *nid) : NULL;
	if (!dst->y || !dst->cols || (ids && out_ids && !nid))
		goto nomem;
	dst->ncols = src->ncols;
	for (size_t j = 0; j < src->ncols; j++) {
		const struct er_frame_col *s = &src->cols[j];
		struct er_frame_col *c = &dst->cols[j];
		c->categorical = s->categorical;
		if (!(c->name = strdup(s->name)))
			goto nomem;
		if (s->categorical) {
			c->code = malloc((m ? m : 1) * sizeof *c->code);
			c->dict = calloc(s->ndict ? s->ndict : 1, sizeof *c->dict);
			if (!c->code || !c->dict)
				goto nomem;
			c->ndict = c->capdict = s->ndict;
			for (size_t k = 0; k < s->ndict; k++)
				if (!(c->dict[k] = strdup(s->dict[k])))
					goto nomem;
		} else {
			c->x = malloc((m ? m : 1) * sizeof *c->x);
			if (!c->x)
				goto nomem;
		}
	}
	size_t r = 0;
	for (size_t i = 0; i < src->nrows; i++) {
		if ((keep[i] != 0) != (want != 0))
			continue;
		dst->y[r] = src->y[i];
		for (size_t j = 0; j < src->ncols; j++) {
			const struct er_frame_col *s = &src->cols[j];
			struct er_frame_col *c = &dst->cols[j];
			if (s->categorical) {
				c->code[r] = s->code[i];
				c->missing += s->code[i] == (unsigned)-1;
			} else {
				c->x[r] = s->x[i];
				c->missing += s->x[i] != s->x[i];
			}
		}
		if (nid && !(nid[r] = strdup(ids[i])))
			goto nomem;
		r++;
	}
	if (out_ids)
		*out_ids = nid;
	return 0;
nomem:
	er_ensemble_free_ids(nid, m);
	er_frame_free(dst);
	return er_fail(err, ER_ENOMEM, "out of memory splitting the rows");
}

/* screen_report: er-screen's outputs as tables (report, binning table, selected names) and
 * its directions file. */
#include "model/screen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/vec.h"

static const char *const report_cols[] = {"name",     "module", "type", "missing_rate",    "identical_rate",     "bins",
                                          "iv",       "ks",     "auc",  "direction_found", "direction_expected", "psi",
                                          "selected", "reason"};

int
er_screen_write_report(er_writer *w, const struct er_screen_result *res)
{
	size_t i;
	int rc = er_writer_row(w, report_cols, sizeof report_cols / sizeof report_cols[0]);

	for (i = 0; i < res->nrows && rc == 0; i++) {
		const struct er_screen_row *row = &res->rows[i];
		char found[2] = {row->dir_found, '\0'}, expected[2] = {row->dir_expected, '\0'};

		if ((rc = er_writer_str(w, row->name)) != 0 || (rc = er_writer_str(w, row->module)) != 0 ||
		    (rc = er_writer_str(w, row->categorical ? "categorical" : "numeric")) != 0 ||
		    (rc = er_writer_double(w, row->missing_rate)) != 0 ||
		    (rc = er_writer_double(w, row->identical_rate)) != 0 ||
		    (rc = er_writer_int(w, (long long)row->bins.nbins)) != 0 ||
		    (rc = er_writer_double(w, row->iv)) != 0 || (rc = er_writer_double(w, row->ks)) != 0 ||
		    (rc = er_writer_double(w, row->auc)) != 0 || (rc = er_writer_str(w, found)) != 0 ||
		    (rc = er_writer_str(w, expected)) != 0 || (rc = er_writer_double(w, row->psi)) != 0 ||
		    (rc = er_writer_str(w, row->selected ? "yes" : "no")) != 0 ||
		    (rc = er_writer_str(w, row->reason)) != 0)
			break;
		rc = er_writer_end_row(w);
	}
	return rc;
}

int
er_screen_write_bins(er_writer *w, const struct er_screen_result *res)
{
	size_t i;
	int rc = er_bin_write_header(w);

	for (i = 0; i < res->nrows && rc == 0; i++)
		rc = er_bin_write_var(w, &res->rows[i].bins);
	return rc;
}

int
er_screen_write_selected(FILE *f, const struct er_screen_result *res)
{
	size_t i;

	for (i = 0; i < res->nrows; i++)
		if (res->rows[i].selected && fprintf(f, "%s\n", res->rows[i].name) < 0)
			return ER_EIO;
	return ferror(f) ? ER_EIO : 0;
}

int
er_screen_read_directions(const char *path, char ***names, char **dirs, size_t *n, char *err)
{
	er_reader *r;
	long nc, dc;
	size_t cap = 0;
	int rc, st, status = ER_EDATA;

	*names = NULL;
	*dirs = NULL;
	*n = 0;
	st = er_reader_open1(&r, path, NULL, err);
	if (r == NULL)
		return st;
	nc = er_reader_require(r, "name", err);
	dc = nc < 0 ? -1 : er_reader_require(r, "direction", err);
	if (nc < 0 || dc < 0) {
		er_reader_close(r);
		return ER_EDATA;
	}
	while ((rc = er_reader_next(r)) != 0) {
		const char *d = er_reader_field(r, (size_t)dc);

		if (rc < 0 || strlen(d) != 1 || strchr("+-=?", d[0]) == NULL) {
			status = rc == ER_READ_FAIL ? er_reader_fail_status(r) : ER_EDATA;
			er_fail(err, status, "bad direction '%s' (file %s, line %llu)", rc < 0 ? er_reader_error(r) : d,
			        er_reader_filename(r), (unsigned long long)er_reader_line(r));
			er_reader_close(r);
			goto fail;
		}
		size_t capd = cap; /* two arrays of one length, grown by the same rule */
		if (ER_GROW(*dirs, capd, *n + 1) < 0 || ER_GROW(*names, cap, *n + 1) < 0) {
			er_reader_close(r);
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			goto fail;
		}
		(*names)[*n] = strdup(er_reader_field(r, (size_t)nc));
		if ((*names)[*n] == NULL) {
			er_reader_close(r);
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			goto fail;
		}
		(*dirs)[(*n)++] = d[0];
	}
	er_reader_close(r);
	return 0;
fail:
	while (*n > 0)
		free((*names)[--*n]);
	free(*names);
	free(*dirs);
	*names = NULL;
	*dirs = NULL;
	return status;
}

/* frame: reading a feature table column-major. Numbers are parsed once
 * into one double array per column; a column turns categorical at its first non-number. */
#include "model/frame.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/date.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/strmap.h"
#include "lib/utf8.h"
#include "lib/vec.h"

#define MAX_REPORTED 5

static int
in_list(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

/* The dictionary code of S[0..LEN-1] in C, added when new; (unsigned)-1 when out of memory. */
static unsigned
dict_code(struct er_frame_col *c, const char *s, size_t len)
{
	long at;
	char *copy;

	if (c->codes == NULL) {
		/* a column copied without its map (ensemble_data.c) gets one from its dictionary */
		size_t i;

		if ((c->codes = er_strmap_new()) == NULL)
			return (unsigned)-1;
		for (i = 0; i < c->ndict; i++)
			if (er_strmap_intern(c->codes, c->dict[i], strlen(c->dict[i]), NULL) < 0)
				return (unsigned)-1;
	}
	at = er_strmap_find(c->codes, s, len);
	if (at >= 0)
		return (unsigned)at;
	if (ER_GROW(c->dict, c->capdict, c->ndict + 1) < 0 || (copy = malloc(len + 1)) == NULL)
		return (unsigned)-1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	if (er_strmap_intern(c->codes, s, len, NULL) < 0) {
		free(copy);
		return (unsigned)-1;
	}
	c->dict[c->ndict] = copy;
	return (unsigned)c->ndict++;
}

/* Turns numeric column C (ROWS values) into a categorical one, the numbers written back in
 * shortest form. Returns 0 or -1 when out of memory. */
static int
make_categorical(struct er_frame_col *c, size_t rows, size_t cap)
{
	size_t i;

	c->code = malloc((cap ? cap : 1) * sizeof *c->code);
	if (c->code == NULL)
		return -1;
	for (i = 0; i < rows; i++) {
		char buf[ER_NUM_BUFLEN];
		size_t len;

		if (isnan(c->x[i])) {
			c->code[i] = (unsigned)-1;
			continue;
		}
		len = er_num_format(buf, c->x[i]);
		c->code[i] = dict_code(c, buf, len);
		if (c->code[i] == (unsigned)-1)
			return -1;
	}
	free(c->x);
	c->x = NULL;
	c->categorical = 1;
	return 0;
}

/* Grows the labels and every column to the next capacity: one capacity, CAPROWS, for them
 * all, so each grows from a copy of it to the same size. Past the first rows, when the
 * input's size is known (R), the capacity goes at once to the rows it holds at the rate of
 * bytes per row so far, with a margin (bytes read run ahead of the rows): a wide table's
 * columns are then copied once, not at every doubling, and the room beyond the last row is
 * never touched, so it costs no memory. */
static int
grow_rows(struct er_frame *d, er_reader *r)
{
	size_t need = d->caprows ? d->caprows * 2 : 4096, i, cap = d->caprows;
	int64_t size = er_reader_size(r);
	uint64_t bytes = er_reader_bytes(r), rows = er_reader_rows(r);

	if (d->caprows && size > 0 && bytes > 0 && (uint64_t)size > bytes) {
		double est = (double)rows * ((double)size / (double)bytes) * 1.25 + 4096;
		if (est > (double)need && est < (double)(SIZE_MAX / 64))
			need = (size_t)est;
	}

	if (er_grow(&d->y, &cap, need, sizeof *d->y) < 0)
		return -1;
	for (i = 0; i < d->ncols; i++) {
		struct er_frame_col *c = &d->cols[i];
		size_t ccap = d->caprows;

		if (c->categorical ? er_grow(&c->code, &ccap, need, sizeof *c->code) < 0
		                   : er_grow(&c->x, &ccap, need, sizeof *c->x) < 0)
			return -1;
	}
	d->caprows = need;
	return 0;
}

/* Chooses the kept columns (LIKE's, or every column but the id, the label, the excluded and
 * the unnamed) into D, FIELD[k] their index in the file. Returns 0, ER_EDATA (a column of LIKE
 * is missing, or two kept columns share a name) or ER_ENOMEM, with ERR. */
static int
pick_columns(er_reader *r, const struct er_frame_load_opts *o, struct er_frame *d, size_t *field, long idc, long labc,
             int quiet, char *err)
{
	size_t ncols = er_reader_ncols(r), i;

	if (o->like != NULL) {
		for (i = 0; i < o->like->ncols; i++) {
			const struct er_frame_col *lc = &o->like->cols[i];
			long k = er_reader_require(r, lc->name, err);

			if (k < 0)
				return ER_EDATA;
			field[d->ncols] = (size_t)k;
			d->cols[d->ncols].categorical = lc->categorical;
			d->cols[d->ncols].name = strdup(lc->name);
			if (d->cols[d->ncols++].name == NULL)
				return ER_ENOMEM;
		}
		return 0;
	}
	/* Two indicators of one name would be two features of one name in the model file, which
	 * no reader could tell apart: refused here, where the file and fields are known. */
	er_strmap *seen = er_strmap_new();
	if (seen == NULL)
		return ER_ENOMEM;
	for (i = 0; i < ncols; i++) {
		const char *name = er_reader_colname(r, i);
		int added;

		if ((long)i == idc || (long)i == labc || in_list(o->exclude, o->nexclude, name))
			continue;
		if (name[0] == '\0' && !in_list(o->categorical, o->ncategorical, name)) {
			/* an unnamed column (a spreadsheet's or pandas' index) would be an indicator ""
			 * that no bins file, model or rule can name: it is left out, and said so, unless
			 * an option named it (er-train's id) */
			if (!quiet) {
				char where[ER_WHERELEN];
				er_diag_msg(o->diag, "column %zu has no name: left out%s", i + 1,
				            er_where(where, sizeof where, er_reader_filename(r), 1, NULL));
			}
			continue;
		}
		if (er_strmap_intern(seen, name, strlen(name), &added) < 0) {
			er_strmap_free(seen);
			return ER_ENOMEM;
		}
		if (!added) {
			size_t first = 0;
			while (strcmp(er_reader_colname(r, first), name) != 0)
				first++;
			er_strmap_free(seen);
			return er_fail(err, ER_EDATA,
			               "duplicate column name '%s' (file %s, line 1, fields %zu and %zu)", name,
			               er_reader_filename(r), first + 1, i + 1);
		}
		field[d->ncols] = i;
		d->cols[d->ncols].categorical = in_list(o->categorical, o->ncategorical, name);
		d->cols[d->ncols].name = strdup(name);
		if (d->cols[d->ncols++].name == NULL) {
			er_strmap_free(seen);
			return ER_ENOMEM;
		}
	}
	er_strmap_free(seen);
	return 0;
}

/* The label of the current row (RC from er_reader_next) into *LAB, or why the row is left
 * out (NULL: kept). */
static const char *
row_label(er_reader *r, const struct er_frame_load_opts *o, int rc, long idc, long labc, int *lab)
{
	*lab = ER_LABEL_GOOD;
	if (rc == ER_ROW_BAD)
		return er_reader_error(r);
	if (o->labels != NULL) {
		/* labels joined on the id: the table's own label column is ignored */
		*lab = er_label_table_get(o->labels, er_reader_field(r, (size_t)idc),
		                          er_reader_field_len(r, (size_t)idc));
		return *lab == ER_LABEL_MISSING ? "no label for id" : NULL;
	}
	if (labc >= 0) {
		*lab = er_label_parse(&o->label, er_reader_field(r, (size_t)labc),
		                      er_reader_field_len(r, (size_t)labc));
		if (*lab == ER_LABEL_MISSING)
			return "missing label";
		if (*lab == ER_LABEL_UNKNOWN)
			return "unknown label";
	}
	return NULL;
}

/* 1 when S[0..LEN-1] is made of digits and a number's decoration only (12%, (3), 1,200,
 * 1 000, $5): a spreadsheet's display form of a number, which er_num_parse rightly refuses
 * (1,200 could be 1.2) but which names a number column, not categories. */
static int
number_display_form(const char *s, size_t len)
{
	int digits = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits = 1;
		else if (!strchr("%(),. +-$", s[i]) || ((s[i] == '-' || s[i] == '+') && digits))
			return 0; /* a sign after digits: a band such as 25-34, categories indeed */
	}
	return digits;
}

/* Stores the current row's fields FIELD[k] as row ROW of D's columns. Returns 0 or -1 when
 * out of memory. */
static int
store_row(er_reader *r, const struct er_frame_load_opts *o, struct er_frame *d, const size_t *field, size_t row,
          int quiet)
{
	for (size_t i = 0; i < d->ncols; i++) {
		struct er_frame_col *c = &d->cols[i];
		size_t len;
		const char *s = er_reader_num_field(r, field[i], &len);
		double v;

		/* empty or a missing-value marker (NA, NULL, -, ...), length 0: one rule for every
		 * column */
		int parsed = len == 0 || c->categorical ? ER_NUM_EMPTY : er_num_parse(s, len, &v);
		/* blanks only, in a number column, are as empty */
		if (len == 0 || (!c->categorical && parsed == ER_NUM_EMPTY)) {
			c->missing++;
			if (c->categorical)
				c->code[row] = (unsigned)-1;
			else
				c->x[row] = NAN;
			continue;
		}
		if (!c->categorical) {
			if (parsed == ER_NUM_OK) {
				c->x[row] = v;
				continue;
			}
			if (o->like != NULL) {
				/* the baseline follows the training types: text in a number column is missing */
				c->x[row] = NAN;
				c->missing++;
				continue;
			}
			/* numbers seen before: the column was meant numeric, a stray text flips it; so
			 * was one that starts with a spreadsheet's display form of a number */
			if (!quiet && (row > c->missing || number_display_form(s, len))) {
				char shown[ER_UTF8_EXCERPT + 4], where[ER_WHERELEN];
				er_diag_msg(o->diag, "column '%s' read as categories: '%s' is not a number%s", c->name,
				            er_utf8_excerpt(s, len, shown, sizeof shown),
				            er_reader_where(r, NULL, where, sizeof where));
			}
			if (make_categorical(c, row, d->caprows) != 0)
				return -1;
		}
		c->code[row] = dict_code(c, s, len);
		if (c->code[row] == (unsigned)-1)
			return -1;
	}
	return 0;
}

void
er_frame_load_opts_init(struct er_frame_load_opts *o)
{
	memset(o, 0, sizeof *o);
	o->id_col = "id";
	o->label_col = "label";
	er_label_init(&o->label, NULL);
}

/* 1 when C separates the words of a column name. */
static int
name_sep(char c)
{
	return c == '_' || c == '-' || c == ' ' || c == '.';
}

/* 1 when NAME reads as an id column under another name: "ID", "Id", "client_id",
 * "SK_ID_CURR", "id_card" (any case), the camelCase "ClientID", "customerId", "IdCard", and
 * a row index ("idx", "index"); not "paid", "PAID" or "valid", where id ends a word. */
static int
looks_like_id(const char *name)
{
	/* a row index is ids too (pandas writes an unnamed one back as "Unnamed: 0") */
	if (strcasecmp(name, "idx") == 0 || strcasecmp(name, "index") == 0 || strncmp(name, "Unnamed: ", 9) == 0)
		return 1;
	size_t n = strlen(name);
	for (size_t i = 0; i + 2 <= n; i++) {
		if (tolower((unsigned char)name[i]) != 'i' || tolower((unsigned char)name[i + 1]) != 'd')
			continue;
		/* a capital I after a small letter starts a camelCase word */
		int start = i == 0 || name_sep(name[i - 1]) || (name[i] == 'I' && islower((unsigned char)name[i - 1]));
		/* "Id" then a capital letter ends one */
		int end = i + 2 == n || name_sep(name[i + 2]) ||
			(name[i] == 'I' && name[i + 1] == 'd' && isupper((unsigned char)name[i + 2]));
		if (start && end)
			return 1;
	}
	return 0;
}

const char *
er_frame_id_col(const er_reader *r, const char *id_col)
{
	if (strcmp(id_col, "id") != 0 || er_reader_col(r, "id") >= 0)
		return id_col;
	size_t ncols = er_reader_ncols(r);
	if (ncols > 0 && er_reader_colname(r, 0)[0] == '\0')
		return "";
	/* ids under another name ("ID", "client_id"): the caller's error names the columns,
	 * rather than numbering the rows and taking the ids for an indicator */
	for (size_t j = 0; j < ncols; j++)
		if (looks_like_id(er_reader_colname(r, j)))
			return id_col;
	return NULL;
}

int
er_frame_load(er_reader *r, const struct er_frame_load_opts *o, struct er_frame *d, int quiet, char *err)
{
	size_t ncols = er_reader_ncols(r), reported = 0;
	size_t *field = NULL; /* column index in the file for each kept column */
	long idc = -1, labc = -1;
	int rc;

	memset(d, 0, sizeof *d);
	if (o->labels != NULL) {
		/* labels are joined on the ids: a table without them cannot take any */
		const char *id_col = er_frame_id_col(r, o->id_col);
		idc = er_reader_require(r, id_col ? id_col : o->id_col, err);
		if (idc < 0)
			return ER_EDATA;
		/* a label column left in the table is not an indicator either */
		if (o->label_col != NULL)
			labc = er_reader_col(r, o->label_col);
	} else {
		idc = er_reader_col(r, o->id_col);
		if (o->label_col != NULL) {
			labc = er_reader_require(r, o->label_col, err);
			if (labc < 0)
				return ER_EDATA;
		}
	}
	d->cols = calloc(ncols ? ncols : 1, sizeof *d->cols);
	field = calloc(ncols ? ncols : 1, sizeof *field);
	if (d->cols == NULL || field == NULL)
		goto nomem;
	if ((rc = pick_columns(r, o, d, field, idc, labc, quiet, err)) == ER_ENOMEM)
		goto nomem;
	long datec = o->date_col ? er_reader_col(r, o->date_col) : -1;
	if (rc != 0) {
		free(field);
		er_frame_free(d);
		return rc;
	}
	size_t rowcap = 0;
	while ((rc = er_reader_next(r)) != 0) {
		int lab;
		size_t row = d->nrows;

		er_progress_rows(o->progress, r);

		if (rc == ER_READ_FAIL) {
			int st = er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			                 er_reader_error(r));
			free(field);
			er_frame_free(d);
			return st;
		}
		const char *why = row_label(r, o, rc, idc, labc, &lab);
		er_day day;
		if (why == NULL && datec >= 0 &&
		    er_date_parse(er_reader_field(r, (size_t)datec), er_reader_field_len(r, (size_t)datec), NULL, &day,
		                  NULL) != ER_DATE_OK) {
			/* the date decides the row's set: without one it belongs to none */
			if (!quiet && reported++ < MAX_REPORTED) {
				char where[ER_WHERELEN], shown[ER_UTF8_EXCERPT + 4];
				size_t len = er_reader_field_len(r, (size_t)datec);
				er_diag_msg(o->diag, "row left out: %s%s%s%s", len ? "bad date '" : "no date",
				            len ? er_utf8_excerpt(er_reader_field(r, (size_t)datec), len, shown,
				                                  sizeof shown)
				                : "",
				            len ? "'" : "", er_reader_where(r, o->date_col, where, sizeof where));
			}
			d->rejected++;
			continue;
		}
		if (why != NULL) {
			/* a malformed row has no field worth quoting: the reader says what is wrong */
			if (!quiet && reported++ < MAX_REPORTED) {
				char where[ER_WHERELEN];

				er_reader_where(r, NULL, where, sizeof where);
				if (rc == ER_ROW_BAD)
					er_diag_msg(o->diag, "row left out: %s%s", why, where);
				else
					er_diag_msg(o->diag, "row left out: %s '%s'%s", why,
					            o->labels == NULL && labc >= 0 ? er_reader_field(r, (size_t)labc)
					                    : idc >= 0             ? er_reader_field(r, (size_t)idc)
					                                           : "",
					            where);
			}
			d->rejected++;
			continue;
		}
		if (row == d->caprows && grow_rows(d, r) != 0)
			goto nomem;
		if (o->rownos && ER_GROW(d->rowno, rowcap, row + 1) < 0)
			goto nomem;
		if (o->rownos)
			d->rowno[row] = er_reader_rows(r);
		d->y[row] = (unsigned char)(lab == ER_LABEL_BAD);
		if (store_row(r, o, d, field, row, quiet) != 0)
			goto nomem;
		d->nrows++;
	}
	if (!quiet && reported > MAX_REPORTED)
		er_diag_msg(o->diag, "%zu more rows left out (file %s)", reported - MAX_REPORTED,
		            er_reader_filename(r));
	free(field);
	return 0;
nomem:
	free(field);
	er_frame_free(d);
	return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", er_reader_filename(r));
}

void
er_frame_free(struct er_frame *d)
{
	size_t i, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->ncols; i++) {
		struct er_frame_col *c = &d->cols[i];

		free(c->name);
		free(c->x);
		free(c->code);
		for (j = 0; j < c->ndict; j++)
			free(c->dict[j]);
		free(c->dict);
		er_strmap_free(c->codes);
	}
	free(d->cols);
	free(d->y);
	free(d->rowno);
	memset(d, 0, sizeof *d);
}

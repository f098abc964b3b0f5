/* table: opening side tables, reading their good rows and reporting their bad fields. */
#include "lib/table.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/utf8.h"

int
er_table_bind(const er_reader *r, const char *const *cols, size_t ncols, long *idx, char *err)
{
	for (size_t i = 0; i < ncols; i++) {
		const char *name = cols[i];
		if (name[0] == '?') {
			idx[i] = er_reader_col(r, name + 1);
			continue;
		}
		idx[i] = er_reader_require(r, name, err);
		if (idx[i] < 0)
			return -1;
	}
	return er_reader_check(r, err) ? -1 : 0;
}

int
er_table_open(er_reader **out, const char *path, const struct er_reader_opts *opts, const char *const *cols,
              size_t ncols, long *idx, char *err)
{
	/* a side table shares the encoding and missing markers of the main input, not its format */
	struct er_reader_opts o = {0};
	if (opts)
		o = *opts;
	o.format = ER_FMT_AUTO;
	o.allow_ragged = 0;
	/* PATHS outlives every use of the reader's file name in this function (the
	 * missing-column message below). */
	char *paths[1] = {(char *)path};
	er_reader *r;
	int st = er_reader_open(&r, paths, 1, &o, err);
	*out = NULL;
	if (st)
		return st == ER_ENOMEM ? ER_ENOMEM : ER_EIO;
	if (er_table_bind(r, cols, ncols, idx, err) != 0) {
		er_reader_close(r);
		return ER_EIO;
	}
	*out = r;
	return 0;
}

const char *
er_table_field(const er_reader *r, long idx, size_t *len)
{
	if (idx < 0) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = er_reader_field_len(r, (size_t)idx);
	return er_reader_field(r, (size_t)idx);
}

const char *
er_table_num_field(const er_reader *r, long idx, size_t *len)
{
	size_t n;
	const char *s = er_table_field(r, idx, &n);
	if (n && er_reader_is_na(r, s, n)) {
		s = "";
		n = 0;
	}
	if (len)
		*len = n;
	return s;
}

void
er_table_warn(const struct er_diag *d, const er_reader *r, const char *field, const char *fmt, ...)
{
	char what[ER_ERRLEN], where[ER_WHERELEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	er_diag_msg(d, "%s%s", what, er_reader_where(r, field, where, sizeof where));
}

void
er_table_bad_value(const struct er_diag *d, const er_reader *r, const char *field, const char *what, const char *value)
{
	char shown[ER_UTF8_EXCERPT + 4];
	er_table_warn(d, r, field, "%s '%s'", what, er_utf8_excerpt(value, strlen(value), shown, sizeof shown));
}

int
er_table_next(const struct er_diag *d, er_reader *r, const char *malformed, unsigned long *errors, char *err)
{
	for (;;) {
		int got = er_reader_next(r);
		if (got == 1 || got == 0)
			return got;
		if (got == ER_READ_FAIL) {
			er_fail(err, 0, "%s", er_reader_error(r));
			return ER_READ_FAIL;
		}
		er_table_warn(d, r, NULL, "%s%s", malformed, er_reader_error(r));
		(*errors)++;
	}
}

int
er_table_next_keyed(const struct er_diag *d, er_reader *r, long key_idx, const char *key_name, unsigned long *errors,
                    const char **key, size_t *len, char *err)
{
	for (;;) {
		int got = er_table_next(d, r, "malformed row: ", errors, err);
		if (got != 1)
			return got;
		*key = er_table_field(r, key_idx, len);
		if (*len > 0)
			return 1;
		er_table_warn(d, r, key_name, "empty %s", key_name);
		(*errors)++;
	}
}

int
er_table_done(er_reader *r, int got, int status)
{
	if (got == ER_READ_FAIL)
		status = er_reader_fail_status(r);
	er_reader_close(r);
	return status;
}

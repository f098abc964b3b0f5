/* profile_table: opening side tables and reporting their bad fields. */
#include "credit/profile_table.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"

er_reader *er_profile_table_open(const char *path, const struct er_reader_opts *opts,
                                 const char *const *cols, size_t ncols, long *idx,
                                 char *err, int *status)
{
	struct er_reader_opts o = {ER_FMT_AUTO, opts ? opts->max_field : 0, 0};
	int st = 0;
	/* PATHS outlives every use of the reader's file name in this function (the
	 * missing-column message below). */
	char *paths[1] = {(char *)path};
	er_reader *r = er_reader_open(paths, 1, &o, err, &st);
	if (!r) {
		if (status)
			*status = st == ER_ENOMEM ? ER_ENOMEM : ER_EIO;
		return NULL;
	}
	for (size_t i = 0; i < ncols; i++) {
		const char *name = cols[i];
		if (name[0] == '?') {
			idx[i] = er_reader_col(r, name + 1);
			continue;
		}
		idx[i] = er_reader_require(r, name, err);
		if (idx[i] < 0) {
			er_reader_close(r);
			if (status)
				*status = ER_EIO;
			return NULL;
		}
	}
	return r;
}

const char *er_profile_table_field(const er_reader *r, long idx, size_t *len)
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

void er_profile_table_warn(const er_reader *r, const char *field, const char *fmt, ...)
{
	char what[ER_ERRLEN], where[ER_WHERELEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	er_warn("%s%s", what, er_reader_where(r, field, where, sizeof where));
}

int er_profile_table_next(er_reader *r, unsigned long *errors, char *err, int *status)
{
	for (;;) {
		int got = er_reader_next(r);
		if (got == 1 || got == 0)
			return got;
		if (got == ER_READ_FAIL) {
			*status = er_fail(err, ER_EIO, "%s", er_reader_error(r));
			return -1;
		}
		er_profile_table_warn(r, NULL, "malformed row: %s", er_reader_error(r));
		(*errors)++;
	}
}

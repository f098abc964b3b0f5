/* profile_table: small side tables of er-profile and er-decide (products, registry,
 * tags, ...) read through er_reader with their required columns, and the one-line
 * report of a bad field. */
#ifndef ER_PROFILE_TABLE_H
#define ER_PROFILE_TABLE_H

#include <stddef.h>

#include "lib/reader.h"

/* Opens PATH (format sniffed, max_field from OPTS, which may be NULL) and finds the
 * NCOLS columns COLS; IDX[i] is the index of COLS[i], or -1 for an optional column
 * (names starting with '?', given without the '?'). Returns NULL with ERR and *STATUS:
 * ER_EIO cannot open or read, or a required column is missing; ER_ENOMEM.
 * The caller closes the reader. */
er_reader *er_profile_table_open(const char *path, const struct er_reader_opts *opts,
                                 const char *const *cols, size_t ncols, long *idx,
                                 char *err, int *status);

/* Field IDX of the current row ("" when IDX < 0), its length in *LEN (LEN may be NULL). */
const char *er_profile_table_field(const er_reader *r, long idx, size_t *len);

/* Reads the next good row of a side table: a malformed row is reported and added to
 * *ERRORS. Returns 1 a row, 0 the end, or -1 on a read failure (ERR set, *STATUS ER_EIO). */
int er_profile_table_next(er_reader *r, unsigned long *errors, char *err, int *status);

/* Reports "PROG: WHAT (file F, line N, field FIELD)" on stderr for the current row of R
 * (FIELD NULL: no field part). Can't fail. */
void er_profile_table_warn(const er_reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

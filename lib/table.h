/* table: the loop every loader of a small side table shares (products, registry, tags,
 * er-features' accounts and bills, ...): open the file, map its header to the columns
 * the loader names, read the good rows, report a malformed row with file and line and a
 * bad field with file, line and field. What a row means is the loader's business. */
#ifndef ER_TABLE_H
#define ER_TABLE_H

#include <stddef.h>

#include "lib/diag.h"
#include "lib/reader.h"

/* Finds the NCOLS columns COLS in R's header: IDX[i] is the index of COLS[i], or -1 for
 * an optional column (a name starting with '?', given without the '?'). Returns 0, or
 * -1 with ERR (er_reader_require's message) for the first required column missing, or for a
 * column looked up that the header names twice (er_reader_check). */
int er_table_bind(const er_reader *r, const char *const *cols, size_t ncols, long *idx, char *err);

/* Opens PATH (format sniffed, max_field from OPTS, which may be NULL) into *OUT and binds
 * its columns as er_table_bind does. Returns 0, or with ERR and *OUT NULL: ER_EIO cannot
 * open or read, or a required column is missing; ER_ENOMEM. The caller closes the reader. */
int er_table_open(er_reader **out, const char *path, const struct er_reader_opts *opts, const char *const *cols,
                  size_t ncols, long *idx, char *err);

/* Field IDX of the current row ("" when IDX < 0), its length in *LEN (LEN may be NULL). */
const char *er_table_field(const er_reader *r, long idx, size_t *len);

/* er_table_field for a numeric column: a missing-value marker (er_reader_is_na: NA, NULL, -,
 * ..., or the --na list) reads as "", so callers treat it as the empty field. */
const char *er_table_num_field(const er_reader *r, long idx, size_t *len);

/* Reads the next good row, signalling as er_reader_next does: a malformed row is handed to
 * D ("MALFORMED<why> (file F, line N)", MALFORMED a prefix such as "malformed row: " or "")
 * and added to *ERRORS. Returns 1 a row, 0 the end, or ER_READ_FAIL with ERR (the reader's
 * error; er_reader_fail_status(R) is ER_EIO, or ER_ENOMEM when the reader ran out of memory). */
int er_table_next(const struct er_diag *d, er_reader *r, const char *malformed, unsigned long *errors, char *err);

/* Reads the next good row, as er_table_next with MALFORMED "malformed row: ", whose key
 * column KEY_IDX is not empty: a row with an empty key is handed to D ("empty KEY_NAME",
 * field KEY_NAME) and added to *ERRORS. The key in *KEY (*LEN bytes). Returns as
 * er_table_next. */
int er_table_next_keyed(const struct er_diag *d, er_reader *r, long key_idx, const char *key_name,
                        unsigned long *errors, const char **key, size_t *len, char *err);

/* Ends a loader's read of R: closes R and returns STATUS, or, when GOT (the last
 * er_table_next result) is ER_READ_FAIL, the reader's failure status. Can't fail. */
int er_table_done(er_reader *r, int got, int status);

/* Hands "WHAT (file F, line N, field FIELD)" to D for the current row of R
 * (FIELD NULL: no field part). Can't fail. */
void er_table_warn(const struct er_diag *d, const er_reader *r, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Hands "WHAT 'VALUE' (file F, line N, field FIELD)" to D for the current row of R,
 * VALUE (NUL-terminated) cut to a short excerpt. Can't fail. */
void er_table_bad_value(const struct er_diag *d, const er_reader *r, const char *field, const char *what,
                        const char *value);

#endif

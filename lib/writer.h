/* writer: CSV or TSV rows to a file descriptor, buffered in large blocks.
 *
 * CSV fields are quoted only when they must be (delimiter, quote, CR or LF inside),
 * through libcsv's csv_write2. TSV has no quoting, so a tab, CR or LF inside a field
 * is an error or is replaced by a space, as the caller chooses. With safe_csv a field
 * that a spreadsheet would run as a formula (=, +, -, @ first, not a number) gets a
 * leading apostrophe. */
#ifndef ER_WRITER_H
#define ER_WRITER_H

#include <stddef.h>

#include "lib/err.h"
#include "lib/reader.h"

struct er_writer_opts {
	enum er_format format; /* ER_FMT_CSV or ER_FMT_TSV (AUTO means CSV) */
	int line_buffered;     /* 1: flush after every row */
	int tsv_replace;       /* 1: tab, CR and LF inside a TSV field become a space; 0: error */
	int safe_csv;          /* 1: neutralise formula-like fields */
};

typedef struct er_writer er_writer;

/* Creates a writer on FD (not closed by the writer) named NAME in messages.
 * OPTS may be NULL (CSV). Returns NULL only when out of memory. */
er_writer *er_writer_open(int fd, const char *name, const struct er_writer_opts *opts);

/* Creates or truncates PATH (MODE before the umask) and puts a writer on it that owns the
 * descriptor; PATH "-" is standard output (named "stdout", not closed). PATH must outlive
 * *W (it names the file in messages). Returns 0, or
 * ER_EIO ("cannot open 'PATH': why") / ER_ENOMEM with ERR, *W NULL. Finish with
 * er_writer_finish. */
int er_writer_create(er_writer **w, const char *path, int mode, const struct er_writer_opts *opts, char *err);

/* Flushes W, closes the descriptor it owns (er_writer_create) and frees it; W may be NULL.
 * ST is the caller's status so far: returned unchanged when non-zero (ERR untouched), else a
 * failed write or close gives ER_EIO with ERR ("write error 'NAME': why"). */
int er_writer_finish(er_writer *w, int st, char *err);

/* Appends one field of LEN bytes to the current row. Returns 0, ER_EDATA (a tab or
 * newline in a TSV field with tsv_replace off; message in er_writer_error) or ER_EIO. */
int er_writer_field(er_writer *w, const char *s, size_t len);

/* er_writer_field for a NUL-terminated string; NULL writes an empty field. */
int er_writer_str(er_writer *w, const char *s);

/* Writes V in the shortest form that reads back to the same double; NaN or an
 * infinity writes an empty field (a value that cannot be computed is empty). */
int er_writer_double(er_writer *w, double v);

/* Writes a whole number. */
int er_writer_int(er_writer *w, long long v);

/* Ends the current row (LF). Returns 0 or ER_EIO. */
int er_writer_end_row(er_writer *w);

/* Writes N fields and ends the row. */
int er_writer_row(er_writer *w, const char *const *fields, size_t n);

/* Writes everything buffered. Returns 0 or the first failure seen (sticky), ER_EIO. */
int er_writer_flush(er_writer *w);

/* The bytes written since the last flush (a row, when the caller flushes after each one and the
 * row is shorter than the write block), in *LEN; valid until the next call on W. Can't fail. */
const char *er_writer_pending(const er_writer *w, size_t *len);

/* Writes S[0..N-1] as they are: rows written earlier by a writer of the same options (a
 * resend). Returns 0 or ER_EIO. */
int er_writer_raw(er_writer *w, const char *s, size_t n);

/* Why the last call failed, e.g. "write error 'stdout': No space left on device". */
const char *er_writer_error(const er_writer *w);

/* Flushes and frees W (W may be NULL). Returns 0 or ER_EIO when the flush failed;
 * a failure seen earlier is returned again, so one check at the end suffices. To print
 * why, call er_writer_flush and er_writer_error first: W is gone after this call. */
int er_writer_close(er_writer *w);

#endif

/* reader: CSV (RFC 4180, through libcsv) and TSV tables with a header row.
 *
 * One reader walks one or more files as a single table: the header of the first
 * file names the columns and every later file must have the same header. The
 * format is sniffed from the header line (a tab and no comma: TSV) unless forced.
 * Input in another encoding (declared, or UTF-16 with a byte order mark) is converted to
 * UTF-8 first; invalid UTF-8 is a bad row (a bad header: the open fails). A UTF-8 byte order
 * mark is stripped; Excel's "sep=X" first line is skipped and its separator used (X: comma,
 * semicolon or tab); CRLF, LF, CR alone and a missing final newline are accepted; blank
 * lines and lines of separators only (a spreadsheet's empty row, ",,,") are skipped (and
 * counted as lines). A malformed CSV row costs that row only:
 * reading resumes on the line after the one it began on. Fields are addressed
 * by index or by column name. Memory is bounded by the longest record, except that
 * a field longer than max_field is refused rather than buffered. */
#ifndef ER_READER_H
#define ER_READER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

enum er_format { ER_FMT_AUTO = 0, ER_FMT_CSV, ER_FMT_TSV };

/* The encoding of the input, converted to UTF-8 before parsing (a UTF-16 byte order mark is
 * honoured whatever is declared). */
enum er_encoding { ER_ENC_UTF8 = 0, ER_ENC_GBK, ER_ENC_GB18030, ER_ENC_UTF16 };

#define ER_MAX_FIELD_DEFAULT (64u << 20)

struct er_reader_opts {
	enum er_format format; /* ER_FMT_AUTO sniffs the header line */
	size_t max_field;      /* longest field accepted; 0 means ER_MAX_FIELD_DEFAULT */
	int allow_ragged;      /* 1: a row with a different field count is returned as read */
	enum er_encoding encoding;
	const char *na; /* comma-separated missing-value markers; NULL: ER_NA_DEFAULT */
	int checksum;   /* 1: keep the XXH3-64 of every byte read (er_reader_checksum) */
};

/* The default missing-value markers of numeric fields (besides the empty field). */
#define ER_NA_DEFAULT "NA,N/A,#N/A,NULL,null,NaN,nan,-,--,#DIV/0!,#VALUE!,#REF!,#NUM!,#NAME?,#NULL!,\\N"

/* What er_reader_next returns besides 1 (a row) and 0 (end of input). */
enum er_read_result {
	ER_ROW_BAD = -1,  /* malformed row: its fields are readable, er_reader_error says why; a
	                     malformed CSV row's are its first line's fields as they stand (split at
	                     each separator, a field with a stray or unclosed quote byte for byte),
	                     so that a rejects table keeps what was read; reading may go on */
	ER_READ_FAIL = -2 /* I/O error, out of memory or an unreadable next file: stop;
	                     er_reader_error says why, er_reader_fail_status which status */
};

typedef struct er_reader er_reader;

/* Opens PATHS[0..NPATHS-1] as one table ("-" is stdin; NPATHS 0 reads stdin) into *OUT and
 * reads the header, and the header of every later input that is a regular file. OPTS may be
 * NULL. Returns 0, or ER_EIO (cannot open or read), ER_EDATA (bad header, or a later file's
 * header differs: ERR names both files and the first differing column) or ER_ENOMEM with ERR
 * and *OUT NULL. Empty input is not an error: the table
 * has no columns and no rows. The caller frees the reader with er_reader_close. */
int er_reader_open(er_reader **out, char *const *paths, size_t npaths, const struct er_reader_opts *opts, char *err);

/* Same as er_reader_open for one path (NULL or "-": stdin). */
int er_reader_open1(er_reader **out, const char *path, const struct er_reader_opts *opts, char *err);

/* Reads the next data row: 1 a row, 0 end of input, ER_ROW_BAD or ER_READ_FAIL. */
int er_reader_next(er_reader *r);

/* The XXH3-64 (seed 0) of every byte read so far, of all files in turn, in *OUT: 0, or -1
 * when the reader was not opened with opts.checksum. After the last row it is the checksum
 * of the input as it is on disk (before any transcoding). */
int er_reader_checksum(const er_reader *r, uint64_t *out);

/* Number of fields of the current row. */
size_t er_reader_nfields(const er_reader *r);

/* Field I of the current row, NUL-terminated (an embedded NUL shortens it; see
 * er_reader_field_len), or "" when I is out of range. Valid until the next er_reader_next. */
const char *er_reader_field(const er_reader *r, size_t i);

/* Length in bytes of field I of the current row (0 when out of range). The fields of a
 * row are stored one after another, each followed by a NUL, so field I+1 starts at
 * er_reader_field(r, I) + er_reader_field_len(r, I) + 1. */
size_t er_reader_field_len(const er_reader *r, size_t i);

/* Field I of the current row read as a number's text (see er_reader_is_na): its text, and in
 * *LEN its length, or 0 when it is a missing-value marker or I is out of range. One call per
 * numeric field instead of three, for the scoring and training loops. Can't fail. */
const char *er_reader_num_field(const er_reader *r, size_t i, size_t *len);

/* Field I (< er_reader_ncols) of the current row fitted to the header, for writing a row
 * back (a rejects table): a missing field is empty, and the fields past the header are
 * joined into the last column with the input's separator, so nothing is lost and the row
 * has the header's field count. Its length in *LEN; valid until the next call or row.
 * Returns NULL when out of memory. */
const char *er_reader_fitted_field(er_reader *r, size_t i, size_t *len);

/* Number of columns of the header (0 for empty input). */
size_t er_reader_ncols(const er_reader *r);

/* Name of column I, or NULL when out of range. */
const char *er_reader_colname(const er_reader *r, size_t i);

/* Index of the column called NAME (the first), or -1. A name the header holds more than once
 * is ambiguous: it makes er_reader_check and every later er_reader_next fail (ER_EDATA). */
long er_reader_col(const er_reader *r, const char *name);

/* Index of the column called NAME; when absent, -1 with "no column 'NAME' in FILE
 * (columns: a, b, c)" in ERR; when the header holds it more than once, -1 with
 * er_reader_check's message. */
long er_reader_require(const er_reader *r, const char *name, char *err);

/* After the columns are looked up: 0, or ER_EDATA with "column 'NAME' appears N times in
 * 'FILE': rename all but one" in ERR when one looked up is named twice in the header. */
int er_reader_check(const er_reader *r, char *err);

/* The status of the last ER_READ_FAIL: ER_ENOMEM when out of memory, ER_EDATA when a later
 * file's header differs from the first's (or is malformed), else ER_EIO. */
int er_reader_fail_status(const er_reader *r);

/* The input file's name for messages ("stdin" for standard input). */
const char *er_reader_filename(const er_reader *r);

/* er_where for the current row: " (file F, line N)" or " (file F, line N, field FIELD)" in BUF
 * (N bytes, ER_WHERELEN is enough), returned. Can't fail. */
const char *er_reader_where(const er_reader *r, const char *field, char *buf, size_t n);

/* Line number (1-based, header is line 1) where the current row starts. */
uint64_t er_reader_line(const er_reader *r);

/* Number of data rows returned so far, good and bad, in all files. */
uint64_t er_reader_rows(const er_reader *r);

/* Bytes read so far from all files, for progress. */
uint64_t er_reader_bytes(const er_reader *r);

/* Total size of all inputs when they are regular files, else -1. */
int64_t er_reader_size(const er_reader *r);

/* The format of the input (CSV or TSV; CSV for empty input). */
enum er_format er_reader_format(const er_reader *r);

/* What was wrong with the last bad row. */
enum er_bad_kind { ER_BAD_NONE = 0, ER_BAD_CSV, ER_BAD_FIELDS, ER_BAD_NUL, ER_BAD_TOO_LONG, ER_BAD_UTF8 };

/* The kind of the last ER_ROW_BAD (ER_BAD_NONE after a good row). */
enum er_bad_kind er_reader_bad_kind(const er_reader *r);

/* The column the last ER_BAD_UTF8 or ER_BAD_CSV row failed in (for CSV: the field holding the
 * stray or unclosed quote), or "" (other kinds, a field past the header). Can't fail. */
const char *er_reader_bad_column(const er_reader *r);

/* The reason code rejects files give a bad row of kind K: "csv", "fields", "nul",
 * "too_long" or "utf8". Can't fail. */
const char *er_reader_bad_code(enum er_bad_kind k);

/* Why the last row was bad or the last read failed (no program name, no location). */
const char *er_reader_error(const er_reader *r);

/* The option spelling of encoding E ("utf-8", "gbk", "gb18030", "utf-16"). Can't fail. */
const char *er_reader_encoding_name(enum er_encoding e);

/* Whether S[0..LEN-1], a field of a numeric column, is missing: empty or one of the reader's
 * missing-value markers (opts.na). Can't fail. */
int er_reader_is_na(const er_reader *r, const char *s, size_t len);

/* Closes all files and frees R. R may be NULL. */
void er_reader_close(er_reader *r);

#endif

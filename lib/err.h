/* err: exit statuses and one-line error messages shared by every tool.
 * Messages follow one shape: "er-NAME: what failed 'subject' (file F, line N)",
 * lowercase, no trailing period. The library never exits; tools decide. */
#ifndef ER_ERR_H
#define ER_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses, documented in every man page. */
enum er_status {
	ER_OK = 0,     /* success: every row written */
	ER_EDATA = 1,  /* data errors: some rows rejected or a runtime failure */
	ER_EUSAGE = 2, /* bad options or arguments */
	ER_EIO = 3,    /* cannot open, read, write or close a file; a bad model or state file */
	ER_ENOMEM = 4, /* out of memory */
	ER_EFLAG = 5   /* a check raised a flag (er-verify fail rule, er-alert --fail-on) */
};

/* Room for one error message; every function that fills an err buffer uses this size. */
#define ER_ERRLEN 512

/* Sets the program name printed before every message; NAME must outlive its use. */
void er_set_progname(const char *name);

/* Returns the program name set by er_set_progname, or "er". */
const char *er_progname(void);

/* Prints "PROG: MESSAGE\n" on stderr, control characters replaced by '?'. Can't fail. */
void er_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Same as er_warn with a va_list. */
void er_vwarn(const char *fmt, va_list ap);

/* Formats into ERR (ER_ERRLEN bytes) and returns STATUS, so callers can write
 * "return er_fail(err, ER_EIO, ...)". */
int er_fail(char *err, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Room for er_where's text: longer ones are cut, as er_warn cuts a whole message at this. */
#define ER_WHERELEN (2 * ER_ERRLEN)

/* Writes the end of a message that points into a file, " (file FILE, line LINE)", or with a
 * FIELD (not NULL or empty) " (file FILE, line LINE, field FIELD)", into BUF (N bytes, cut when
 * longer) and returns BUF. Can't fail. */
const char *er_where(char *buf, size_t n, const char *file, uint64_t line, const char *field);

/* Prints the usage hint "PROG: MESSAGE" and "Try 'PROG --help' ..." on stderr; returns ER_EUSAGE. */
int er_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

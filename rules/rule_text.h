/* rule_text: the small CSV configuration files of er-verify and er-alert (rules, alert
 * policy, alert state), read whole into memory.
 *
 * RFC 4180 quoting; LF or CRLF; a record whose first byte is '#' is a comment and runs to
 * the end of its line; blank lines are skipped. Unlike er_reader, comments are allowed and
 * the field count may vary, because these files are written by hand. Also a growing byte
 * buffer that writes CSV fields, for files that must be written in one piece. */
#ifndef ER_RULE_TEXT_H
#define ER_RULE_TEXT_H

#include <stddef.h>

#include "lib/buf.h"

struct er_rule_text {
	const char *p, *end;    /* the rest of the text */
	unsigned long line;     /* line number of *p */
	unsigned long rec_line; /* line where the current record starts */
	char **fields;          /* the current record's fields, NUL-terminated */
	size_t nfields;
	size_t fields_cap;
	char *buf; /* storage of the fields */
	size_t buf_len, buf_cap;
	size_t *offs; /* field starts in buf while a record is read */
	size_t offs_cap;
};

/* Starts reading TEXT[0..LEN-1], which must outlive T. Can't fail. */
void er_rule_text_init(struct er_rule_text *t, const char *text, size_t len);

/* Reads the next record into t->fields[0..t->nfields-1] (t->rec_line its line); at the end
 * of the text t->nfields is 0. Returns 0, ER_EDATA when malformed (message in ERR, ER_ERRLEN
 * bytes, without file or line) or ER_ENOMEM. */
int er_rule_text_next(struct er_rule_text *t, char *err);

/* Frees what T holds (not the text). */
void er_rule_text_free(struct er_rule_text *t);

/* Reads the whole file PATH ("-" is stdin) into *OUT, a NUL-terminated buffer the caller
 * frees; *LEN gets its length. Returns 0, or ER_EIO or ER_ENOMEM with ERR (*OUT NULL). */
int er_rule_text_read_file(char **out, const char *path, size_t *len, char *err);

/* Appends S as one CSV field, quoted when it holds a comma, quote, CR or LF, or starts with
 * '#' (which would read as a comment); a ',' goes before it unless FIRST. Returns 0 or -1. */
int er_rule_text_csv(struct er_buf *b, const char *s, int first);

#endif

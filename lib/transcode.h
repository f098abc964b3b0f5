/* transcode: a streaming converter from a legacy encoding (GBK, GB18030, UTF-16) to UTF-8,
 * through glibc's iconv, fed one block at a time: a character split between two blocks is
 * kept until the next one completes it. */
#ifndef ER_TRANSCODE_H
#define ER_TRANSCODE_H

#include <stddef.h>

typedef struct er_transcode er_transcode;

/* Opens a converter from the iconv encoding FROM ("GBK", "GB18030", "UTF-16", "UTF-16LE",
 * ...) to UTF-8 into *OUT. Returns 0, ER_EUSAGE when iconv does not know FROM, or ER_ENOMEM,
 * with a message in ERR. The caller frees it with er_transcode_close. */
int er_transcode_open(er_transcode **out, const char *from, char *err);

/* Converts the whole characters of IN[0..INLEN-1] into OUT[0..OUTCAP-1]: *USED gets the input
 * bytes taken, *MADE the output bytes written; an incomplete character at the end of IN and
 * characters that do not fit OUT are left for the next call. Returns 0, or -1 when the input
 * at IN + *USED is not a character of the encoding. Can't fail otherwise. */
int er_transcode_run(er_transcode *t, const char *in, size_t inlen, size_t *used, char *out, size_t outcap,
                     size_t *made);

/* Frees T. T may be NULL. */
void er_transcode_close(er_transcode *t);

#endif

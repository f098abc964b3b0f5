/* utf8: validation of UTF-8 text (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
#ifndef ER_UTF8_H
#define ER_UTF8_H

#include <stddef.h>

/* Returns the offset of the first byte that is not valid UTF-8, or LEN when all is valid. */
size_t er_utf8_check(const char *s, size_t len);

/* Number of characters (code points) of valid UTF-8 text S[0..LEN-1]. */
size_t er_utf8_length(const char *s, size_t len);

/* Longest excerpt of a value quoted in a message, in bytes (before the "..."). */
#define ER_UTF8_EXCERPT 40

/* Copies S[0..LEN-1] for a message into BUF (BUFSIZE >= ER_UTF8_EXCERPT + 4 bytes for the
 * whole excerpt): at most ER_UTF8_EXCERPT bytes, cut before a UTF-8 continuation byte, then
 * "..." when cut; NUL bytes become '?', so a hostile value can neither flood stderr nor cut
 * the message. Returns BUF. Can't fail. */
const char *er_utf8_excerpt(const char *s, size_t len, char *buf, size_t bufsize);

#endif

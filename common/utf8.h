/* utf8: validation of UTF-8 text (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
#ifndef ER_UTF8_H
#define ER_UTF8_H

#include <stddef.h>

/* Returns the offset of the first byte that is not valid UTF-8, or LEN when all is valid. */
size_t er_utf8_check(const char *s, size_t len);

/* Number of characters (code points) of valid UTF-8 text S[0..LEN-1]. */
size_t er_utf8_length(const char *s, size_t len);

#endif

/* utf8: a byte-at-a-time validator with an ASCII fast path, which is the common case. */
#include "lib/utf8.h"

#include <stdint.h>
#include <string.h>

size_t
er_utf8_check(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		/* ASCII 32 bytes at a time, one test for four words: the usual run of a block */
		if (i + 32 <= len) {
			uint64_t w[4];
			memcpy(w, p + i, 32);
			if (((w[0] | w[1] | w[2] | w[3]) & UINT64_C(0x8080808080808080)) == 0) {
				i += 32;
				continue;
			}
		}
		if (i + 8 <= len) {
			uint64_t v;
			memcpy(&v, p + i, 8);
			if ((v & UINT64_C(0x8080808080808080)) == 0) {
				i += 8;
				continue;
			}
		}
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		if (i + n >= len)
			return i; /* truncated sequence */
		if (p[i + 1] < lo || p[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
		i += n + 1;
	}
	return len;
}

size_t
er_utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

const char *
er_utf8_excerpt(const char *s, size_t len, char *buf, size_t bufsize)
{
	if (bufsize == 0)
		return buf;
	size_t n = len < ER_UTF8_EXCERPT ? len : ER_UTF8_EXCERPT;
	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if (n >= bufsize)
		n = bufsize - 1;
	for (size_t i = 0; i < n; i++)
		buf[i] = s[i] ? s[i] : '?';
	buf[n] = '\0';
	if (n < len && n + 3 < bufsize)
		memcpy(buf + n, "...", 4);
	return buf;
}

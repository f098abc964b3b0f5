/* transcode: iconv keeps the shift state; E2BIG and EINVAL only mean "call again". For the
 * Chinese encodings, runs of ASCII are copied without iconv (see er_transcode_run). */
#include "lib/transcode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"

struct er_transcode {
	iconv_t cd;
	int ascii_same; /* a byte below 0x80 at a character boundary is that ASCII character */
};

int
er_transcode_open(er_transcode **out, const char *from, char *err)
{
	*out = NULL;
	er_transcode *t = malloc(sizeof *t);
	if (!t)
		return er_fail(err, ER_ENOMEM, "out of memory");
	t->cd = iconv_open("UTF-8", from);
	if (t->cd == (iconv_t)-1) {
		int e = errno;
		free(t);
		if (e == ENOMEM)
			return er_fail(err, ER_ENOMEM, "out of memory");
		return er_fail(err, ER_EUSAGE, "unknown encoding '%s'", from);
	}
	/* GBK and GB18030 keep ASCII as it is (UTF-16 does not); a trail byte can be below 0x80
	 * (0x40..0x7E, and digits in GB18030), but never a line feed */
	t->ascii_same = strcasecmp(from, "GBK") == 0 || strcasecmp(from, "GB18030") == 0;
	*out = t;
	return 0;
}

static int
run_iconv(er_transcode *t, const char *in, size_t inlen, size_t *used, char *out, size_t outcap, size_t *made)
{
	char *ip = (char *)in, *op = out;
	size_t il = inlen, ol = outcap;
	size_t rc = iconv(t->cd, &ip, &il, &op, &ol);
	*used = (size_t)(ip - in);
	*made = (size_t)(op - out);
	return rc == (size_t)-1 && errno == EILSEQ ? -1 : 0;
}

/* Bytes below 0x80 at the start of S[0..N-1], eight at a time while they last. */
static size_t
ascii_run(const char *s, size_t n)
{
	size_t k = 0;
	for (; k + 8 <= n; k += 8) {
		uint64_t w;
		memcpy(&w, s + k, 8);
		if (w & UINT64_C(0x8080808080808080))
			break;
	}
	while (k < n && (unsigned char)s[k] < 0x80)
		k++;
	return k;
}

int
er_transcode_run(er_transcode *t, const char *in, size_t inlen, size_t *used, char *out, size_t outcap, size_t *made)
{
	if (!t->ascii_same)
		return run_iconv(t, in, inlen, used, out, outcap, made);
	/* iconv costs tens of instructions a byte; most of a GBK export (digits, dates, commas) is
	 * ASCII, copied as it is. At each non-ASCII byte (a character boundary) iconv takes the
	 * rest of the line: a line feed is never inside a character, so after it the next byte
	 * starts one again. */
	size_t i = 0, o = 0;
	int st = 0;
	while (i < inlen && o < outcap) {
		size_t room = inlen - i < outcap - o ? inlen - i : outcap - o;
		size_t n = ascii_run(in + i, room);
		memcpy(out + o, in + i, n);
		i += n;
		o += n;
		if (n == room)
			continue;
		const char *nl = memchr(in + i, '\n', inlen - i);
		size_t chunk = nl ? (size_t)(nl + 1 - (in + i)) : inlen - i, u, m;
		st = run_iconv(t, in + i, chunk, &u, out + o, outcap - o, &m);
		i += u;
		o += m;
		if (st < 0 || u < chunk)
			break; /* invalid, incomplete at the end of IN, or OUT full */
	}
	*used = i;
	*made = o;
	return st;
}

void
er_transcode_close(er_transcode *t)
{
	if (!t)
		return;
	iconv_close(t->cd);
	free(t);
}

/* transcode: iconv keeps the shift state; E2BIG and EINVAL only mean "call again". */
#include "lib/transcode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>

#include "lib/err.h"

struct er_transcode {
	iconv_t cd;
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
	*out = t;
	return 0;
}

int
er_transcode_run(er_transcode *t, const char *in, size_t inlen, size_t *used, char *out, size_t outcap, size_t *made)
{
	char *ip = (char *)in, *op = out;
	size_t il = inlen, ol = outcap;
	size_t rc = iconv(t->cd, &ip, &il, &op, &ol);
	*used = (size_t)(ip - in);
	*made = (size_t)(op - out);
	return rc == (size_t)-1 && errno == EILSEQ ? -1 : 0;
}

void
er_transcode_close(er_transcode *t)
{
	if (!t)
		return;
	iconv_close(t->cd);
	free(t);
}

/* err: program name, warnings and error formatting. */
#include "lib/err.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *progname = "er";

void
er_set_progname(const char *name)
{
	const char *slash = strrchr(name, '/');
	progname = slash ? slash + 1 : name;
}

const char *
er_progname(void)
{
	return progname;
}

void
er_vwarn(const char *fmt, va_list ap)
{
	char msg[2 * ER_ERRLEN];
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* A message may quote hostile input: never let it move the cursor or ring the bell. */
	for (unsigned char *p = (unsigned char *)msg; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
	fprintf(stderr, "%s: %s\n", progname, msg);
}

void
er_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	er_vwarn(fmt, ap);
	va_end(ap);
}

int
er_fail(char *err, int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, ER_ERRLEN, fmt, ap);
	va_end(ap);
	return status;
}

const char *
er_where(char *buf, size_t n, const char *file, uint64_t line, const char *field)
{
	if (field && *field)
		snprintf(buf, n, " (file %s, line %" PRIu64 ", field %s)", file, line, field);
	else
		snprintf(buf, n, " (file %s, line %" PRIu64 ")", file, line);
	return buf;
}

int
er_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	er_vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	return ER_EUSAGE;
}

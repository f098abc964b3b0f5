/* libFuzzer harness: er-features end to end over arbitrary tables. The input is the readings,
 * then, after each line "--", the loans, accounts, bills, inspections and events tables. A
 * first byte below 16 sets options: 1 --by enterprise, 2 --stream, 4 --asof-from loans
 * (--asof last without a loans table), 8 --agg x:sum,mean,distinct,share=a. Rows go to
 * /dev/null; nothing may crash or leak. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/date.h"
#include "lib/err.h"
#include "features/feat_custom.h"
#include "features/feat_run.h"
#include "features/feat_series.h"

static const enum er_kind side[] = {ER_KIND_LOANS, ER_KIND_ACCOUNTS, ER_KIND_BILLS, ER_KIND_INSPECTIONS,
                                    ER_KIND_EVENTS};
#define NSIDE (sizeof side / sizeof side[0])

/* A memory file holding S[0..LEN-1]; its /dev/fd path in PATH. Returns the fd or -1. */
static int
memfile(const char *s, size_t len, char *path, size_t cap)
{
	int fd = memfd_create("table", 0);
	if (fd < 0)
		return -1;
	if (write(fd, s, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	snprintf(path, cap, "/dev/fd/%d", fd);
	return fd;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	unsigned flags = 0;
	if (size > 0 && data[0] < 16) {
		flags = data[0];
		s++;
	}
	int fds[NSIDE + 1];
	char paths[NSIDE + 1][32];
	size_t nfd = 0;
	struct er_feat_opts o;
	memset(&o, 0, sizeof o);
	er_cli_io_init(&o.io);
	o.io.quiet = 1;
	o.io.in.max_field = 4096;
	char *readings[1] = {paths[0]};
	o.readings = readings;
	o.nreadings = 1;
	while (nfd <= NSIDE) {
		const char *sep = memmem(s, (size_t)(end - s), "\n--\n", 4);
		const char *e = sep ? sep + 1 : end;
		if ((fds[nfd] = memfile(s, (size_t)(e - s), paths[nfd], sizeof paths[nfd])) < 0)
			break;
		if (nfd > 0)
			o.tables[side[nfd - 1]] = paths[nfd];
		nfd++;
		if (!sep)
			break;
		s = sep + 4;
	}
	if (nfd == 0)
		return 0;
	o.by_enterprise = (flags & 1) != 0;
	o.stream = (flags & 2) != 0;
	o.asof_from_loans = (flags & 4) && !o.stream && o.tables[ER_KIND_LOANS];
	/* the same flag without loans: --asof last */
	o.asof_last = (flags & 4) && !o.stream && !o.tables[ER_KIND_LOANS];
	o.asof = o.asof_from_loans || o.asof_last ? ER_NO_DAY : er_date_from_ymd(2016, 6, 30);
	er_feat_custom *custom = NULL;
	char err[ER_ERRLEN];
	if (flags & 8) {
		custom = er_feat_custom_new();
		if (custom && er_feat_custom_parse(custom, "x:sum,mean,distinct,share=a", err) == 0)
			o.custom = custom;
	}
	/* the rows go to /dev/null: fd 1 is borrowed for the run */
	fflush(stdout);
	int saved = dup(1), null = open("/dev/null", O_WRONLY);
	if (saved >= 0 && null >= 0) {
		dup2(null, 1);
		er_feat_run(&o);
		dup2(saved, 1);
	}
	if (saved >= 0)
		close(saved);
	if (null >= 0)
		close(null);
	er_feat_custom_free(custom);
	for (size_t i = 0; i < nfd; i++)
		close(fds[i]);
	return 0;
}

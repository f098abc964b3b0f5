/* progress: one self-overwriting line on stderr. */
#include "lib/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "lib/err.h"

static double
now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
er_progress_start(struct er_progress *p, int force, int64_t total_bytes)
{
	p->enabled = force || isatty(2);
	p->total_bytes = total_bytes;
	p->start = p->last = now();
	p->drawn = 0;
}

void
er_progress_update(struct er_progress *p, uint64_t rows, uint64_t bytes)
{
	if (!p->enabled)
		return;
	double t = now();
	if (t - p->last < 0.5)
		return;
	p->last = t;
	double secs = t - p->start;
	double mbs = secs > 0 ? (double)bytes / 1e6 / secs : 0;
	if (p->total_bytes > 0 && bytes > 0 && mbs > 0) {
		double left = ((double)p->total_bytes - (double)bytes) / 1e6 / mbs;
		fprintf(stderr, "\r%s: %llu rows, %.1f MB/s, %.0f%%, %.0f s left   ", er_progname(),
		        (unsigned long long)rows, mbs, 100.0 * (double)bytes / (double)p->total_bytes,
		        left < 0 ? 0 : left);
	} else
		fprintf(stderr, "\r%s: %llu rows, %.1f MB/s   ", er_progname(), (unsigned long long)rows, mbs);
	p->drawn = 1;
}

void
er_progress_rows(struct er_progress *p, const er_reader *r)
{
	/* the clock is read only every 4096 rows: cheap on the per-row path */
	if (p && (er_reader_rows(r) & 4095) == 0)
		er_progress_update(p, er_reader_rows(r), er_reader_bytes(r));
}

void
er_progress_end(struct er_progress *p)
{
	if (p->enabled && p->drawn)
		fputs("\r\033[K", stderr);
	p->drawn = 0;
}

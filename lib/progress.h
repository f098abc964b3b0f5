/* progress: rows done, MB/s and time left on stderr for long runs.
 * Shown when stderr is a terminal or when forced; redrawn at most twice a second. */
#ifndef ER_PROGRESS_H
#define ER_PROGRESS_H

#include <stdint.h>

#include "lib/reader.h"

struct er_progress {
	int enabled;
	int64_t total_bytes; /* -1 when unknown */
	double start, last;  /* monotonic seconds */
	int drawn;
};

/* Starts progress reporting: FORCE 1 always, 0 only when stderr is a terminal. */
void er_progress_start(struct er_progress *p, int force, int64_t total_bytes);

/* Redraws the progress line when due. Cheap when not due; call every few thousand rows. */
void er_progress_update(struct er_progress *p, uint64_t rows, uint64_t bytes);

/* For a loop over the rows of R, called once a row: every 4096th row, er_progress_update
 * with R's rows and bytes. P NULL: nothing. */
void er_progress_rows(struct er_progress *p, const er_reader *r);

/* Clears the progress line. */
void er_progress_end(struct er_progress *p);

#endif

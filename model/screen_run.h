/* screen_run: the er-screen job: a labelled feature table in (labels by column or joined from
 * a labels file), optional baseline and directions; the report (one row per indicator) on
 * stdout and, when asked, the binning table, the selected names and an HTML page. */
#ifndef ER_SCREEN_RUN_H
#define ER_SCREEN_RUN_H

#include <stddef.h>

#include "lib/cli.h"
#include "model/frame.h"
#include "model/screen.h"

struct er_screen_run_opts {
	struct er_cli_io *io;
	struct er_screen_opts screen;       /* binning and selection (--breaks, --special in specs) */
	struct er_frame_load_opts load;     /* id and label columns, categories, exclusions; its
	                                       diag takes every message of the run */
	const char *labels;                 /* labels file, or NULL: the label column */
	const char *baseline;               /* earlier table for PSI, or NULL */
	const char *directions;             /* expected directions, or NULL */
	const char *bins, *selected, *html; /* side outputs, or NULL */
	char *const *inputs;                /* feature files; none: stdin */
	size_t ninputs;
};

struct er_screen_run_counts {
	size_t nlabelled, nbad; /* rows screened */
	size_t rejected;        /* rows left out */
	size_t nindicators, nselected;
	int output_status; /* ER_EIO / ER_ENOMEM when an output failed (each failure was
	                               reported to load.diag as it happened; the others were written) */
	int usage;         /* 1: the failure in ERR is a usage error (a --breaks column) */
};

/* Runs er-screen. Returns 0 (see COUNTS for rows left out and failed outputs), or ER_EUSAGE /
 * ER_EDATA / ER_EIO / ER_ENOMEM with ERR when nothing could be screened. */
int er_screen_run_files(const struct er_screen_run_opts *o, struct er_screen_run_counts *counts, char *err);

#endif

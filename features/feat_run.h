/* feat_run: er-features end to end: loads the side tables, streams the readings into
 * the entities' series, and writes one row of indicators per entity (batch), or an
 * updated row whenever an entity's reading arrives (--stream). */
#ifndef ER_FEAT_RUN_H
#define ER_FEAT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "features/feat_checkpoint.h"
#include "features/feat_custom.h"
#include "features/feat_feed.h"
#include "features/feat_tou.h"
#include "data/schema.h"

struct er_feat_opts {
	char *const *readings; /* readings files; none: stdin */
	size_t nreadings;
	const char *tables[ER_KIND_COUNT]; /* --loans, --accounts, --bills, --inspections, --events */
	er_day asof;                       /* --asof, ER_NO_DAY when not given */
	int asof_last;                     /* --asof last (batch): as of the latest date read */
	int asof_from_loans;               /* --asof-from loans */
	int by_enterprise;                 /* --by enterprise */
	int stream;                        /* --stream */
	int partitioned;                   /* --partition: write the rows of one partition only */
	uint64_t part_k, part_n;
	er_feat_custom *custom;     /* --agg, NULL when none (not freed here) */
	struct er_feat_tou tou;     /* --tou, or ER_FEAT_TOU_DEFAULT */
	struct er_feat_kinds kinds; /* --kinds: more words of a feed's kind column */
	struct er_cli_io io;
	struct er_feat_ckpt *ckpt;  /* --state (opened, not loaded: er_feat_run loads it), NULL: none */
	const struct er_diag *diag; /* bad rows, summaries, setup problems; NULL: dropped */
};

/* Runs er-features with O. Messages go to O->diag, except that out of memory is only
 * returned; returns the exit status (ER_OK, ER_EDATA when rows were rejected, ER_EUSAGE,
 * ER_EIO, ER_ENOMEM). */
int er_feat_run(struct er_feat_opts *o);

/* Writes the catalogue (built-in indicators, then CUSTOM's; CUSTOM may be NULL) as a table
 * with columns name, module, name_zh, definition, unit, direction, windows on stdout.
 * Returns ER_OK, ER_EIO (reported to DIAG) or ER_ENOMEM (not reported). */
int er_feat_list(const er_feat_custom *custom, const struct er_cli_io *io, const struct er_diag *diag);

#endif

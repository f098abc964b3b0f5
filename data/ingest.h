/* ingest: any utility export in, one canonical table (schema.h) out, every row accounted for.
 *
 * Columns are matched to the canonical schema by --map, then by exact name, then by the
 * built-in aliases (English and Chinese). Each row is validated field by field; a rejected
 * row is written to the rejects table (line, reason, message, original fields) or, without
 * one, reported on stderr. Duplicate keys are dropped (first wins). Counts add up:
 * read = written + rejected + duplicate + other partitions (cells instead of rows in the wide
 * forms, --max-rejects too; there one rejects line per input row holds its rejected cells, the
 * written ones left empty). With number_repeats a repeated key is written numbered instead
 * (er_ingest_repeat_field), counted in both written and numbered.
 *
 * --map C=A+B+...: a text field made of several source columns, their values joined with '-'
 * (a column named "A+B" itself wins); all parts empty make the field empty. The part columns
 * stay extra columns (--keep-extra), since the joined value does not give them back. */
#ifndef ER_INGEST_H
#define ER_INGEST_H

#include <stdint.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/diag.h"
#include "lib/reader.h"
#include "data/codes.h"
#include "data/partition.h"
#include "data/schema.h"
#include "lib/writer.h"

enum { ER_IDS_REJECT = 0, ER_IDS_KEEP = 1, ER_IDS_KEEP_USCC = 2 };

struct er_ingest_opts {
	const struct er_schema *schema;
	const char *map;         /* "canonical=source,..." (source "A+B": columns joined) or NULL */
	int keep_extra;          /* keep columns beyond the schema, after the canonical ones */
	int wide;                /* readings: one column per date */
	const char *date_format; /* NULL: the built-in formats */
	int keep_bad_ids;        /* identifiers failing their check: ER_IDS_REJECT, ER_IDS_KEEP (all
	                            written and counted) or ER_IDS_KEEP_USCC (er-ingest's default:
	                            unified social credit codes written and counted, since an invalid
	                            code is itself a fraud signal for er-features; the rest rejected) */
	const er_codes *codes;   /* --codes: the utility's own code values, or NULL */
	int keep_unknown_codes;  /* 1: a code no list or --codes knows is written as other */
	int register_digits;     /* 0: from the begin reading's integer digits */
	uint64_t max_rejects;    /* stop when more rows than this are rejected; UINT64_MAX: never */
	int partitioned;
	uint64_t part_k, part_n;
	er_writer **split_outs;             /* with partitioned: PART_N writers, each row written to
	                                       that of its partition (none left out); OUT unused */
	int part_by_enterprise;             /* partitions by enterprise (data/partition.h), not account */
	const er_partition_map *part_codes; /* by enterprise, kinds but accounts: each account's code */
	int quiet;
	int progress;
	int tsv_strict;             /* TSV output without --tsv-replace: tabs or newlines reject a row */
	int mask_pii;               /* personal data (er_schema_pii) masked in the output, the rejects
	                               table and messages: first 3 and last 4 characters kept */
	int number_repeats;         /* --repeats number: a repeated key is written with its
	                               er_ingest_repeat_field numbered (M#2, M#3, ...), not dropped */
	er_day today;               /* for birth dates of resident IDs */
	const struct er_diag *diag; /* rejected rows without a rejects file, setup problems,
	                               failures; NULL: dropped */
};

struct er_ingest_counts {
	uint64_t read, written, rejected, duplicate, other_partition;
	uint64_t rollovers, bad_ids_kept, other_codes;
	uint64_t numbered; /* written with a numbered key (--repeats number), among written */
	int stopped_early;
	int cells; /* the counts are of cells (--wide, the wide interval form), not rows */
};

/* The field of S's duplicate key that --repeats number numbers: the last key field that is
 * text (no code, date or time) and not the table's entity (readings meter_id, bills bill_id,
 * inspections case_id, loans app_id), or -1 when S has none (accounts, events, labels). */
long er_ingest_repeat_field(const struct er_schema *s);

/* Runs the whole ingest from IN to OUT (or to O->split_outs), with rejects to REJECTS (may be NULL: the first
 * few go to O->diag). Messages go to O->diag. Returns ER_OK, ER_EDATA (some rows rejected,
 * or a setup problem such as a missing required column, message reported), ER_EUSAGE
 * (a bad --map), ER_EIO (read or write failure) or ER_ENOMEM. *COUNTS is filled in. */
int er_ingest_run(er_reader *in, er_writer *out, er_writer *rejects, const struct er_ingest_opts *o,
                  struct er_ingest_counts *counts);

#endif

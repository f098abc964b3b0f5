/* registry_import: a platform's status export, or the products table, loaded into the
 * registry in one transaction. Bad rows are rejected with reasons, as er-ingest does
 * (file, line, field, reason, message and the original fields to a rejects table, or the
 * first 20 on stderr); the good ones are applied. Counts add up:
 * read = inserted + updated + unchanged + older + rejected. Each import is recorded with
 * its kind, platform, source, the XXH3-64 of the bytes read (when the reader was opened with
 * opts.checksum), the writer and its counts, in the same transaction. */
#ifndef ER_REGISTRY_IMPORT_H
#define ER_REGISTRY_IMPORT_H

#include <stdint.h>

#include "lib/diag.h"
#include "lib/reader.h"
#include "credit/registry.h"
#include "lib/writer.h"

struct er_registry_import_opts {
	const char *platform;       /* the platform whose export this is (status imports) */
	const char *source;         /* the input's file names, as recorded; NULL: the first file's */
	uint64_t max_rejects;       /* more rejected rows than this roll it all back; UINT64_MAX: never */
	int progress;               /* force the progress line */
	const struct er_diag *diag; /* rejected rows without a rejects file, failures; NULL: dropped */
};

struct er_registry_import_counts {
	uint64_t read, inserted, updated, unchanged, older, rejected;
	int rolled_back; /* 1: nothing was imported */
};

/* Imports the status export IN (subject_id,status,updated_at; platform_grade,
 * monthly_repayment and platform when present) for O->platform into REG, rejected rows to
 * REJECTS (may be NULL). Returns ER_OK; ER_EDATA when rows were rejected (the rest is
 * committed), a required column is missing or --max-rejects was passed (then nothing is
 * imported); ER_EIO (read, write or database failure: nothing imported) or ER_ENOMEM.
 * Messages are printed with er_warn. */
int er_registry_import_status(er_registry *reg, er_reader *in, er_writer *rejects,
                              const struct er_registry_import_opts *o, struct er_registry_import_counts *c);

/* The same for a products table (product,min_grade,min_monthly_repayment,max_amount,
 * annual_rate,term_months); OLDER stays 0, O->platform is not used. */
int er_registry_import_products(er_registry *reg, er_reader *in, er_writer *rejects,
                                const struct er_registry_import_opts *o, struct er_registry_import_counts *c);

#endif

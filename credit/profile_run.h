/* profile_run: the er-profile filter: subjects in, one profile row per subject out
 * (subject_id,identity_ok,priority_level,monthly_income,monthly_spend,monthly_flow,
 * debt_service,max_capacity,min_capacity,completed,uncompleted,problems). */
#ifndef ER_PROFILE_RUN_H
#define ER_PROFILE_RUN_H

#include <stddef.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "credit/policy.h"

struct er_profile_opts {
	const struct er_policy *policy;
	struct er_cli_io *io;
	char *const *subjects; /* subject files; none: stdin, unless features or scores are given */
	size_t nsubjects;
	const char *identity; /* real-name registry, or NULL */
	const char *tags;     /* raw tags, or NULL */
	const char *synonyms; /* synonym library, or NULL */
	const char *scenario; /* scenario table, or NULL (then scenario_name is NULL too) */
	const char *scenario_name;
	const char *features;       /* er-features output, or NULL */
	const char *scores;         /* er-score output, or NULL */
	int mask_pii;               /* mask every subject_id but a unified social credit code */
	er_day today;               /* a resident ID's birth date must not be after it */
	const struct er_diag *diag; /* bad rows of every table, unused tags; NULL: dropped */
};

/* Runs er-profile. Data problems are reported to O->diag and counted in *ERRORS (the rows
 * are still written, with the problem in their problems column). Returns 0, or ER_EIO /
 * ER_ENOMEM with ERR when a file cannot be read or written. */
int er_profile_run(const struct er_profile_opts *o, unsigned long *errors, unsigned long *rows, char *err);

#endif

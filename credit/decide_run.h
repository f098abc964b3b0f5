/* decide_run: the er-decide filter: applications in (app_id,applicant_id,beneficiary_id,
 * product,amount), one decision row out (app_id,decision,priority,grade,points,
 * points_priority,points_repayment,points_trust,credit_limit,monthly_cap,reasons,policy_id: the id
 * of the policy that decided, er_policy_id). With an audit file each decision is also on record
 * there. An application that cannot be decided (unknown
 * product, no profile, bad amount, unusable side record) is reported on stderr with its
 * file, line and field, counted, and not written; the others are still decided. */
#ifndef ER_DECIDE_RUN_H
#define ER_DECIDE_RUN_H

#include <stddef.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "credit/decide_tables.h"
#include "credit/policy.h"
#include "credit/registry_key.h"

/* Fills the registry (and the products when PRODUCTS is 1) of T from somewhere other than
 * a file, such as the registry database, leaving out the rows of platform SKIP (NULL:
 * none); returns 0, or ER_EIO / ER_ENOMEM with ERR. */
typedef int (*er_decide_registry_loader)(void *ctx, er_decide_tables *t, int products, const char *skip, char *err);

struct er_decide_opts {
	const struct er_policy *policy;
	struct er_cli_io *io;
	char *const *apps; /* application files; none: stdin */
	size_t napps;
	const char *profiles;                    /* er-profile output (required) */
	const char *products;                    /* products (required unless LOAD_REGISTRY provides them) */
	const char *registry;                    /* shared lending registry (this or LOAD_REGISTRY required) */
	er_decide_registry_loader load_registry; /* NULL: the registry comes from REGISTRY */
	void *load_registry_ctx;
	const char *load_registry_name; /* what LOAD_REGISTRY reads, for the audit (--registry-db) */
	const char *relations;          /* loan records between applicant and beneficiary, or NULL */
	const char *reviews;            /* manual review results, or NULL */
	const char *tiers;              /* amount tiers of the products, or NULL */
	char *const *checks;            /* er-verify --summary and er-alert outputs */
	size_t nchecks;
	const char *scores;         /* er-score output, or NULL */
	const char *identity;       /* er-features output (info.* comparisons), or NULL */
	const char *platform;       /* this platform: its registry rows are left out; NULL none */
	const char *write_registry; /* registry database the accepted and pending applications
	                               are recorded in as applying (needs PLATFORM); NULL none */
	er_registry_key *id_key;    /* the registry's id key for WRITE_REGISTRY (borrowed), or NULL */
	er_day asof;                /* relations are judged at this date */
	int mask_pii;               /* mask subject ids in messages */
	const char *audit;          /* append one JSON line per decision here (lib/audit.h), or NULL */
	const struct er_diag *diag; /* bad rows of every table, unused reviews; NULL: dropped */
};

struct er_decide_counts {
	unsigned long apps;                   /* applications read */
	unsigned long accept, reject, manual; /* decided */
	unsigned long errors;                 /* applications not decided */
	unsigned long table_errors;           /* bad rows in the side tables */
	/* decided applications whose applicant or beneficiary had no row in a side given */
	unsigned long missing_checks, missing_scores, missing_identity;
	unsigned long registry_written; /* applications recorded with --write-registry */
};

/* Runs er-decide. Returns 0 (see COUNTS for data errors), or ER_EIO / ER_ENOMEM with ERR
 * when a file cannot be read or written. */
int er_decide_run(const struct er_decide_opts *o, struct er_decide_counts *counts, char *err);

#endif

/* synth: a synthetic portfolio of enterprises and their utility accounts, in the raw
 * tables of data/schema.h, with the patterns the toolkit must find planted in it.
 *
 * Everything about enterprise E comes from random streams keyed by (seed, E, purpose)
 * (lib/rng.h), so a table is the same whichever other tables are written, in
 * whatever order, and enterprise E's rows do not depend on how many enterprises follow.
 *
 * The model, in short (man/er-synth.1 has the whole of it):
 * - each enterprise has a latent distress z ~ N(0,1); the chance of each pattern rises
 *   with z: shell company (near-zero use, recent account, idle capacity, agent's phone
 *   and address), theft (recorded use cut for months, then a theft case), violations,
 *   loan application details that differ from the registered ones, an invalid code on
 *   the application, capacity cuts, suspensions, a capacity increase just before the
 *   application, a transfer of the account shortly before it;
 * - z also drives the share of late bills, the usage trend and auto-debit payment;
 * - the outcome is bad with probability logistic(risk + 0.6 u), u ~ N(0,1) unseen noise,
 *   risk = -2.6 + 1.1 z + the weights of the patterns present (about 15 % bad);
 * - a bad enterprise defaults 3-18 months after applying; before that, most show
 *   collapsing use and growing arrears (late, partial, then unpaid bills, disconnection).
 * Labels are keyed by the enterprise's unified social credit code as written on its
 * accounts (the id of er-features --by enterprise), dated at the loan application. */
#ifndef ER_SYNTH_H
#define ER_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "data/schema.h"

struct er_synth_opts {
	uint64_t seed;         /* any value */
	long long enterprises; /* 1 .. ER_SYNTH_MAX_ENTERPRISES */
	int monthly;           /* 1: monthly readings, else daily */
	int days;              /* daily readings: this many days ending at END */
	int months;            /* monthly readings: this many calendar months (see end) */
	er_day end;            /* nothing is dated after it; monthly readings end with the
	                           last whole month up to it */
	int zh;                /* 1: Chinese source headers and codes, as a utility exports them */
};

#define ER_SYNTH_MAX_ENTERPRISES 100000000LL
#define ER_SYNTH_MAX_DAYS 36600
#define ER_SYNTH_MAX_MONTHS 1200
#define ER_SYNTH_MAX_ACCOUNTS 3

/* What was planted in one enterprise: the truth a good toolkit should recover. */
struct er_synth_truth {
	char uscc[19];         /* the code on its accounts: the labels' id */
	int uscc_valid;        /* 0: the utility mistyped it (check character fails) */
	int accounts;          /* 1 .. ER_SYNTH_MAX_ACCOUNTS */
	int bad;               /* the label: 1 bad, 0 good */
	double z;              /* latent distress */
	double risk;           /* log-odds of bad before the unseen noise */
	int shell;             /* near-zero use, idle capacity, new account */
	int theft;             /* recorded use cut, then a theft case */
	int violation;         /* an inspection found a violation */
	int mismatch;          /* application name, legal rep or phone differs */
	int loan_uscc_invalid; /* the application's code fails its check */
	int shared_contact;    /* phone or address of an agent shared by several enterprises */
	int cap_cut;           /* capacity reduction on the main account */
	int suspension;        /* a suspension on the main account */
	int window_dressing;   /* capacity increase in the 90 days before the application */
	int transfer;          /* the main account was transferred before the application */
	int collapse;          /* bad: use falls to nothing before the default */
	int arrears;           /* bad: bills late, partial, then unpaid before the default */
	int dip;               /* good: a temporary fall in use that recovers */
	er_day apply_date;     /* the loan application */
	er_day default_date;   /* bad: the default (may be after end); else 0 */
};

/* Where rows go: FIELD appends one field to the current row, END_ROW ends it. Both
 * return 0 or an er_status, which stops the generation and is returned. */
struct er_synth_sink {
	int (*field)(void *ctx, const char *s, size_t len);
	int (*end_row)(void *ctx);
	void *ctx;
};

/* Sets the defaults: seed 1, 100 enterprises, 730 daily readings (36 months when
 * monthly) ending 2024-06-30, canonical headers. Can't fail. */
void er_synth_opts_init(struct er_synth_opts *o);

/* Checks O's ranges. Returns 0, or ER_EUSAGE with the reason in ERR (ER_ERRLEN bytes). */
int er_synth_check(const struct er_synth_opts *o, char *err);

/* Fills *T with what is planted in enterprise E (0-based, below o->enterprises). Can't fail. */
void er_synth_truth_get(const struct er_synth_opts *o, long long e, struct er_synth_truth *t);

/* Writes the header and every row of table KIND to SINK. Returns 0, the sink's status
 * when it failed, or ER_ENOMEM (message in ERR). */
int er_synth_write(const struct er_synth_opts *o, enum er_kind kind, const struct er_synth_sink *sink, char *err);

#endif

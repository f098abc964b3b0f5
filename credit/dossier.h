/* dossier: one enterprise on one page, for an investigator: what er-dossier gathers from the
 * canonical tables (its accounts, monthly use against its industry, bills, inspections and
 * events, the model's view) before the page and the CSV files are written. */
#ifndef ER_DOSSIER_H
#define ER_DOSSIER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "lib/diag.h"
#include "lib/reader.h"
#include "lib/strmap.h"
#include "data/schema.h"

/* The months of use drawn: the 36 ending with the as-of date's month. */
#define ER_DOSSIER_MONTHS 36
/* Hours of the average daily load curve. */
#define ER_DOSSIER_HOURS 24

struct er_dossier_opts {
	const char *id;                    /* unified social credit code or account id */
	er_day asof;                       /* ER_NO_DAY: the enterprise's last reading (today without one) */
	const char *tables[ER_KIND_COUNT]; /* canonical tables; readings required */
	const char *model;                 /* er-train's model, or NULL */
	const char *features;              /* er-features output holding the enterprise's row, or NULL */
	const char *rules;                 /* rules file, "default", or NULL (default) */
	const char *history;               /* er-alert --history file, or NULL */
	struct er_reader_opts in;
	const struct er_diag *diag; /* rows rejected by a loader; NULL: dropped */
};

/* One comparison of the loan application's details with the accounts'. */
struct er_dossier_check {
	const char *what; /* "name", "legal representative", ... (static) */
	char *account;    /* the accounts' value (first account holding one) */
	char *loan;       /* the application's value, NULL without an application */
	char *result;     /* "match", "differs (similarity 0.42)", "valid", ... */
};

/* Another enterprise sharing a detail with this one. */
struct er_dossier_link {
	char *uscc, *name, *account;
	const char *via; /* "phone", "address", "legal representative" (static) */
};

struct er_dossier_bill {
	size_t acct;                            /* index in accounts */
	int month;                              /* er_date_month_index of the period */
	double amount, paid, late_fee, arrears; /* arrears: the account's unpaid total after it */
	long days_late;                         /* -1: paid on time or not yet due */
	int unpaid;                             /* 1: not paid by the as-of date */
};

struct er_dossier_event {
	er_day date;
	size_t acct;
	const char *source; /* "inspection" or "event" (static) */
	char *type, *detail;
};

struct er_dossier_score {
	er_day date;
	double score;
	char *grade, *level, *reasons;
};

struct er_dossier_points {
	char *name, *module, *value, *bin;
	double points, best;
};

struct er_dossier_hit {
	char *rule, *severity, *indicator, *value, *message;
};

/* Where the as-of date came from, said on the page. */
enum er_dossier_asof_from {
	ER_DOSSIER_ASOF_GIVEN,        /* --asof */
	ER_DOSSIER_ASOF_LAST_READING, /* the enterprise's last reading */
	ER_DOSSIER_ASOF_TODAY,        /* no reading and no application date */
	ER_DOSSIER_ASOF_APPLICATION,  /* an applicant without an account: its loan application's date */
};

struct er_dossier {
	char *id, *uscc, *name; /* as asked; the enterprise's code ("" when none) and name */
	const char *asked_as;   /* "account", "loan application": what ID is when not the code; NULL */
	er_day asof;
	int last_month; /* month index of asof; the chart's months run to it */
	int asof_given; /* 1: from --asof */
	enum er_dossier_asof_from asof_from;

	/* acc[i][ER_ACCOUNTS_*]: the enterprise's accounts, texts as read. None (nacc 0) for a
	 * loan applicant whose code no account carries: it is known from the loans table only. */
	char ***acc;
	size_t nacc;
	char **loan; /* loan[ER_LOANS_*] of the latest application up to asof, or NULL */
	struct er_dossier_check checks[6];
	size_t nchecks;
	struct er_dossier_link *links;
	size_t nlinks;

	double *kwh;                             /* kwh[acct * ER_DOSSIER_MONTHS + m], m 0 = last_month - 35 */
	unsigned char *has;                      /* the same: 1 when a reading falls in the month */
	uint64_t readings;                       /* the enterprise's readings used */
	uint64_t after_asof;                     /* its readings after asof, not used */
	uint64_t no_kwh;                         /* its readings without a kWh value, not used */
	uint64_t bad_rows;                       /* its readings rows rejected (bad date, malformed) */
	uint64_t scanned;                        /* readings rows read in all */
	char *industry;                          /* of the first account, or NULL */
	size_t industry_n[ER_DOSSIER_MONTHS];    /* peers with use in the month (this one included) */
	double industry_q[ER_DOSSIER_MONTHS][3]; /* quartile 1, median, quartile 3 of their monthly use */

	int interval;                          /* 1: readings carry a time of day */
	double curve_recent[ER_DOSSIER_HOURS]; /* mean kWh per hour of day, the last 3 months */
	double curve_before[ER_DOSSIER_HOURS]; /* the same 3 months a year before */
	size_t days_recent, days_before;

	struct er_dossier_bill *bills;
	size_t nbills;
	struct er_dossier_event *timeline; /* sorted by date */
	size_t ntimeline;

	struct er_dossier_score *scores; /* the alert history, oldest first */
	size_t nscores;

	int has_model;        /* 1: the model's view below is filled */
	int has_row;          /* 1: the features row was found */
	er_day features_asof; /* the row's asof when after --asof, so not scored; else 0 */
	double score, pd;
	char grade;
	char *level; /* the rules' worst severity ("" none) */
	char **module;
	double *module_score;
	size_t nmodule;
	struct er_dossier_points *points; /* most costly first */
	size_t npoints;
	char *reasons[3];
	size_t nreasons;
	struct er_dossier_hit *hits; /* fail, warn, info */
	size_t nhits;
};

/* Fills *D for O->id from the tables (D zeroed first; er_dossier_free frees it, also after a
 * failure). O->id is an account id or credit code of the accounts table, else (with loans) a
 * credit code or app_id of the loans table: an applicant no account carries has D->nacc 0.
 * Returns 0, or with ERR: ER_EDATA for an unknown id ("unknown id 'X' ...") or a table
 * without its required columns, ER_EIO a file cannot be read, ER_ENOMEM. */
int er_dossier_load(const struct er_dossier_opts *o, struct er_dossier *d, char *err);

/* Adds the model's view (O->model, O->features, O->rules, O->history) to D. Returns 0, or
 * with ERR: ER_EIO (a file cannot be read, a bad model), ER_EDATA (a rule names an indicator
 * the features lack), ER_ENOMEM. */
int er_dossier_model(const struct er_dossier_opts *o, struct er_dossier *d, char *err);

/* The months of use the readings scan keeps for the industry's peers (20 years), ending with
 * the anchor month, so the as-of date may be settled after the scan. */
#define ER_DOSSIER_SPAN 240

/* One of the enterprise's readings. */
struct er_dossier_reading {
	size_t acct; /* index in the accounts */
	er_day day;
	int secs; /* time of day, -1 for a daily or monthly reading */
	double kwh;
};

/* Scans the readings files for the accounts of MINE (an er_strmap: index = account) into
 * *OWN / *NOWN (malloc'd, the caller frees) and the industry peers' accounts of PEERS into
 * PEER_KWH[peer * ER_DOSSIER_SPAN + m] for the months ANCHOR - SPAN + 1 + m (NaN: no reading;
 * readings outside the span are left out), and PEER_DAY[m] the latest day of the month of a
 * peer's reading counted in month m (0: none; SPAN bytes). Counts the rows read in
 * D->scanned. Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_dossier_scan(const struct er_dossier_opts *o, struct er_dossier *d, const er_strmap *mine,
                    const er_strmap *peers, int anchor, double *peer_kwh, unsigned char *peer_day,
                    struct er_dossier_reading **own, size_t *nown, char *err);

/* Writes the page to PATH ("-": standard output, flushed, not closed). Returns 0, or ER_EIO
 * with ERR. */
int er_dossier_html(const struct er_dossier *d, const char *path, char *err);

/* Writes usage_monthly.csv, bills.csv, timeline.csv and scores.csv into DIR (created when
 * absent). Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_dossier_csv(const struct er_dossier *d, const char *dir, char *err);

/* The canonical table of kind K in DIR (K's name with .csv or .tsv): PATHS[K] gets it, or
 * NULL when absent. A raw export (a header that is not the canonical one), and any table
 * when IN's encoding is not UTF-8, is turned into a canonical UTF-8 file in TMPDIR by
 * er-ingest's run (rejects reported to DIAG and counted in *REJECTED). Returns 0, or ER_EIO / ER_ENOMEM / ER_EDATA (a required column missing) with
 * ERR; PATHS' strings are malloc'd, the caller frees them. */
int er_dossier_exports(const char *dir, const char *tmpdir, const struct er_reader_opts *in, const struct er_diag *diag,
                       char *paths[ER_KIND_COUNT], uint64_t *rejected, char *err);

/* Frees what D holds (D itself is the caller's). */
void er_dossier_free(struct er_dossier *d);

#endif

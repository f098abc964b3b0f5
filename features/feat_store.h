/* feat_store: the entities of er-features and everything known about them: accounts,
 * loans, bills, inspections and events (loaded whole: they grow with entities x months),
 * and each entity's kWh series and custom state (constant size per entity).
 *
 * An entity is an enterprise (--by enterprise: the unified social credit code of its
 * accounts, or the account id for an account without one) or an account. Rows of the
 * account-keyed tables find their entity through the accounts table; an account missing
 * there is an entity of its own, named by its id. */
#ifndef ER_FEAT_STORE_H
#define ER_FEAT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "lib/diag.h"
#include "features/feat_custom.h"
#include "features/feat_event.h"
#include "features/feat_info.h"
#include "features/feat_insp.h"
#include "features/feat_load.h"
#include "features/feat_meter.h"
#include "features/feat_pay.h"
#include "features/feat_series.h"
#include "lib/keyset.h"
#include "lib/strmap.h"
#include "lib/reader.h"
#include "data/schema.h"

struct er_feat_entity {
	er_day asof;                   /* ER_NO_DAY: not evaluated */
	struct er_feat_series *series; /* NULL until its first reading */
	er_feat_custom_state *custom;  /* NULL until its first aggregated row */
	struct er_feat_meters *meters; /* NULL until a reading with a meter_id or a time */
	struct er_feat_bill *bills;
	size_t nbills, capbills;
	struct er_feat_case *cases;
	size_t ncases, capcases;
	struct er_feat_event *events;
	size_t nevents, capevents;
	uint32_t *accounts; /* indexes into the store's accounts */
	size_t naccounts, capaccounts;
	long loan;           /* index into the store's loans, -1 */
	int industry;        /* industry group of its first account with one, -1 */
	double contract_kva; /* summed over its accounts, NaN when none */
	int seen;            /* 1 once a row used it: an account, a loan or data by its as-of date */
	int key_is_code;     /* 1: an enterprise keyed by its credit code, 0: by an account id */
};

/* Row counts of one input table, for the summary line: read = used + skipped + rejected;
 * bad_values counts used rows whose --agg value was bad (the rest of the row counts). */
struct er_feat_counts {
	uint64_t read, used, skipped, rejected, bad_values;
};

/* One side table's rows in a reader: its canonical spec and the column of each field. */
struct er_feat_cols {
	const struct er_schema *s;
	const struct er_diag *diag; /* where bad values are reported */
	long col[ER_SCHEMA_MAXFIELDS];
};

/* The distinct enterprises sharing each value of one attribute (phone, address, legal
 * representative's ID), kept up to date row by row in a live feed. */
struct er_feat_shared {
	er_strmap *values; /* value -> index */
	er_u64set *pairs;  /* (value, enterprise) seen */
	unsigned *n;       /* per value: distinct enterprises */
	size_t cap;
};

struct er_feat_store {
	int by_enterprise;   /* 1: entities are enterprises */
	int moving_asof;     /* 1: --stream without --asof, or --asof last: as-of follows the data */
	int asof_last;       /* 1: --asof last: every entity ends as of the latest date read */
	er_day asof;         /* --asof, ER_NO_DAY when not given */
	er_day latest;       /* with moving_asof: the latest date of a dated row used, ER_NO_DAY */
	int asof_from_loans; /* 1: an entity with a loan is evaluated at its application date */
	int have_bills, have_inspections, have_events, have_accounts;
	int have_meter_ids;            /* 1: the readings have a meter_id column */
	const struct er_feat_tou *tou; /* the time-of-use schedule of interval readings */
	uint64_t missing_accounts;     /* accounts of other tables not in the accounts table */
	long missing_first[5];         /* the entities of the first of them */
	er_strmap *entity_keys;        /* entity id -> index into entities */
	struct er_feat_entity *entities;
	size_t nentities, capentities;
	er_strmap *account_keys; /* account id -> index into accounts */
	struct er_feat_account *accounts;
	size_t naccounts, capaccounts;
	er_strmap *loan_keys; /* applicant's code -> index into loans */
	struct er_feat_loan *loans;
	size_t nloans, caploans;
	er_strmap *industries, *methods;
	er_feat_custom *custom; /* NULL without --agg */
	const char *last_key;   /* the previous row's account, a fast path for sorted input */
	size_t last_key_len;
	long last_entity;
	char *last_key_buf;
	size_t last_key_cap;
	const struct er_diag *diag; /* bad rows and missing columns; NULL: dropped */
	/* A live feed (er_feat_store_add_row): the tables grow row by row. */
	int feed;
	long touched;                    /* the entity the last row changed, -1 */
	er_strmap *feed_enterprises;     /* enterprise keys of the accounts, for sharing counts */
	struct er_feat_shared shared[3]; /* phone, address, legal_rep_id */
	long *shared_ids;                /* per account, 3 value indexes (-2: none) */
	size_t capshared;
};

/* Initialises S (all tables empty). Returns 0, or ER_ENOMEM. */
int er_feat_store_init(struct er_feat_store *s);

/* Frees everything S holds. */
void er_feat_store_free(struct er_feat_store *s);

/* The entity of account KEY[0..LEN-1], created when new (with the store's as-of date).
 * Returns its index, or -1 when out of memory. */
long er_feat_store_entity_of_account(struct er_feat_store *s, const char *key, size_t len);

/* Writes "... name N accounts missing from the accounts table: 'A', 'B', ..." into BUF (N bytes)
 * when S has such accounts, and returns 1; else 0. */
int er_feat_store_missing_accounts(const struct er_feat_store *s, char *buf, size_t n);

/* The id of entity I (NUL-terminated, owned by S). */
const char *er_feat_store_entity_id(const struct er_feat_store *s, size_t i);

/* The partition (0..N-1, N > 0) of entity I, as er-ingest --partition (with --partition-by
 * enterprise when S is by enterprise) puts its rows: see data/partition.h. Can't fail. */
uint64_t er_feat_store_entity_partition(const struct er_feat_store *s, size_t i, uint64_t n);

/* Records a reading of entity EI (account AID[0..ALEN-1], meter MID[0..MLEN-1], the DAYS
 * days ending at END, KWH, from line LINE of FILE) for the meter and load-shape indicators;
 * MINUTE >= 0 makes it an interval starting at that minute of END. FILE must stay valid
 * until er_feat_store_report_off_grid. Returns 0, or ER_ENOMEM. */
int er_feat_store_add_meter(struct er_feat_store *s, long ei, const char *aid, size_t alen, const char *mid,
                            size_t mlen, er_day end, int days, int minute, double kwh, const char *file, uint64_t line);

/* Reports to S->diag, once per meter, the first interval reading off its meter's spacing
 * (its time in column FIELD) and how many there are: they are kept, as intervals of the
 * meter's length, but usually tell a clock or export fault. Can't fail. */
void er_feat_store_report_off_grid(const struct er_feat_store *s, const char *field);

/* Loads one table from R into S; KIND is ER_KIND_LOANS, ER_KIND_ACCOUNTS, ER_KIND_BILLS,
 * ER_KIND_INSPECTIONS or ER_KIND_EVENTS, in that order (loans before accounts). Bad rows
 * are reported to S->diag with file, line and field and counted in C. Returns 0, ER_EDATA
 * for a missing column (reported too), ER_EIO for a read failure (reported) or ER_ENOMEM. */
int er_feat_store_load(struct er_feat_store *s, int kind, er_reader *r, struct er_feat_counts *c);

/* After the accounts and loans: links loans to entities, sets as-of dates from the loans
 * (with asof_from_loans), and counts shared phones and addresses. Returns 0 or ER_ENOMEM. */
int er_feat_store_link(struct er_feat_store *s);

/* Binds the columns of table KIND (ER_KIND_BILLS ... ER_KIND_LOANS) in R's header into K
 * for er_feat_store_add_row, and marks S as having that table. Returns 0, or ER_EDATA with
 * ERR naming the missing column. */
int er_feat_store_bind(struct er_feat_store *s, int kind, er_reader *r, struct er_feat_cols *k, char *err);

/* Adds the current row of R, of table KIND bound in K, to S at once, as a live feed does:
 * a bill or event in date order among its entity's, an account or loan linked to its
 * entity alone (not a rescan of the tables). Sets S->feed on first use. A bad row is
 * reported to S->diag with file, line and field and counted rejected in C. *ENTITY gets the
 * entity the row changed, or -1 (rejected or skipped). Returns 0 or ER_ENOMEM. */
int er_feat_store_add_row(struct er_feat_store *s, int kind, er_reader *r, const struct er_feat_cols *k,
                          struct er_feat_counts *c, long *entity);

/* Moves entity EI's as-of date to DATE when the store's as-of date follows the data
 * (moving_asof) and DATE is later. Can't fail. */
void er_feat_store_advance(struct er_feat_store *s, size_t ei, er_day date);

/* --asof last, after the last row: moves every entity's as-of date to S->latest, the latest
 * date of the dated rows used (readings, bills as of their period's last day, inspections,
 * events, loan applications), as if it had been given with --asof. Returns 0, or -1 when
 * no dated row was used (nothing changed). Can't fail otherwise. */
int er_feat_store_asof_latest(struct er_feat_store *s);

/* Brings the sharing counts of entity EI's accounts up to date in a live feed (other
 * accounts may have joined its phone, address or representative since). Can't fail. */
void er_feat_store_refresh(struct er_feat_store *s, size_t ei);

/* Sorts every entity's bills and events by date. Returns 0 or ER_ENOMEM. */
int er_feat_store_sort(struct er_feat_store *s);

/* Fills ROW (ER_FEAT_COUNT values) for entity I as of its as-of date; NaN where empty.
 * usage.industry_growth_dev is left NaN. Returns 0, or ER_ENOMEM (ROW is then incomplete). */
int er_feat_store_compute(const struct er_feat_store *s, size_t i, double *row);

#endif

/* decide_tables: the side tables of er-decide, loaded whole and looked up by key.
 *   products:  product,min_grade,min_monthly_repayment,max_amount,annual_rate,term_months
 *   profiles:  er-profile output (subject_id, max_capacity; identity_ok, priority_level,
 *              completed, uncompleted when present)
 *   registry:  subject_id,platform,status,platform_grade,monthly_repayment (status applying,
 *              active, closed or defaulted)
 *   relations: applicant_id,beneficiary_id,due_date,repaid_date,amount
 *   reviews:   app_id,result (approve or reject)
 *   tiers:     product,amount,min_repayment,max_repayment (the product's amount tiers)
 *   checks:    er-verify --summary (id,worst,hits,fail,warn,...,rules) or er-alert output
 *              (id,level,...), told apart by the header; the id is the first column
 *   scores:    er-score output (id first, grade, pd)
 *   identity:  er-features output (id first, info.uscc_match, info.name_similarity,
 *              info.legal_rep_match, info.phone_match, info.address_match)
 * A key twice in one side table (checks, scores, identity, profiles) is a bad row: the
 * key becomes unusable, so its application is an error naming the file and line.
 * A bad row is reported (file, line, field) and counted when loaded; the key it belongs
 * to is then marked unusable, so an application that needs it becomes an error instead
 * of being decided on partial data. */
#ifndef ER_DECIDE_TABLES_H
#define ER_DECIDE_TABLES_H

#include <stddef.h>

#include "lib/date.h"
#include "lib/diag.h"
#include "credit/decide.h"
#include "lib/reader.h"

typedef struct er_decide_tables er_decide_tables;

/* Empty tables, or NULL when out of memory. Free with er_decide_tables_free. */
er_decide_tables *er_decide_tables_new(void);

/* Loaders: each returns 0, or ER_EIO (unreadable file, missing column) or ER_ENOMEM with
 * ERR; bad rows are reported to D and added to *ERRORS. MASK_PII masks subject ids in messages. */
int er_decide_tables_load_products(const struct er_diag *d, er_decide_tables *t, const char *path,
                                   const struct er_reader_opts *o, unsigned long *errors, char *err);
int er_decide_tables_load_profiles(const struct er_diag *d, er_decide_tables *t, const char *path,
                                   const struct er_reader_opts *o, int mask_pii, unsigned long *errors, char *err);
/* Rows of platform SKIP (NULL: none) are left out (a platform's own applications). */
int er_decide_tables_load_registry(const struct er_diag *d, er_decide_tables *t, const char *path,
                                   const struct er_reader_opts *o, const char *skip, unsigned long *errors, char *err);
/* Tiers are added to products already loaded (an unknown product is a bad row). */
int er_decide_tables_load_tiers(const struct er_diag *d, er_decide_tables *t, const char *path,
                                const struct er_reader_opts *o, unsigned long *errors, char *err);
int er_decide_tables_load_checks(const struct er_diag *d, er_decide_tables *t, const char *path,
                                 const struct er_reader_opts *o, unsigned long *errors, char *err);
int er_decide_tables_load_scores(const struct er_diag *d, er_decide_tables *t, const char *path,
                                 const struct er_reader_opts *o, unsigned long *errors, char *err);
int er_decide_tables_load_identity(const struct er_diag *d, er_decide_tables *t, const char *path,
                                   const struct er_reader_opts *o, unsigned long *errors, char *err);

/* The signals of subject ID into *OUT (OUT->rules points into T). Returns 0, or -2 when
 * a side table's record of ID is unusable (WHY set). */
int er_decide_tables_signals(const er_decide_tables *t, const char *id, size_t len, struct er_decide_signals *out,
                             char *why);
/* Adds one registry record of subject ID (the shared registry read directly). Returns 0
 * or ER_ENOMEM. */
int er_decide_tables_add_loan(er_decide_tables *t, const char *id, size_t len, const struct er_decide_loan *loan);

/* Adds product NAME. Returns 0, -1 when NAME is already there, or ER_ENOMEM. */
int er_decide_tables_add_product(er_decide_tables *t, const char *name, size_t len, const struct er_decide_product *p);

/* Relations are judged at ASOF with LONG_DAYS from the policy. */
int er_decide_tables_load_relations(const struct er_diag *d, er_decide_tables *t, const char *path,
                                    const struct er_reader_opts *o, er_day asof, int long_days, unsigned long *errors,
                                    char *err);
int er_decide_tables_load_reviews(const struct er_diag *d, er_decide_tables *t, const char *path,
                                  const struct er_reader_opts *o, unsigned long *errors, char *err);

/* Lookups return 0 and fill *OUT, -1 when the key is absent, or -2 when it is unusable
 * (WHY, ER_ERRLEN bytes, says why and where: "bad record at FILE line N"). A profile
 * without max_capacity is not a bad row but is unusable ("no max_capacity at ..."). */
int er_decide_tables_product(const er_decide_tables *t, const char *name, size_t len, struct er_decide_product *out,
                             char *why);
int er_decide_tables_subject(const er_decide_tables *t, const char *id, size_t len, struct er_decide_subject *out,
                             char *why);

/* How the registry's subject ids are made from an applicant's: FN writes the stored form of
 * ID[0..LEN-1] (NUL-terminated) to BUF (65 bytes) and returns 0, or -1 (out of memory). */
typedef int (*er_decide_loan_key_fn)(void *ctx, const char *id, size_t len, char *buf);

/* Makes er_decide_tables_loans look ids up by FN's form (a pseudonymised registry); CTX
 * is borrowed. */
void er_decide_tables_set_loan_key(er_decide_tables *t, er_decide_loan_key_fn fn, void *ctx);

/* Adds the registry records of applicant ID[0..LEN-1] to T (er_decide_tables_add_loan, under
 * the registry's form of the id); KEY is that form when a loan key is set (the key function's
 * output, so it need not be made twice), else NULL. Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
typedef int (*er_decide_loan_fetch_fn)(void *ctx, er_decide_tables *t, const char *id, size_t len, const char *key,
                                       char *err);

/* Makes er_decide_tables_loans fetch each subject's records with FN the first time it is
 * asked for (a registry looked up per applicant instead of loaded whole); CTX is borrowed. */
void er_decide_tables_set_loan_fetch(er_decide_tables *t, er_decide_loan_fetch_fn fn, void *ctx);

/* 1 when a fetch is set (er_decide_tables_set_loan_fetch), else 0. */
int er_decide_tables_fetches(const er_decide_tables *t);

/* Notes that the records of subject ID[0..LEN-1] will be asked for (with a fetch set), for
 * er_decide_tables_fetch_wanted. Returns 0 or ER_ENOMEM. */
int er_decide_tables_want_loans(er_decide_tables *t, const char *id, size_t len);

/* Fetches the records of every subject wanted and not fetched yet, in the order of their
 * registry keys, so that neighbours in the registry's index are read one after another.
 * Returns 0, or ER_EIO / ER_ENOMEM with WHY. */
int er_decide_tables_fetch_wanted(er_decide_tables *t, char *why);

/* The registry records of subject ID copied into *LOANS (malloc'd, the caller frees;
 * NULL with *N 0 when none), fetched first when a fetch is set. Returns 0, -2 unusable
 * (WHY set), ER_ENOMEM, or ER_EIO with WHY (the fetch failed). */
int er_decide_tables_loans(er_decide_tables *t, const char *id, size_t len, struct er_decide_loan **loans, size_t *n,
                           char *why);

/* What the records between A and B (either direction) show: enum er_decide_arrears;
 * for ER_ARREARS_UNKNOWN, WHY says where the bad record is. */
int er_decide_tables_arrears(const er_decide_tables *t, const char *a, size_t alen, const char *b, size_t blen,
                             char *why);

/* The review of application ID (enum er_decide_review), marking it used. */
int er_decide_tables_review(er_decide_tables *t, const char *id, size_t len);

/* Reports to D the reviews whose application never came; returns how many. */
unsigned long er_decide_tables_report_unused_reviews(const struct er_diag *d, const er_decide_tables *t);

/* Frees T (may be NULL). */
void er_decide_tables_free(er_decide_tables *t);

#endif

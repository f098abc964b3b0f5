/* feat_info: the info module (registered account details, checked and compared with the
 * loan application) of the indicator library, and the text normalizations it needs. */
#ifndef ER_FEAT_INFO_H
#define ER_FEAT_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"

/* Account statuses, best first. */
enum er_feat_status { ER_FEAT_ST_NORMAL = 0, ER_FEAT_ST_SUSPENDED, ER_FEAT_ST_CLOSED };

/* One row of the accounts table, texts normalized (owned, freed by er_feat_account_free). */
struct er_feat_account {
	char *uscc;              /* as given, "" when missing */
	char *name;              /* er_feat_norm_name */
	char *legal_rep;         /* spaces removed */
	char *phone;             /* er_feat_norm_phone */
	char *address;           /* er_feat_norm_address */
	char *legal_rep_id;      /* the legal representative's resident ID, er_ident_norm_subject */
	int phone_valid;         /* -1 no phone, 0 invalid, 1 valid */
	double contract_kva;     /* NaN when not given */
	er_day open_date;        /* ER_NO_DAY when not given */
	int status;              /* enum er_feat_status, -1 when not given */
	int industry;            /* industry group, -1 when not given */
	uint32_t entity;         /* the entity it belongs to */
	uint32_t enterprise;     /* its enterprise (code, or the account itself), for sharing counts */
	double loan_match;       /* 1 its code is the applicant's, 0.5 only the organization code, 0 */
	unsigned phone_shared;   /* enterprises sharing its phone (0: no phone) */
	unsigned address_shared; /* enterprises sharing its address (0: no address) */
	unsigned rep_shared;     /* enterprises sharing its legal_rep_id (0: none given) */
};

/* The applicant's details from the loans table, normalized like the accounts'. */
struct er_feat_loan {
	char *uscc, *name, *legal_rep, *phone, *address;
	er_day apply_date;
	int linked; /* 1 once an account carries its code */
};

/* The status code of S (normal, suspended, closed or 正常, 暂停, 销户), or -1. */
int er_feat_status_code(const char *s);

/* Normalized copies (malloc'd, the caller frees; NULL when out of memory) of S[0..LEN-1]:
 * full-width ASCII to half-width, ASCII lowercase, spaces removed; names also lose
 * brackets and have 有限责任公司 and 股份有限公司 unified to 有限公司; phones are in
 * er_ident_norm_phone's form. */
char *er_feat_norm_name(const char *s, size_t len);
char *er_feat_norm_address(const char *s, size_t len);
char *er_feat_norm_phone(const char *s, size_t len);
char *er_feat_norm_plain(const char *s, size_t len);

/* 1 - Levenshtein distance / longer length over the code points of UTF-8 texts A and B;
 * 1 when both are empty, NaN when out of memory. */
double er_feat_similarity(const char *a, const char *b);

/* 1 when S is a legacy 9-character organization code (an optional '-' before the check
 * character) and its 8+1 characters equal characters 9..17 of the 18-character code USCC. */
int er_feat_orgcode_matches(const char *s, const char *uscc);

/* Fills OUT[ER_FEAT_INFO_*] as of ASOF for the accounts ACC[0..N-1] of one entity and its
 * loan (NULL: none); USCC is the entity's code when it has one, else NULL. Returns 0, or
 * ER_ENOMEM when the name similarity could not be computed (OUT is then incomplete). */
int er_feat_info_compute(const struct er_feat_account *const *acc, size_t n, const struct er_feat_loan *loan,
                         const char *uscc, er_day asof, double *out);

/* Frees the texts of A (not A itself). */
void er_feat_account_free(struct er_feat_account *a);

/* Frees the texts of L (not L itself). */
void er_feat_loan_free(struct er_feat_loan *l);

#endif

/* schema: the canonical tables that er-ingest writes and the other tools read.
 *
 * Canonical columns, in output order (* = required on input):
 *   readings:    account_id*, date*, days, kwh*, meter_id, time
 *                (date ends a period of `days` days; days 1 = daily data. kwh may
 *                instead come from reading_begin, reading_end and multiplier. meter_id
 *                is written only when the input has it: an account may have several.
 *                time (HH:MM) is the start of an interval reading of the day, written
 *                only when the input has times.)
 *   bills:       account_id*, bill_id, period* (YYYY-MM), kwh, amount*, due_date*,
 *                paid_date, paid_amount, late_fee, pay_method
 *                (paid_date empty: unpaid; paid_amount < amount: partial payment)
 *   inspections: account_id*, case_id, date*, finding* (none|theft|violation|meter_fault),
 *                back_kwh, back_amount, penalty, status (open|closed), close_date
 *   accounts:    account_id*, uscc, name, legal_rep, legal_rep_id, phone, address,
 *                industry, contract_kva, open_date, status (normal|suspended|closed)
 *   events:      account_id*, event_id, date*, type*, cap_before, cap_after, end_date
 *                type: open, capacity_increase, capacity_reduction, suspend, resume,
 *                close, rename, transfer, disconnect_arrears, reconnect, capacity_restore
 *                (减容恢复: a reduced capacity restored, not the end of a suspension)
 *   loans:       app_id*, uscc*, name, legal_rep, phone, address, apply_date*,
 *                loan_date, amount
 *   labels:      id*, label* (1 bad, 0 good), date
 * Dates are written YYYY-MM-DD, months YYYY-MM, numbers in shortest form. */
#ifndef ER_SCHEMA_H
#define ER_SCHEMA_H

#include <stddef.h>

#include "lib/reader.h"

enum er_kind {
	ER_KIND_READINGS,
	ER_KIND_BILLS,
	ER_KIND_INSPECTIONS,
	ER_KIND_ACCOUNTS,
	ER_KIND_EVENTS,
	ER_KIND_LOANS,
	ER_KIND_LABELS,
	ER_KIND_COUNT
};

enum er_field_type {
	ER_T_TEXT,  /* any text */
	ER_T_KEY,   /* non-empty text, no leading or trailing space */
	ER_T_NUM,   /* number >= 0 */
	ER_T_INT,   /* whole number >= 1 */
	ER_T_DATE,  /* a day */
	ER_T_MONTH, /* a month, written YYYY-MM */
	ER_T_ENUM,  /* one of the listed codes (aliases mapped) */
	ER_T_USCC,  /* unified social credit code */
	ER_T_RESID, /* resident ID number */
	ER_T_PHONE, /* phone number */
	ER_T_LABEL, /* good/bad label written 0/1 */
	ER_T_TIME   /* a time of day, written HH:MM */
};

/* Field numbers of each table: its fields[] in column order, so a loader names a column
 * by the spec (cols[ER_BILLS_AMOUNT], fields[ER_BILLS_AMOUNT].name) and keeps no list
 * of its own. */
enum {
	ER_READINGS_ACCOUNT_ID,
	ER_READINGS_DATE,
	ER_READINGS_DAYS,
	ER_READINGS_KWH,
	ER_READINGS_READING_BEGIN,
	ER_READINGS_READING_END,
	ER_READINGS_MULTIPLIER,
	ER_READINGS_METER_ID,
	ER_READINGS_TIME
};
enum {
	ER_BILLS_ACCOUNT_ID,
	ER_BILLS_BILL_ID,
	ER_BILLS_PERIOD,
	ER_BILLS_KWH,
	ER_BILLS_AMOUNT,
	ER_BILLS_DUE_DATE,
	ER_BILLS_PAID_DATE,
	ER_BILLS_PAID_AMOUNT,
	ER_BILLS_LATE_FEE,
	ER_BILLS_PAY_METHOD
};
enum {
	ER_INSPECTIONS_ACCOUNT_ID,
	ER_INSPECTIONS_CASE_ID,
	ER_INSPECTIONS_DATE,
	ER_INSPECTIONS_FINDING,
	ER_INSPECTIONS_BACK_KWH,
	ER_INSPECTIONS_BACK_AMOUNT,
	ER_INSPECTIONS_PENALTY,
	ER_INSPECTIONS_STATUS,
	ER_INSPECTIONS_CLOSE_DATE
};
enum {
	ER_ACCOUNTS_ACCOUNT_ID,
	ER_ACCOUNTS_USCC,
	ER_ACCOUNTS_NAME,
	ER_ACCOUNTS_LEGAL_REP,
	ER_ACCOUNTS_LEGAL_REP_ID,
	ER_ACCOUNTS_PHONE,
	ER_ACCOUNTS_ADDRESS,
	ER_ACCOUNTS_INDUSTRY,
	ER_ACCOUNTS_CONTRACT_KVA,
	ER_ACCOUNTS_OPEN_DATE,
	ER_ACCOUNTS_STATUS
};
enum {
	ER_EVENTS_ACCOUNT_ID,
	ER_EVENTS_EVENT_ID,
	ER_EVENTS_DATE,
	ER_EVENTS_TYPE,
	ER_EVENTS_CAP_BEFORE,
	ER_EVENTS_CAP_AFTER,
	ER_EVENTS_END_DATE
};
enum {
	ER_LOANS_APP_ID,
	ER_LOANS_USCC,
	ER_LOANS_NAME,
	ER_LOANS_LEGAL_REP,
	ER_LOANS_PHONE,
	ER_LOANS_ADDRESS,
	ER_LOANS_APPLY_DATE,
	ER_LOANS_LOAN_DATE,
	ER_LOANS_AMOUNT
};
enum { ER_LABELS_ID, ER_LABELS_LABEL, ER_LABELS_DATE };

/* The most fields a table has. */
#define ER_SCHEMA_MAXFIELDS 12

/* The most fields in a duplicate key (readings: account, meter, date, time). */
#define ER_SCHEMA_MAXKEY 4

/* The bit of field number F in a set of fields. */
#define ER_FIELD_BIT(f) (1u << (f))

/* er_field.output of an optional column written only when the input has it, so that
 * tables without it keep their shape. */
#define ER_OUT_PRESENT 2

/* An alias maps a source spelling to a canonical name or code. */
struct er_alias {
	const char *from;
	const char *to;
};

struct er_field {
	const char *name; /* canonical name */
	enum er_field_type type;
	int required;             /* 1: must be present and non-empty on input */
	int output;               /* 1: a canonical output column; 0: input only; ER_OUT_PRESENT */
	const char *const *codes; /* ER_T_ENUM: accepted codes, NULL-terminated */
};

struct er_schema {
	enum er_kind kind;
	const char *name; /* "readings", ... */
	const struct er_field *fields;
	size_t nfields;
	const char *key[ER_SCHEMA_MAXKEY]; /* the duplicate key: field names, NULL after the last */
	const char *entity;                /* the field that names the account or entity */
};

/* The schema of KIND. Can't fail. */
const struct er_schema *er_schema_get(enum er_kind kind);

/* The schema called NAME ("readings", ...), or NULL. */
const struct er_schema *er_schema_find(const char *name);

/* The canonical field for source column header HEADER (exact canonical name, or a
 * built-in alias, English or Chinese, matched without case), or NULL. */
const struct er_field *er_schema_match_column(const struct er_schema *s, const char *header);

/* The canonical field named exactly HEADER (without case), or NULL: a column so named wins
 * over another that only matches by alias. */
const struct er_field *er_schema_exact_column(const struct er_schema *s, const char *header);

/* The canonical code for VALUE of enum field F (a code itself or an alias, e.g. 窃电 -> theft),
 * or NULL when unknown. */
const char *er_schema_enum_code(const struct er_field *f, const char *value);

/* Index of field NAME in S, or -1. */
long er_schema_field_index(const struct er_schema *s, const char *name);

/* Maps the header of canonical table R (er-ingest output: exact names) to S's fields:
 * COL[i] is the column of field i, or -1 when absent. A required field among USE (a set
 * of ER_FIELD_BIT, the fields the caller reads) must be present. Returns 0, or -1 with
 * ERR (er_reader_require's message) for the first one missing. */
int er_schema_bind(const struct er_schema *s, const er_reader *r, unsigned use, long col[ER_SCHEMA_MAXFIELDS],
                   char *err);

/* 1 when canonical column NAME holds personal data that --mask-pii masks: a legal
 * representative's name or resident ID, a phone number, a person's ID number
 * (legal_rep, legal_rep_id, phone, id_number); else 0. Enterprise names and unified
 * social credit codes are not personal data. */
int er_schema_pii(const char *name);

#endif

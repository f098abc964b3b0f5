/* feat_pay: the pay module (bills and payments) of the indicator library.
 * A bill belongs to the month of its period; bills of periods after the reference month
 * are not known at the as-of date, and a payment dated after it counts as not made. */
#ifndef ER_FEAT_PAY_H
#define ER_FEAT_PAY_H

#include <stddef.h>

#include "lib/date.h"

/* Classes of payment method, for auto-debit to cash changes. */
enum er_feat_pay_class { ER_FEAT_PAY_OTHER = 0, ER_FEAT_PAY_AUTODEBIT, ER_FEAT_PAY_CASH };

struct er_feat_bill {
	int period;         /* month index of the billing period */
	double amount;      /* amount billed */
	er_day due;         /* due date */
	er_day paid;        /* payment date, ER_NO_DAY when unpaid */
	double paid_amount; /* amount paid, NaN when not given (then the whole bill) */
	double late_fee;    /* late fee billed, 0 when not given */
	int method;         /* payment method id (equal ids, equal methods), -1 when not given */
	int method_class;   /* enum er_feat_pay_class of the method */
};

/* The class of payment method S[0..LEN-1] (Chinese or English words). Can't fail. */
int er_feat_pay_method_class(const char *s, size_t len);

/* Sorts B[0..N-1] by period, keeping the input order within a period. Returns 0, or -1
 * when out of memory. */
int er_feat_pay_sort(struct er_feat_bill *b, size_t n);

/* Sum of the amounts of the bills of M12 as of ASOF, or NaN when there is none. */
double er_feat_pay_amount_12m(const struct er_feat_bill *b, size_t n, er_day asof);

/* Fills OUT[ER_FEAT_PAY_*] but pay.disconnections_12m (from the events) for the bills
 * B[0..N-1] (sorted by period) as of ASOF; NaN where not computable. Can't fail. */
void er_feat_pay_compute(const struct er_feat_bill *b, size_t n, er_day asof, double *out);

#endif

/* feat_pay: payment behaviour indicators from bills. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/latefee.h"
#include "features/feat_catalogue.h"
#include "features/feat_pay.h"
#include "features/feat_series.h"
#include "lib/num.h"
#include "lib/sort.h"

static int
contains(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);
	for (size_t i = 0; i + wl <= len; i++) {
		size_t j = 0;
		while (j < wl) {
			char c = s[i + j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != word[j])
				break;
			j++;
		}
		if (j == wl)
			return 1;
	}
	return 0;
}

int
er_feat_pay_method_class(const char *s, size_t len)
{
	static const char *const autodebit[] = {"代扣", "托收", "划扣", "auto", "debit", "withhold", NULL};
	static const char *const cash[] = {"现金", "坐收", "柜台", "走收", "cash", "counter", NULL};
	for (size_t i = 0; autodebit[i]; i++)
		if (contains(s, len, autodebit[i]))
			return ER_FEAT_PAY_AUTODEBIT;
	for (size_t i = 0; cash[i]; i++)
		if (contains(s, len, cash[i]))
			return ER_FEAT_PAY_CASH;
	return ER_FEAT_PAY_OTHER;
}

static int
bill_cmp_period(const void *x, const void *y)
{
	const struct er_feat_bill *a = x, *b = y;
	return (a->period > b->period) - (a->period < b->period);
}

int
er_feat_pay_sort(struct er_feat_bill *b, size_t n)
{
	/* stable: bills of one period keep their input order, which decides the order of
	 * payment-method changes */
	return er_sort_stable(b, n, sizeof *b, bill_cmp_period);
}

double
er_feat_pay_amount_12m(const struct er_feat_bill *b, size_t n, er_day asof)
{
	int r = er_feat_ref_month(asof);
	double sum = 0;
	int any = 0;
	for (size_t i = 0; i < n; i++)
		if (b[i].period > r - 12 && b[i].period <= r) {
			sum += b[i].amount;
			any = 1;
		}
	return any ? sum : NAN;
}

void
er_feat_pay_compute(const struct er_feat_bill *b, size_t n, er_day asof, double *out)
{
	for (int i = ER_FEAT_PAY_LATE_COUNT_12M; i <= ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M; i++)
		out[i] = NAN;
	int r = er_feat_ref_month(asof);
	int known = 0, in12 = 0, late = 0, ontime = 0, settled_or_due = 0, partial = 0;
	int max_late = 0, changes = 0, with_method = 0, to_cash = 0, methods6 = 0;
	double amount12 = 0, fee12 = 0, arrears = 0;
	er_day oldest_due = ER_NO_DAY;
	int prev_method = -1, prev_class = ER_FEAT_PAY_OTHER;
	for (size_t i = 0; i < n; i++) {
		const struct er_feat_bill *x = &b[i];
		if (x->period > r)
			break;
		known++;
		int paid = x->paid != ER_NO_DAY && x->paid <= asof;
		/* paid_amount settles the bill's amount, as 实收电费 does; late fees (违约金) are
		 * charged apart and are not arrears of the bill */
		double paid_amount = !paid ? 0 : isnan(x->paid_amount) ? x->amount : x->paid_amount;
		double balance = x->amount - paid_amount;
		if (x->due < asof && balance > 0) {
			arrears += balance;
			if (oldest_due == ER_NO_DAY || x->due < oldest_due)
				oldest_due = x->due;
		}
		if (x->period > r - 12) {
			in12++;
			amount12 += x->amount;
			fee12 += er_late_fee_at(x->late_fee, x->amount, x->due, x->paid, asof);
			int days = paid ? x->paid - x->due : x->due < asof ? asof - x->due : 0;
			if (days > max_late)
				max_late = days;
			if (days > 0)
				late++;
			if (paid || x->due < asof) {
				settled_or_due++;
				ontime += paid && x->paid <= x->due;
			}
			if (paid && !isnan(x->paid_amount) && x->paid_amount < x->amount)
				partial++;
			if (x->method >= 0) {
				with_method++;
				if (prev_method >= 0 && prev_method != x->method)
					changes++;
			}
		}
		if (x->method >= 0) {
			if (x->period > r - 6) {
				methods6++;
				if (prev_method >= 0 && prev_class == ER_FEAT_PAY_AUTODEBIT &&
				    x->method_class == ER_FEAT_PAY_CASH)
					to_cash = 1;
			}
			prev_method = x->method;
			prev_class = x->method_class;
		}
	}
	if (known > 0) {
		out[ER_FEAT_PAY_ARREARS_AMOUNT] = arrears;
		out[ER_FEAT_PAY_ARREARS_AGE_DAYS] = oldest_due == ER_NO_DAY ? 0 : asof - oldest_due;
	}
	if (in12 > 0) {
		out[ER_FEAT_PAY_LATE_COUNT_12M] = late;
		out[ER_FEAT_PAY_MAX_DAYS_LATE_12M] = max_late;
		out[ER_FEAT_PAY_PARTIAL_COUNT_12M] = partial;
		if (amount12 > 0)
			out[ER_FEAT_PAY_LATE_FEE_RATIO_12M] = er_num_ratio(fee12, amount12);
	}
	if (settled_or_due > 0)
		out[ER_FEAT_PAY_ON_TIME_RATE_12M] = (double)ontime / settled_or_due;
	if (with_method > 0)
		out[ER_FEAT_PAY_METHOD_CHANGES_12M] = changes;
	if (methods6 > 0)
		out[ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M] = to_cash;
}

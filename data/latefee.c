/* latefee: the late fee known on a given day. */
#include "data/latefee.h"

#include <math.h>

double
er_late_fee_at(double fee, double amount, er_day due, er_day paid, er_day asof)
{
	if (isnan(fee) || fee <= 0 || due == ER_NO_DAY || (paid != ER_NO_DAY && paid <= asof))
		return fee;
	if (asof <= due)
		return 0;
	if (paid != ER_NO_DAY) /* paid after ASOF, so after DUE: accrued by the day until then */
		return fee * (double)(asof - due) / (double)(paid - due);
	if (isnan(amount))
		return fee;
	double cap = fabs(amount) * ER_LATE_FEE_MAX_RATE * (double)(asof - due);
	return fee < cap ? fee : cap;
}

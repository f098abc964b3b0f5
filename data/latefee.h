/* latefee: how much of a bill's late fee (电费违约金) was known on a given day, so that a
 * backtest as of an earlier day does not read a fee that was assessed later.
 *
 * The fee accrues by the day from the day after the due date (供电营业规则 Art. 98: 0.1 %/day
 * for residents; 0.2 %/day for other customers on the current year's arrears, 0.3 %/day on
 * earlier years') and an export gives it as assessed when the bill was paid, or as accrued on
 * the export's day for a bill still unpaid. */
#ifndef ER_LATEFEE_H
#define ER_LATEFEE_H

#include "lib/date.h"

/* The highest statutory daily rate: the cap of what an unpaid bill's fee can have reached. */
#define ER_LATE_FEE_MAX_RATE 0.003

/* The part of late fee FEE of a bill of AMOUNT, due on DUE and paid on PAID (ER_NO_DAY:
 * unpaid), that had accrued by ASOF: all of it when paid by ASOF; 0 when ASOF is not after
 * DUE; the share of the days late that lie before ASOF when paid after it; for an unpaid bill
 * at most ER_LATE_FEE_MAX_RATE of AMOUNT per day late by ASOF. FEE NaN (not given) or not
 * above 0, an unknown DUE, or an unknown AMOUNT of an unpaid bill: FEE as given. Can't fail. */
double er_late_fee_at(double fee, double amount, er_day due, er_day paid, er_day asof);

#endif

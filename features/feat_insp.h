/* feat_insp: the insp module (inspections, theft and violations) of the indicator library. */
#ifndef ER_FEAT_INSP_H
#define ER_FEAT_INSP_H

#include <stddef.h>

#include "lib/date.h"

enum er_feat_finding {
	ER_FEAT_FIND_NONE = 0,
	ER_FEAT_FIND_THEFT,
	ER_FEAT_FIND_VIOLATION,
	ER_FEAT_FIND_METER_FAULT,
	ER_FEAT_FIND_OTHER /* er-ingest --unknown-codes keep: a finding, of no known kind */
};

struct er_feat_case {
	er_day date;        /* inspection date */
	int finding;        /* enum er_feat_finding */
	double back_amount; /* back-billed amount, 0 when not given */
	double penalty;     /* penalty, 0 when not given */
	int status_closed;  /* 1 when the status column says closed */
	er_day close_date;  /* ER_NO_DAY when not given */
};

/* The finding code of S (none, theft, violation, meter_fault, or a Chinese name such as
 * 窃电 or 违约用电), or -1 when unknown. */
int er_feat_insp_finding(const char *s);

/* Fills OUT[ER_FEAT_INSP_*] for cases C[0..N-1] as of ASOF; BILL_AMOUNT_12M is the sum of
 * the bill amounts of M12 (NaN: no bills). Cases dated after ASOF are ignored. Can't fail. */
void er_feat_insp_compute(const struct er_feat_case *c, size_t n, er_day asof, double bill_amount_12m, double *out);

#endif

/* feat_insp: integrity indicators from inspection records. */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "features/feat_catalogue.h"
#include "features/feat_insp.h"
#include "features/feat_series.h"
#include "lib/num.h"

int
er_feat_insp_finding(const char *s)
{
	static const struct {
		const char *word;
		int code;
	} words[] = {
		{"none", ER_FEAT_FIND_NONE},
		{"theft", ER_FEAT_FIND_THEFT},
		{"violation", ER_FEAT_FIND_VIOLATION},
		{"meter_fault", ER_FEAT_FIND_METER_FAULT},
		{"other", ER_FEAT_FIND_OTHER},
		{"无异常", ER_FEAT_FIND_NONE},
		{"窃电", ER_FEAT_FIND_THEFT},
		{"违约用电", ER_FEAT_FIND_VIOLATION},
		{"计量异常", ER_FEAT_FIND_METER_FAULT},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].code;
	return -1;
}

void
er_feat_insp_compute(const struct er_feat_case *c, size_t n, er_day asof, double bill_amount_12m, double *out)
{
	er_day from36 = er_feat_months_before(asof, 36);
	er_day from24 = er_feat_months_before(asof, 24);
	er_day from12 = er_feat_months_before(asof, 12);
	int theft = 0, violation = 0, fault = 0, open = 0;
	double back = 0;
	er_day last_finding = ER_NO_DAY;
	for (size_t i = 0; i < n; i++) {
		const struct er_feat_case *x = &c[i];
		if (x->date > asof)
			continue;
		if (x->date > from12)
			back += x->back_amount + x->penalty;
		if (x->finding == ER_FEAT_FIND_NONE)
			continue;
		if (x->finding == ER_FEAT_FIND_THEFT && x->date > from36)
			theft++;
		if (x->finding == ER_FEAT_FIND_VIOLATION && x->date > from24)
			violation++;
		if (x->finding == ER_FEAT_FIND_METER_FAULT && x->date > from12)
			fault++;
		int closed = x->close_date != ER_NO_DAY ? x->close_date <= asof : x->status_closed;
		open += !closed;
		if (last_finding == ER_NO_DAY || x->date > last_finding)
			last_finding = x->date;
	}
	out[ER_FEAT_INSP_THEFT_COUNT_36M] = theft;
	out[ER_FEAT_INSP_VIOLATION_COUNT_24M] = violation;
	out[ER_FEAT_INSP_METER_FAULT_COUNT_12M] = fault;
	out[ER_FEAT_INSP_OPEN_CASES] = open;
	out[ER_FEAT_INSP_PENALTY_RATIO_12M] = bill_amount_12m > 0 ? er_num_ratio(back, bill_amount_12m) : NAN;
	out[ER_FEAT_INSP_MONTHS_SINCE_FINDING] =
		last_finding == ER_NO_DAY ? NAN : er_feat_whole_months(last_finding, asof);
}

/* feat_event: indicators of capacity changes, suspensions, closures and owner changes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "features/feat_catalogue.h"
#include "features/feat_event.h"
#include "lib/sort.h"

int
er_feat_event_type(const char *s)
{
	static const struct {
		const char *word;
		int type;
	} words[] = {
		{"open", ER_FEAT_EV_OPEN},
		{"capacity_increase", ER_FEAT_EV_CAPACITY_INCREASE},
		{"capacity_reduction", ER_FEAT_EV_CAPACITY_REDUCTION},
		{"suspend", ER_FEAT_EV_SUSPEND},
		{"resume", ER_FEAT_EV_RESUME},
		{"close", ER_FEAT_EV_CLOSE},
		{"rename", ER_FEAT_EV_RENAME},
		{"transfer", ER_FEAT_EV_TRANSFER},
		{"disconnect_arrears", ER_FEAT_EV_DISCONNECT_ARREARS},
		{"reconnect", ER_FEAT_EV_RECONNECT},
		{"capacity_restore", ER_FEAT_EV_CAPACITY_RESTORE},
		{"other", ER_FEAT_EV_OTHER},
		{"新装", ER_FEAT_EV_OPEN},
		{"增容", ER_FEAT_EV_CAPACITY_INCREASE},
		{"减容", ER_FEAT_EV_CAPACITY_REDUCTION},
		{"暂停", ER_FEAT_EV_SUSPEND},
		{"暂停恢复", ER_FEAT_EV_RESUME},
		{"销户", ER_FEAT_EV_CLOSE},
		{"更名", ER_FEAT_EV_RENAME},
		{"过户", ER_FEAT_EV_TRANSFER},
		{"欠费停电", ER_FEAT_EV_DISCONNECT_ARREARS},
		{"复电", ER_FEAT_EV_RECONNECT},
		{"减容恢复", ER_FEAT_EV_CAPACITY_RESTORE},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].type;
	return -1;
}

static int
event_cmp_date(const void *x, const void *y)
{
	const struct er_feat_event *a = x, *b = y;
	return (a->date > b->date) - (a->date < b->date);
}

int
er_feat_event_sort(struct er_feat_event *e, size_t n)
{
	return er_sort_stable(e, n, sizeof *e, event_cmp_date);
}

/* Mean kWh of the months LO..HI that have data, NaN when none. */
static double
month_mean(const struct er_feat_series *s, int lo, int hi)
{
	double sum = 0, v;
	int k = 0;
	for (int m = lo; m <= hi; m++)
		if (s && er_feat_series_month(s, m, &v)) {
			sum += v;
			k++;
		}
	return k ? sum / k : NAN;
}

void
er_feat_event_compute(const struct er_feat_event *e, size_t n, er_day asof, const struct er_feat_series *s, double *out)
{
	er_day from12 = er_feat_months_before(asof, 12);
	er_day from6 = er_feat_months_before(asof, 6);
	er_day from3 = er_feat_months_before(asof, 3);
	int reductions = 0, increases = 0, recent_increase = 0, closures = 0, disconnections = 0;
	int owner = 0, ongoing = 0;
	double depth = NAN, suspended = 0;
	for (size_t i = 0; i < n && e[i].date <= asof; i++) {
		const struct er_feat_event *x = &e[i];
		int in12 = x->date > from12;
		switch (x->type) {
		case ER_FEAT_EV_CAPACITY_REDUCTION:
			if (!in12)
				break;
			reductions++;
			if (x->cap_before > 0 && !isnan(x->cap_after)) {
				double d = x->cap_after / x->cap_before;
				if (isnan(depth) || d < depth)
					depth = d;
			}
			break;
		case ER_FEAT_EV_CAPACITY_INCREASE:
			increases += in12;
			recent_increase |= x->date > from3;
			break;
		case ER_FEAT_EV_CLOSE: closures += in12; break;
		case ER_FEAT_EV_DISCONNECT_ARREARS: disconnections += in12; break;
		case ER_FEAT_EV_RENAME:
			if (x->date > from6 && owner < 1)
				owner = 1;
			break;
		case ER_FEAT_EV_TRANSFER:
			if (x->date > from6)
				owner = 2;
			break;
		case ER_FEAT_EV_SUSPEND: {
			/* Suspended from its date through the planned end or the as-of date, or
			 * up to the day before the account's next resume, whichever is first. */
			er_day last = asof;
			if (x->end_date != ER_NO_DAY && x->end_date < last)
				last = x->end_date;
			int resumed = 0;
			for (size_t j = i + 1; j < n && e[j].date <= asof; j++)
				if (e[j].type == ER_FEAT_EV_RESUME && e[j].account == x->account) {
					if (e[j].date - 1 < last)
						last = e[j].date - 1;
					resumed = 1;
					break;
				}
			if (!resumed && last == asof)
				ongoing = 1;
			er_day lo = x->date > from12 + 1 ? x->date : from12 + 1;
			if (last >= lo)
				suspended += last - lo + 1;
			break;
		}
		default: break;
		}
	}
	out[ER_FEAT_EVENT_CAP_REDUCTIONS_12M] = reductions;
	out[ER_FEAT_EVENT_CAP_REDUCTION_DEPTH_12M] = depth;
	out[ER_FEAT_EVENT_CAP_INCREASES_12M] = increases;
	out[ER_FEAT_EVENT_SUSPENDED_DAYS_12M] = suspended;
	out[ER_FEAT_EVENT_SUSPENSION_ONGOING] = ongoing;
	out[ER_FEAT_EVENT_CLOSURES_12M] = closures;
	out[ER_FEAT_EVENT_OWNER_CHANGE_6M] = owner;
	out[ER_FEAT_PAY_DISCONNECTIONS_12M] = disconnections;
	if (!recent_increase) {
		out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] = 0;
	} else {
		int r = er_feat_ref_month(asof);
		double recent = month_mean(s, r - 2, r), before = month_mean(s, r - 5, r - 3);
		out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] = isnan(recent) || isnan(before) ? NAN : recent <= before;
	}
}

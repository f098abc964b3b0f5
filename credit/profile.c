/* profile: attributes, identity check, repayment capacity and the enterprise mapping. */
#include "credit/profile.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "data/ident.h"
#include "lib/num.h"

static const char *const attr_names[ER_ATTR_COUNT] = {"income",         "spend",     "flow",       "debt_service",
                                                      "priority_level", "completed", "uncompleted"};

const char *
er_profile_attr_name(int attr)
{
	return attr >= 0 && attr < ER_ATTR_COUNT ? attr_names[attr] : "";
}

int
er_profile_attr_parse(const char *name)
{
	for (int a = 0; a < ER_ATTR_COUNT; a++)
		if (strcmp(name, attr_names[a]) == 0)
			return a;
	if (strcmp(name, "monthly_income") == 0)
		return ER_ATTR_INCOME;
	if (strcmp(name, "monthly_spend") == 0)
		return ER_ATTR_SPEND;
	if (strcmp(name, "monthly_flow") == 0)
		return ER_ATTR_FLOW;
	return -1;
}

int
er_profile_attr_value(int attr, const char *value, size_t len, double *out, char *why)
{
	double v;
	int r = er_num_parse(value, len, &v);
	if (r != ER_NUM_OK)
		return er_fail(why, -1, "%s", er_num_strerror(r));
	if (v < 0)
		return er_fail(why, -1, "negative");
	if (attr == ER_ATTR_PRIORITY_LEVEL && !(v == 1 || v == 2 || v == 3 || v == 4))
		return er_fail(why, -1, "not a priority level 1..4");
	*out = v;
	return 0;
}

void
er_profile_problem(char *problems, const char *fmt, ...)
{
	size_t len = strlen(problems);
	if (len >= ER_PROFILE_PROBLEMLEN - 4)
		return;
	char text[ER_PROFILE_PROBLEMLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	int n = snprintf(problems + len, ER_PROFILE_PROBLEMLEN - len, "%s%s", len ? "; " : "", text);
	if (n < 0 || (size_t)n >= ER_PROFILE_PROBLEMLEN - len)
		memcpy(problems + ER_PROFILE_PROBLEMLEN - 4, "...", 4);
}

void
er_profile_capacity(const struct er_policy *p, const double attr[ER_ATTR_COUNT], double *max_capacity,
                    double *min_capacity)
{
	double income = attr[ER_ATTR_INCOME];
	double spend = isnan(attr[ER_ATTR_SPEND]) ? 0 : attr[ER_ATTR_SPEND];
	double debt = isnan(attr[ER_ATTR_DEBT_SERVICE]) ? 0 : attr[ER_ATTR_DEBT_SERVICE];
	double flow = attr[ER_ATTR_FLOW];
	if (isnan(income)) {
		*max_capacity = NAN;
		*min_capacity = NAN;
		return;
	}
	double free_income = income - spend;
	double dti = income * p->dti_cap;
	double mx = (free_income < dti ? free_income : dti) - debt;
	mx = mx > 0 ? mx : 0;
	*max_capacity = mx;
	if (isnan(flow)) {
		*min_capacity = NAN;
		return;
	}
	double mn = flow - debt;
	mn = mn < mx ? mn : mx;
	*min_capacity = mn > 0 ? mn : 0;
}

/* A resident ID has 17 digits and a province code 11..82 first; anything else that
 * fails both checks is reported as a unified social credit code. */
static int
looks_like_resident_id(const char *id, size_t len)
{
	if (len != 18 || id[0] < '1' || id[0] > '8')
		return 0;
	for (size_t i = 0; i < 17; i++)
		if (id[i] < '0' || id[i] > '9')
			return 0;
	return 1;
}

int
er_profile_identity(const char *id, size_t idlen, const char *phone, size_t phonelen, er_day today, char *problems)
{
	int ok = 1;
	int person;
	/* checked in the forms ids are compared in: 'x' or lower-case letters, spaces and dashes
	 * in a phone are how people type them, not errors */
	char idn[64], phonen[64];
	if (idlen < sizeof idn) {
		idlen = er_ident_norm_subject(id, idlen, idn);
		id = idn;
	}
	if (phonelen < sizeof phonen) {
		phonelen = er_ident_norm_phone(phone, phonelen, phonen);
		phone = phonen;
	}
	if (idlen == 0) {
		er_profile_problem(problems, "id_number missing");
		ok = 0;
		person = 1;
	} else if (er_ident_resident_id(id, idlen, today) == ER_IDENT_OK) {
		person = 1;
	} else if (er_ident_uscc(id, idlen) == ER_IDENT_OK) {
		person = 0;
	} else if (looks_like_resident_id(id, idlen)) {
		person = 1;
		er_profile_problem(problems, "resident id: %s",
		                   er_ident_strerror(er_ident_resident_id(id, idlen, today)));
		ok = 0;
	} else {
		person = 0;
		er_profile_problem(problems, "unified social credit code: %s",
		                   er_ident_strerror(er_ident_uscc(id, idlen)));
		ok = 0;
	}
	if (phonelen == 0) {
		if (person) {
			er_profile_problem(problems, "phone missing");
			ok = 0;
		}
	} else {
		int r = er_ident_phone(phone, phonelen);
		if (r != ER_IDENT_OK) {
			er_profile_problem(problems, "phone: %s", er_ident_strerror(r));
			ok = 0;
		}
	}
	return ok;
}

void
er_profile_shown_id(const char *id, size_t len, int mask, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (mask && er_ident_uscc(id, len) != ER_IDENT_OK) {
		er_ident_mask(id, len, buf, size);
		return;
	}
	size_t n = len < size - 1 ? len : size - 1;
	memcpy(buf, id, n);
	buf[n] = '\0';
}

double
er_profile_cents(double v)
{
	/* cents only where a double has them: v * 100 of a huge amount would overflow to inf */
	return isnan(v) || fabs(v) >= 1e15 ? v : round(v * 100.0) / 100.0;
}

static void
put_money(char *buf, double v)
{
	er_num_format(buf, er_profile_cents(v));
}

void
er_profile_from_features(const struct er_policy *p, const struct er_profile_features *f, double attr[ER_ATTR_COUNT],
                         char *problems)
{
	double implied = f->kwh_mean_12m >= 0 ? f->kwh_mean_12m / p->kwh_per_10k_revenue * 10000.0 : NAN;
	double declared = attr[ER_ATTR_INCOME];
	if (!isnan(declared) && !isnan(implied)) {
		double cap = implied * p->revenue_ratio_cap;
		if (declared > cap) {
			char a[ER_NUM_BUFLEN], b[ER_NUM_BUFLEN];
			put_money(a, declared);
			put_money(b, cap);
			er_profile_problem(problems,
			                   "declared income %s above %s times the electricity-implied "
			                   "revenue: capped at %s",
			                   a, "revenue_ratio_cap", b);
			attr[ER_ATTR_INCOME] = cap;
		}
	} else if (!isnan(declared)) {
		er_profile_problem(problems, "declared income not checked: no usage.kwh_mean_12m");
	} else if (!isnan(implied)) {
		attr[ER_ATTR_INCOME] = implied;
	}
	double income = attr[ER_ATTR_INCOME];
	if (isnan(attr[ER_ATTR_SPEND]) && !isnan(income))
		attr[ER_ATTR_SPEND] = income * (1.0 - p->cash_margin);
	if (isnan(attr[ER_ATTR_FLOW])) {
		/* Cash flow rests on the metered use alone, so the minimum capacity stays
		 * independent of what the enterprise declares. */
		double base = !isnan(implied) ? implied : income;
		if (!isnan(base))
			attr[ER_ATTR_FLOW] = base * p->cash_margin;
	}
	if (isnan(attr[ER_ATTR_COMPLETED]) && isnan(attr[ER_ATTR_UNCOMPLETED]) && !isnan(f->late_count_12m) &&
	    !isnan(f->on_time_rate_12m)) {
		double late = f->late_count_12m, q = f->on_time_rate_12m;
		double on_time;
		if (q < 1)
			on_time = round(late * q / (1.0 - q));
		else if (!isnan(f->months_covered_12m) && f->months_covered_12m > 0)
			on_time = f->months_covered_12m; /* no late bill: one bill a month was paid */
		else
			on_time = 1;
		attr[ER_ATTR_COMPLETED] = on_time;
		attr[ER_ATTR_UNCOMPLETED] = late;
	}
	if (isnan(attr[ER_ATTR_PRIORITY_LEVEL]) && f->grade >= 0 && f->grade <= 3)
		attr[ER_ATTR_PRIORITY_LEVEL] = f->grade + 1;
}

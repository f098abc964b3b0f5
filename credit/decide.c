/* decide: points, grade, priority class and decision (S4-S10, A1-A5). */
#include "credit/decide.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/num.h"

static const char *const product_field_names[ER_PRODUCT_FIELDS] = {"min_grade", "min_monthly_repayment", "max_amount",
                                                                   "annual_rate", "term_months"};

const char *
er_decide_product_field_name(int f)
{
	return f >= 0 && f < ER_PRODUCT_FIELDS ? product_field_names[f] : "";
}

int
er_decide_product_field(int f, const char *s, size_t len, struct er_decide_product *p, const char **why)
{
	if (f == ER_PRODUCT_MIN_GRADE) {
		p->min_grade = er_grade_parse(s, len);
		*why = "not A, B, C or D";
		return p->min_grade < 0 ? -1 : 0;
	}
	double v;
	int rc = er_num_parse(s, len, &v);
	if (rc != ER_NUM_OK) {
		*why = er_num_strerror(rc);
		return -1;
	}
	*why = f == ER_PRODUCT_MAX_AMOUNT || f == ER_PRODUCT_TERM_MONTHS ? "not above 0" : "negative";
	if (v < 0 || (v == 0 && (f == ER_PRODUCT_MAX_AMOUNT || f == ER_PRODUCT_TERM_MONTHS)))
		return -1;
	switch (f) {
	case ER_PRODUCT_MIN_MONTHLY_REPAYMENT: p->min_monthly_repayment = v; return 0;
	case ER_PRODUCT_MAX_AMOUNT: p->max_amount = v; return 0;
	case ER_PRODUCT_ANNUAL_RATE:
		/* 6 for 6 % would be a 600 % rate: refuse rather than guess. */
		*why = "a fraction is expected (0.06 for 6 %)";
		p->annual_rate = v;
		return v >= 1 ? -1 : 0;
	case ER_PRODUCT_TERM_MONTHS:
		*why = "not a whole number of months up to 1200";
		if (v != floor(v) || v > 1200)
			return -1;
		p->term_months = (int)v;
		return 0;
	default: *why = "unknown field"; return -1;
	}
}

const char *
er_decide_class_name(int cls)
{
	switch (cls) {
	case ER_CLASS_1: return "1";
	case ER_CLASS_2: return "2";
	case ER_CLASS_3: return "3";
	case ER_CLASS_BACKUP: return "backup";
	case ER_CLASS_SECONDARY_BACKUP: return "secondary-backup";
	default: return "";
	}
}

const char *
er_decide_decision_name(int decision)
{
	switch (decision) {
	case ER_DECISION_ACCEPT: return "accept";
	case ER_DECISION_REJECT: return "reject";
	case ER_DECISION_MANUAL: return "manual";
	default: return "error";
	}
}

double
er_decide_monthly_payment(double amount, double annual_rate, int term)
{
	if (term < 1)
		return NAN;
	double r = annual_rate / 12.0;
	if (r == 0)
		return amount / term;
	return amount * r / (1.0 - pow(1.0 + r, -(double)term));
}

double
er_decide_affordable_amount(double payment, double annual_rate, int term)
{
	if (term < 1)
		return NAN;
	if (!(payment > 0))
		return 0;
	double r = annual_rate / 12.0;
	if (r == 0)
		return payment * term;
	return payment * (1.0 - pow(1.0 + r, -(double)term)) / r;
}

int
er_decide_points_priority(const struct er_policy *p, int level)
{
	if (level >= 1 && level <= 4)
		return p->priority_points[level - 1];
	return p->priority_unknown_points;
}

/* 3 points at or above bands[0], 2 at or above bands[1], 1 at or above bands[2]. */
static int
band_points(const double *bands, double v)
{
	if (isnan(v))
		return 0;
	for (int i = 0; i < ER_POLICY_BANDS; i++)
		if (v >= bands[i])
			return 3 - i;
	return 0;
}

int
er_decide_points_repay(const struct er_policy *p, double r)
{
	return band_points(p->repay_bands, r);
}

int
er_decide_points_trust(const struct er_policy *p, double completed, double uncompleted)
{
	double all = completed + uncompleted;
	if (!(all > 0))
		return p->trust_no_history_points;
	return band_points(p->trust_bands, completed / all);
}

int
er_decide_grade_of_points(const struct er_policy *p, int total)
{
	for (int g = 0; g < 3; g++)
		if (total >= p->grade_min_points[g])
			return g;
	return ER_GRADE_D;
}

void
er_decide_score(const struct er_policy *p, const struct er_decide_subject *s, const struct er_decide_product *pr,
                double amount, struct er_decide_points *out)
{
	double payment = er_decide_monthly_payment(amount, pr->annual_rate, pr->term_months);
	out->repay_ratio = payment > 0 ? s->max_capacity / payment : NAN;
	out->priority = er_decide_points_priority(p, s->priority_level);
	out->repay = er_decide_points_repay(p, out->repay_ratio);
	out->trust = er_decide_points_trust(p, s->completed, s->uncompleted);
	out->total = out->priority + out->repay + out->trust;
	out->grade = er_decide_grade_of_points(p, out->total);
}

void
er_decide_classify(const struct er_decide_party *party, int grade, const struct er_decide_product *pr,
                   struct er_decide_standing *out)
{
	double other = 0;
	for (size_t i = 0; i < party->nloans; i++)
		if (party->loans[i].status == ER_LOAN_APPLYING || party->loans[i].status == ER_LOAN_ACTIVE)
			other += party->loans[i].monthly_repayment;
	double capacity = party->subject->max_capacity;
	/* Both S83 and S9 ask whether the capacity carries this product's minimum and every
	 * repayment elsewhere at once. */
	int covered = capacity >= pr->min_monthly_repayment + other;
	out->cls = ER_CLASS_1;
	out->rule = "S7";
	out->other_repayment = other;
	out->fired = 0;
	for (size_t i = 0; i < party->nloans; i++) {
		const struct er_decide_loan *l = &party->loans[i];
		int cls;
		const char *rule;
		if (l->status == ER_LOAN_APPLYING && l->platform_grade >= 0 && l->platform_grade < grade) {
			cls = ER_CLASS_2;
			rule = "S82";
			out->fired |= ER_DECIDE_FIRED_S82;
		} else if (l->status == ER_LOAN_APPLYING) {
			cls = covered ? ER_CLASS_3 : ER_CLASS_BACKUP;
			rule = "S84";
			out->fired |= ER_DECIDE_FIRED_S84;
		} else if (l->status == ER_LOAN_ACTIVE) {
			cls = covered ? ER_CLASS_3 : ER_CLASS_BACKUP;
			rule = "S10";
			out->fired |= ER_DECIDE_FIRED_S10;
		} else {
			continue;
		}
		if (cls > out->cls) {
			out->cls = cls;
			out->rule = rule;
		}
	}
	double usable = out->cls >= ER_CLASS_3 ? capacity - other : capacity;
	out->usable_capacity = usable > 0 ? usable : 0;
}

/* Appends ";WORD" (or WORD when empty) to REASONS (SIZE bytes), unless already there. */
static void
append_reason(char *reasons, size_t size, const char *word)
{
	size_t wl = strlen(word);
	const char *s = reasons;
	while (*s) {
		const char *end = strchr(s, ';');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n == wl && memcmp(s, word, wl) == 0)
			return;
		s = end ? end + 1 : s + n;
	}
	size_t len = strlen(reasons);
	if (len + (len > 0) + wl + 1 > size)
		return;
	if (len > 0)
		reasons[len++] = ';';
	memcpy(reasons + len, word, wl + 1);
}

static void
add_reason(struct er_decide_result *out, const char *word)
{
	append_reason(out->reasons, sizeof out->reasons, word);
}

/* Appends each ';'-separated word of LIST to REASONS (SIZE bytes). */
static void
append_reasons(char *reasons, size_t size, const char *list)
{
	char word[ER_DECIDE_REASONLEN];
	while (*list) {
		size_t n = strcspn(list, ";");
		if (n < sizeof word) {
			memcpy(word, list, n);
			word[n] = '\0';
			append_reason(reasons, size, word);
		}
		list += n + (list[n] == ';');
	}
}

static void
add_reasons(struct er_decide_result *out, const char *list)
{
	append_reasons(out->reasons, sizeof out->reasons, list);
}

/* The reasons of the signals being gathered: those that reject and those that send to
 * manual review apart, so the deciding ones come first. */
struct verdict {
	int worst;
	char reject[ER_DECIDE_REASONLEN], manual[ER_DECIDE_REASONLEN];
};

/* Notes that signal WHAT (with SUFFIX) acts with ACTION. */
static void
act(struct verdict *v, int action, const char *what, const char *suffix)
{
	if (action == ER_ACTION_NONE)
		return;
	char word[ER_DECIDE_REASONLEN];
	snprintf(word, sizeof word, "%s%s", what, suffix);
	if (action == ER_ACTION_REJECT)
		append_reason(v->reject, sizeof v->reject, word);
	else
		append_reason(v->manual, sizeof v->manual, word);
	if (action > v->worst)
		v->worst = action;
}

/* Each rule of the space-separated RULES that LIST names (every one when LIST is NULL)
 * acts with ACTION; returns how many did. */
static int
act_rules(struct verdict *v, const char *rules, const char *list, int action, const char *suffix)
{
	int n = 0;
	for (const char *s = rules; *s;) {
		size_t len = strcspn(s, " ");
		char name[ER_DECIDE_REASONLEN];
		if (len > 0 && len < sizeof name && (!list || er_policy_rule_listed(list, s, len))) {
			memcpy(name, s, len);
			name[len] = '\0';
			act(v, action, name, suffix);
			n++;
		}
		s += len;
		s += strspn(s, " ");
	}
	return n;
}

int
er_decide_signal_action(const struct er_policy *p, const struct er_decide_signals *sig, const char *suffix,
                        char *reasons, size_t len)
{
	if (!sig)
		return ER_ACTION_NONE;
	struct verdict v = {ER_ACTION_NONE, "", ""};
	if (sig->identity == ER_SIGNAL_MISSING)
		act(&v, p->missing_identity_action, "identity-missing", suffix);
	if (sig->identity == ER_SIGNAL_FOUND) {
		/* NaN (not compared) fails no comparison: only a known mismatch is a signal. */
		if (sig->uscc_match < p->identity_uscc_min)
			act(&v, p->identity_action, "S2-uscc", suffix);
		if (sig->name_similarity < p->identity_name_min)
			act(&v, p->identity_action, "S2-name", suffix);
		if (sig->legal_rep_match == 0)
			act(&v, p->identity_action, "S2-legal-rep", suffix);
		if (sig->phone_match == 0)
			act(&v, p->identity_action, "S2-phone", suffix);
		if (sig->address_match == 0)
			act(&v, p->identity_action, "S2-address", suffix);
	}
	if (sig->checks == ER_SIGNAL_MISSING)
		act(&v, p->missing_checks_action, "checks-missing", suffix);
	if (sig->checks == ER_SIGNAL_FOUND) {
		/* Named rules first: their action and name say more than a severity. */
		int named = act_rules(&v, sig->rules, p->check_reject_rules, ER_ACTION_REJECT, suffix);
		named += act_rules(&v, sig->rules, p->check_manual_rules, ER_ACTION_MANUAL, suffix);
		int sev = ER_ACTION_NONE;
		if (sig->fails > 0)
			sev = p->check_fail_action;
		if (sig->warns > 0 && p->check_warn_action > sev)
			sev = p->check_warn_action;
		/* A severity names the rules that hit, unless named rules already did as much. */
		if (sev != ER_ACTION_NONE && !(named && sev <= v.worst)) {
			act(&v, sev, sig->fails > 0 && p->check_fail_action == sev ? "check-fail" : "check-warn",
			    suffix);
			act_rules(&v, sig->rules, NULL, sev, suffix);
		}
	}
	if (sig->alerted == ER_SIGNAL_FOUND && sig->alert_level >= 1 && sig->alert_level <= 3) {
		static const char *const words[] = {"alert-yellow", "alert-orange", "alert-red"};
		act(&v, p->alert_action[sig->alert_level - 1], words[sig->alert_level - 1], suffix);
	}
	if (sig->scored == ER_SIGNAL_MISSING)
		act(&v, p->missing_scores_action, "score-missing", suffix);
	if (sig->scored == ER_SIGNAL_FOUND && (p->score_grade_use & ER_GRADE_USE_FLOOR)) {
		if (sig->model_grade > p->score_floor) {
			char word[16];
			snprintf(word, sizeof word, "model-grade-%c", er_grade_char(sig->model_grade));
			act(&v, p->score_floor_action, word, suffix);
		}
		if (sig->pd > p->score_max_pd)
			act(&v, p->score_floor_action, "model-pd", suffix);
	}
	/* REASONS may already hold the other party's: rejects before manuals overall. */
	char merged[ER_DECIDE_REASONLEN] = "";
	append_reasons(merged, sizeof merged, v.reject);
	append_reasons(merged, sizeof merged, reasons);
	append_reasons(merged, sizeof merged, v.manual);
	snprintf(reasons, len, "%s", merged);
	return v.worst;
}

double
er_decide_tier_amount(const struct er_decide_product *pr, double usable, double usable_min)
{
	if (pr->ntiers == 0)
		return NAN;
	if (isnan(usable_min))
		usable_min = usable;
	double best = 0;
	for (size_t i = 0; i < pr->ntiers; i++) {
		const struct er_decide_tier *t = &pr->tiers[i];
		if (t->max_repayment <= usable && t->min_repayment <= usable_min && t->amount > best)
			best = t->amount;
	}
	return best;
}

static void
result_init(struct er_decide_result *out, const struct er_decide_points *pts)
{
	out->decision = ER_DECISION_REJECT;
	out->cls = ER_CLASS_NONE;
	out->grade = pts->grade;
	out->points = pts->total;
	out->points_priority = pts->priority;
	out->points_repay = pts->repay;
	out->points_trust = pts->trust;
	out->credit_limit = NAN;
	out->monthly_cap = NAN;
	out->reasons[0] = '\0';
}

/* The limit is rounded down to the cent, so it never exceeds what the capacity repays.
 * With tiers it is the highest tier that CAPACITY and MIN_CAPACITY (the usable minimum
 * capacity, NaN unknown) support; none: a reject ("no-tier"). */
static void
grant(struct er_decide_result *out, const struct er_decide_product *pr, double capacity, double min_capacity)
{
	double afford = er_decide_affordable_amount(capacity, pr->annual_rate, pr->term_months);
	double limit = afford < pr->max_amount ? afford : pr->max_amount;
	if (pr->ntiers > 0) {
		double tier = er_decide_tier_amount(pr, capacity, min_capacity);
		if (!(tier > 0)) {
			/* the deciding reason first */
			char base[ER_DECIDE_REASONLEN];
			memcpy(base, out->reasons, sizeof base);
			snprintf(out->reasons, sizeof out->reasons, "no-tier");
			add_reasons(out, base);
			out->decision = ER_DECISION_REJECT;
			return;
		}
		limit = tier < pr->max_amount ? tier : pr->max_amount;
	}
	out->decision = ER_DECISION_ACCEPT;
	out->credit_limit = floor(limit * 100.0 + 1e-6) / 100.0;
	out->monthly_cap = round(capacity * 100.0) / 100.0;
}

/* The deciding rule first, then the others that fired for other loans. */
static void
add_standing_rules(struct er_decide_result *out, const struct er_decide_standing *st)
{
	add_reason(out, st->rule);
	if (st->fired & ER_DECIDE_FIRED_S82)
		add_reason(out, "S82");
	if (st->fired & ER_DECIDE_FIRED_S84)
		add_reason(out, "S84");
	if (st->fired & ER_DECIDE_FIRED_S10)
		add_reason(out, "S10");
}

/* The minimum capacity left for this product: what the standing leaves of it, like the
 * maximum (NaN when not known). */
static double
usable_min(const struct er_decide_party *party, const struct er_decide_standing *st)
{
	double m = party->subject->min_capacity;
	if (isnan(m))
		return m;
	if (st->cls >= ER_CLASS_3)
		m -= st->other_repayment;
	return m > 0 ? m : 0;
}

/* S4 with the model grade as a trust input: the trust points are at most the grade's. */
static void
score_party(const struct er_policy *p, const struct er_decide_party *party, const struct er_decide_product *pr,
            double amount, struct er_decide_points *out)
{
	er_decide_score(p, party->subject, pr, amount, out);
	const struct er_decide_signals *sig = party->signals;
	if (sig && sig->scored == ER_SIGNAL_FOUND && (p->score_grade_use & ER_GRADE_USE_TRUST) &&
	    sig->model_grade >= 0 && sig->model_grade < 4) {
		int cap = p->score_grade_points[sig->model_grade];
		if (out->trust > cap) {
			out->trust = cap;
			out->total = out->priority + out->repay + out->trust;
			out->grade = er_decide_grade_of_points(p, out->total);
		}
	}
}

/* A manual action of the signals on a decided result: an accept or a pending manual
 * becomes manual, unless the review settles it; SIGNALS (the reasons) go first. */
static void
signals_finish(struct er_decide_result *out, int action, const char *signals, int review)
{
	if (action != ER_ACTION_MANUAL || out->decision == ER_DECISION_REJECT || out->decision == ER_DECISION_ERROR) {
		if (action == ER_ACTION_MANUAL)
			add_reasons(out, signals);
		return;
	}
	char base[ER_DECIDE_REASONLEN];
	memcpy(base, out->reasons, sizeof base);
	out->reasons[0] = '\0';
	add_reasons(out, signals);
	add_reasons(out, base);
	if (review == ER_REVIEW_APPROVE && out->decision == ER_DECISION_ACCEPT) {
		add_reason(out, "review");
		return;
	}
	if (review == ER_REVIEW_REJECT) {
		add_reason(out, "review");
		out->decision = ER_DECISION_REJECT;
	} else {
		out->decision = ER_DECISION_MANUAL;
	}
	out->credit_limit = NAN;
	out->monthly_cap = NAN;
}

/* A defaulted loan on any platform: the hard reject of the shared registry. */
static int
has_default(const struct er_decide_party *party)
{
	for (size_t i = 0; i < party->nloans; i++)
		if (party->loans[i].status == ER_LOAN_DEFAULTED)
			return 1;
	return 0;
}

void
er_decide_single(const struct er_policy *p, const struct er_decide_product *pr, double amount,
                 const struct er_decide_party *applicant, int review, struct er_decide_result *out)
{
	struct er_decide_points pts;
	score_party(p, applicant, pr, amount, &pts);
	result_init(out, &pts);
	if (applicant->subject->identity_ok == 0) {
		add_reason(out, "S2");
		return;
	}
	if (has_default(applicant)) {
		add_reason(out, "defaulted");
		return;
	}
	char signals[ER_DECIDE_REASONLEN] = "";
	int action = er_decide_signal_action(p, applicant->signals, "", signals, sizeof signals);
	if (action == ER_ACTION_REJECT) {
		add_reasons(out, signals);
		return;
	}
	if (pts.grade > pr->min_grade) {
		add_reason(out, "S5");
		signals_finish(out, action, signals, review);
		return;
	}
	struct er_decide_standing st;
	er_decide_classify(applicant, pts.grade, pr, &st);
	out->cls = st.cls;
	add_standing_rules(out, &st);
	double umin = usable_min(applicant, &st);
	if (st.cls != ER_CLASS_BACKUP) {
		grant(out, pr, st.usable_capacity, umin);
	} else if (review == ER_REVIEW_APPROVE) {
		add_reason(out, "review");
		grant(out, pr, st.usable_capacity, umin);
	} else if (review == ER_REVIEW_REJECT) {
		add_reason(out, "review");
		out->decision = ER_DECISION_REJECT;
	} else {
		out->decision = ER_DECISION_MANUAL;
	}
	signals_finish(out, action, signals, review);
}

/* The proxy flow after S2 and the defaults (see er_decide_proxy). */
static void
proxy_flow(const struct er_decide_product *pr, const struct er_decide_party *applicant,
           const struct er_decide_party *beneficiary, const struct er_decide_points *pa,
           const struct er_decide_points *pb, int arrears, int review, struct er_decide_result *out)
{
	if (pa->grade > pr->min_grade || pb->grade > pr->min_grade) {
		if (pa->grade > pr->min_grade)
			add_reason(out, "S5:applicant");
		if (pb->grade > pr->min_grade)
			add_reason(out, "S5:beneficiary");
		return;
	}
	struct er_decide_standing sa, sb;
	er_decide_classify(applicant, pa->grade, pr, &sa);
	er_decide_classify(beneficiary, pb->grade, pr, &sb);
	int backups = (sa.cls == ER_CLASS_BACKUP) + (sb.cls == ER_CLASS_BACKUP);
	out->cls = sa.cls > sb.cls ? sa.cls : sb.cls;
	if (backups == 0) {
		add_reason(out, "A1");
		grant(out, pr, sb.usable_capacity, usable_min(beneficiary, &sb));
		return;
	}
	if (backups == 2) {
		add_reason(out, "A2");
		return;
	}
	if (arrears == ER_ARREARS_FOUND) {
		add_reason(out, "A3");
		return;
	}
	if (arrears == ER_ARREARS_NO_RECORDS) {
		/* Nothing uploaded: A3 cannot say there are no long arrears. */
		add_reason(out, "A3-unknown");
		out->decision = ER_DECISION_MANUAL;
		return;
	}
	if (arrears != ER_ARREARS_NONE) {
		out->decision = ER_DECISION_ERROR;
		add_reason(out, "A3");
		return;
	}
	out->cls = ER_CLASS_SECONDARY_BACKUP;
	if (review == ER_REVIEW_APPROVE) {
		add_reason(out, "A5");
		int a_low = sa.usable_capacity < sb.usable_capacity;
		const struct er_decide_party *low = a_low ? applicant : beneficiary;
		const struct er_decide_standing *sl = a_low ? &sa : &sb;
		grant(out, pr, sl->usable_capacity, usable_min(low, sl));
	} else if (review == ER_REVIEW_REJECT) {
		add_reason(out, "A5");
	} else {
		add_reason(out, "A4");
		out->decision = ER_DECISION_MANUAL;
	}
}

void
er_decide_proxy(const struct er_policy *p, const struct er_decide_product *pr, double amount,
                const struct er_decide_party *applicant, const struct er_decide_party *beneficiary, int arrears,
                int review, struct er_decide_result *out)
{
	struct er_decide_points pa, pb;
	score_party(p, applicant, pr, amount, &pa);
	score_party(p, beneficiary, pr, amount, &pb);
	/* The row shows the weaker party, the one that limits the application. */
	result_init(out, pa.total < pb.total ? &pa : &pb);
	int ida = applicant->subject->identity_ok != 0, idb = beneficiary->subject->identity_ok != 0;
	if (!ida || !idb) {
		if (!ida)
			add_reason(out, "S2:applicant");
		if (!idb)
			add_reason(out, "S2:beneficiary");
		return;
	}
	int da = has_default(applicant), db = has_default(beneficiary);
	if (da || db) {
		if (da)
			add_reason(out, "defaulted:applicant");
		if (db)
			add_reason(out, "defaulted:beneficiary");
		return;
	}
	char signals[ER_DECIDE_REASONLEN] = "";
	int action = er_decide_signal_action(p, applicant->signals, "", signals, sizeof signals);
	int ab = er_decide_signal_action(p, beneficiary->signals, ":beneficiary", signals, sizeof signals);
	action = ab > action ? ab : action;
	if (action == ER_ACTION_REJECT) {
		add_reasons(out, signals);
		return;
	}
	proxy_flow(pr, applicant, beneficiary, &pa, &pb, arrears, review, out);
	signals_finish(out, action, signals, review);
}

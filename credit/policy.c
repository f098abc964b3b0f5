/* policy: defaults, the key = value file format, and its checks. */
#include "credit/policy.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "model/grade.h"

void
er_policy_init(struct er_policy *p)
{
	static const struct er_policy defaults = {
		.dti_cap = 0.55,
		.priority_points = {3, 2, 1, 0},
		.priority_unknown_points = 0,
		.repay_bands = {2.0, 1.5, 1.0},
		.trust_bands = {0.95, 0.85, 0.7},
		.trust_no_history_points = 1,
		.grade_min_points = {8, 6, 4},
		.long_arrears_days = 90,
		/* China-wide intensity is about 730 kWh per 10k yuan of GDP; per unit of revenue it
		 * is several times lower, so 200 is a neutral start to be calibrated per industry. */
		.kwh_per_10k_revenue = 200.0,
		/* B07: declared revenue up to twice the implied one is plausible. */
		.revenue_ratio_cap = 2.0,
		.cash_margin = 0.10,
		/* A fraud signal never goes straight to accept (the patents' post-loan checks and
		 * alerts stop or flag a loan): a fail hit, a red alert, a weak model grade, a failed
		 * registered-data comparison and a missing check all go to manual review. */
		.check_reject_rules = "",
		.check_manual_rules = "",
		.check_fail_action = 1,
		.check_warn_action = 0,
		.alert_action = {0, 0, 1},
		.score_grade_use = ER_GRADE_USE_BOTH,
		.score_grade_points = {3, 2, 1, 0},
		.score_floor = 2,
		.score_floor_action = 1,
		.score_max_pd = 1,
		.identity_name_min = 0.8,
		.identity_uscc_min = 1,
		.identity_action = 1,
		.missing_checks_action = 1,
		.missing_scores_action = 1,
		.missing_identity_action = 1,
	};
	*p = defaults;
}

/* Splits VALUE on commas into N numbers; every item must be a strict number. */
static int
parse_list(const char *value, double *out, size_t n, char *err, const char *key)
{
	const char *s = value;
	for (size_t i = 0; i < n; i++) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		int r = er_num_parse(s, len, &out[i]);
		if (r != ER_NUM_OK)
			return er_fail(err, -1, "bad value of '%s': item %zu %s", key, i + 1, er_num_strerror(r));
		if (i + 1 < n && !end)
			return er_fail(err, -1, "bad value of '%s': %zu numbers needed", key, n);
		if (i + 1 == n && end)
			return er_fail(err, -1, "bad value of '%s': only %zu numbers allowed", key, n);
		s = end ? end + 1 : s + len;
	}
	return 0;
}

static int
parse_ints(const char *value, int *out, size_t n, char *err, const char *key)
{
	double v[4];
	if (parse_list(value, v, n, err, key) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (v[i] != floor(v[i]) || fabs(v[i]) > 1e6)
			return er_fail(err, -1, "bad value of '%s': item %zu is not a whole number", key, i + 1);
		out[i] = (int)v[i];
	}
	return 0;
}

static const char *const action_names[] = {"none", "manual", "reject"};

const char *
er_policy_action_name(int action)
{
	return action >= 0 && action < 3 ? action_names[action] : "";
}

/* The index of VALUE among the N NAMES, or -1. */
static int
name_index(const char *value, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	return -1;
}

static int
parse_action(const char *value, int *out, char *err, const char *key)
{
	int i = name_index(value, action_names, 3);
	if (i < 0)
		return er_fail(err, -1, "bad value of '%s': not none, manual or reject", key);
	*out = i;
	return 0;
}

static const char *const grade_use_names[] = {"none", "trust", "floor", "both"};

static int
parse_grade_use(const char *value, int *out, char *err, const char *key)
{
	int i = name_index(value, grade_use_names, 4);
	if (i < 0)
		return er_fail(err, -1, "bad value of '%s': not none, trust, floor or both", key);
	*out = i;
	return 0;
}

/* A grade letter, or "none" (no floor: D, the worst, never falls below it). */
static int
parse_floor(const char *value, int *out, char *err, const char *key)
{
	int g = strcmp(value, "none") == 0 ? ER_GRADES - 1 : er_grade_parse(value, strlen(value));
	if (g < 0)
		return er_fail(err, -1, "bad value of '%s': not A, B, C, D or none", key);
	*out = g;
	return 0;
}

/* Rule names separated by commas (spaces dropped); each made of letters, digits, '_', '.', '-'. */
static int
parse_rules(const char *value, char *out, char *err, const char *key)
{
	size_t o = 0;
	for (const char *s = value; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t')
			continue;
		if (!(c == ',' || c == '_' || c == '.' || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return er_fail(err, -1, "bad value of '%s': '%c' in a rule name", key, c);
		if (o + 1 >= ER_POLICY_RULES_LEN)
			return er_fail(err, -1, "bad value of '%s': longer than %d bytes", key,
			               ER_POLICY_RULES_LEN - 1);
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

int
er_policy_rule_listed(const char *list, const char *name, size_t len)
{
	const char *s = list;
	while (*s) {
		const char *end = strchr(s, ',');
		size_t n = end ? (size_t)(end - s) : strlen(s);
		if (n == len && n > 0 && memcmp(s, name, len) == 0)
			return 1;
		s += n + (end != NULL);
	}
	return 0;
}

int
er_policy_set(struct er_policy *p, const char *key, const char *value, char *err)
{
	struct er_policy q = *p;
	int rc;
	if (strcmp(key, "dti_cap") == 0)
		rc = parse_list(value, &q.dti_cap, 1, err, key);
	else if (strcmp(key, "priority_points") == 0)
		rc = parse_ints(value, q.priority_points, 4, err, key);
	else if (strcmp(key, "priority_unknown_points") == 0)
		rc = parse_ints(value, &q.priority_unknown_points, 1, err, key);
	else if (strcmp(key, "repay_bands") == 0)
		rc = parse_list(value, q.repay_bands, ER_POLICY_BANDS, err, key);
	else if (strcmp(key, "trust_bands") == 0)
		rc = parse_list(value, q.trust_bands, ER_POLICY_BANDS, err, key);
	else if (strcmp(key, "trust_no_history_points") == 0)
		rc = parse_ints(value, &q.trust_no_history_points, 1, err, key);
	else if (strcmp(key, "grade_min_points") == 0)
		rc = parse_ints(value, q.grade_min_points, 3, err, key);
	else if (strcmp(key, "long_arrears_days") == 0)
		rc = parse_ints(value, &q.long_arrears_days, 1, err, key);
	else if (strcmp(key, "kwh_per_10k_revenue") == 0)
		rc = parse_list(value, &q.kwh_per_10k_revenue, 1, err, key);
	else if (strcmp(key, "revenue_ratio_cap") == 0)
		rc = parse_list(value, &q.revenue_ratio_cap, 1, err, key);
	else if (strcmp(key, "cash_margin") == 0)
		rc = parse_list(value, &q.cash_margin, 1, err, key);
	else if (strcmp(key, "check_reject_rules") == 0)
		rc = parse_rules(value, q.check_reject_rules, err, key);
	else if (strcmp(key, "check_manual_rules") == 0)
		rc = parse_rules(value, q.check_manual_rules, err, key);
	else if (strcmp(key, "check_fail_action") == 0)
		rc = parse_action(value, &q.check_fail_action, err, key);
	else if (strcmp(key, "check_warn_action") == 0)
		rc = parse_action(value, &q.check_warn_action, err, key);
	else if (strcmp(key, "alert_yellow_action") == 0)
		rc = parse_action(value, &q.alert_action[0], err, key);
	else if (strcmp(key, "alert_orange_action") == 0)
		rc = parse_action(value, &q.alert_action[1], err, key);
	else if (strcmp(key, "alert_red_action") == 0)
		rc = parse_action(value, &q.alert_action[2], err, key);
	else if (strcmp(key, "score_grade_use") == 0)
		rc = parse_grade_use(value, &q.score_grade_use, err, key);
	else if (strcmp(key, "score_grade_points") == 0)
		rc = parse_ints(value, q.score_grade_points, 4, err, key);
	else if (strcmp(key, "score_floor") == 0)
		rc = parse_floor(value, &q.score_floor, err, key);
	else if (strcmp(key, "score_floor_action") == 0)
		rc = parse_action(value, &q.score_floor_action, err, key);
	else if (strcmp(key, "score_max_pd") == 0)
		rc = parse_list(value, &q.score_max_pd, 1, err, key);
	else if (strcmp(key, "identity_name_min") == 0)
		rc = parse_list(value, &q.identity_name_min, 1, err, key);
	else if (strcmp(key, "identity_uscc_min") == 0)
		rc = parse_list(value, &q.identity_uscc_min, 1, err, key);
	else if (strcmp(key, "identity_action") == 0)
		rc = parse_action(value, &q.identity_action, err, key);
	else if (strcmp(key, "missing_checks_action") == 0)
		rc = parse_action(value, &q.missing_checks_action, err, key);
	else if (strcmp(key, "missing_scores_action") == 0)
		rc = parse_action(value, &q.missing_scores_action, err, key);
	else if (strcmp(key, "missing_identity_action") == 0)
		rc = parse_action(value, &q.missing_identity_action, err, key);
	else
		return er_fail(err, -1, "unknown policy key '%s'", key);
	if (rc != 0)
		return -1;
	*p = q;
	return 0;
}

static int
descending(const double *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (!(v[i] < v[i - 1]))
			return 0;
	return 1;
}

int
er_policy_check(const struct er_policy *p, char *err)
{
	if (!(p->dti_cap > 0 && p->dti_cap <= 1))
		return er_fail(err, -1, "dti_cap must be in (0, 1]");
	for (int i = 0; i < 4; i++)
		if (p->priority_points[i] < 0 || p->priority_points[i] > 3)
			return er_fail(err, -1, "priority_points must be 0..3");
	if (p->priority_unknown_points < 0 || p->priority_unknown_points > 3)
		return er_fail(err, -1, "priority_unknown_points must be 0..3");
	if (!descending(p->repay_bands, ER_POLICY_BANDS) || !(p->repay_bands[2] >= 0))
		return er_fail(err, -1, "repay_bands must be decreasing and >= 0");
	if (!descending(p->trust_bands, ER_POLICY_BANDS) || !(p->trust_bands[2] >= 0) || !(p->trust_bands[0] <= 1))
		return er_fail(err, -1, "trust_bands must be decreasing and in [0, 1]");
	if (p->trust_no_history_points < 0 || p->trust_no_history_points > 3)
		return er_fail(err, -1, "trust_no_history_points must be 0..3");
	const int *g = p->grade_min_points;
	if (!(g[0] <= 9 && g[0] > g[1] && g[1] > g[2] && g[2] >= 1))
		return er_fail(err, -1, "grade_min_points must be decreasing, within 1..9");
	if (p->long_arrears_days < 0)
		return er_fail(err, -1, "long_arrears_days must be >= 0");
	if (!(p->kwh_per_10k_revenue > 0 && isfinite(p->kwh_per_10k_revenue)))
		return er_fail(err, -1, "kwh_per_10k_revenue must be > 0");
	if (!(p->revenue_ratio_cap >= 1 && isfinite(p->revenue_ratio_cap)))
		return er_fail(err, -1, "revenue_ratio_cap must be >= 1");
	if (!(p->cash_margin > 0 && p->cash_margin <= 1))
		return er_fail(err, -1, "cash_margin must be in (0, 1]");
	for (int i = 0; i < 4; i++)
		if (p->score_grade_points[i] < 0 || p->score_grade_points[i] > 3)
			return er_fail(err, -1, "score_grade_points must be 0..3");
	if (!(p->score_max_pd >= 0 && p->score_max_pd <= 1))
		return er_fail(err, -1, "score_max_pd must be in [0, 1]");
	if (!(p->identity_name_min >= 0 && p->identity_name_min <= 1))
		return er_fail(err, -1, "identity_name_min must be in [0, 1]");
	if (!(p->identity_uscc_min >= 0 && p->identity_uscc_min <= 1))
		return er_fail(err, -1, "identity_uscc_min must be in [0, 1]");
	return 0;
}

static char *
trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

int
er_policy_load(struct er_policy *p, const char *path, char *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return er_fail(err, ER_EIO, "cannot open policy '%s': %s", path, strerror(errno));
	char line[1024];
	char why[ER_ERRLEN];
	unsigned long lineno = 0;
	char where[ER_WHERELEN];
	int status = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			status = er_fail(err, ER_EDATA, "line too long in policy%s",
			                 er_where(where, sizeof where, path, lineno, NULL));
			break;
		}
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (*s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			status = er_fail(err, ER_EDATA, "no '=' in policy line%s",
			                 er_where(where, sizeof where, path, lineno, NULL));
			break;
		}
		*eq = '\0';
		char *key = trim(s);
		char *value = trim(eq + 1);
		if (er_policy_set(p, key, value, why) != 0) {
			status = er_fail(err, ER_EDATA, "%s%s", why, er_where(where, sizeof where, path, lineno, NULL));
			break;
		}
	}
	if (status == 0 && ferror(f))
		status = er_fail(err, ER_EIO, "cannot read policy '%s': %s", path, strerror(errno));
	fclose(f);
	if (status == 0 && er_policy_check(p, why) != 0)
		status = er_fail(err, ER_EDATA, "%s (file %s)", why, path);
	return status;
}

static void
put_num(FILE *f, double v)
{
	char buf[ER_NUM_BUFLEN];
	er_num_format(buf, v);
	fputs(buf, f);
}

static void
put_list(FILE *f, const char *key, const double *v, size_t n)
{
	fprintf(f, "%s = ", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", f);
		put_num(f, v[i]);
	}
	fputc('\n', f);
}

int
er_policy_write(const struct er_policy *p, FILE *f)
{
	fputs("# er policy: credit grading and repayment capacity (er-profile, er-decide)\n"
	      "# Each attribute gives 3, 2, 1 or 0 points; the total (0..9) gives the grade.\n",
	      f);
	fputs("\n# S3: maximum capacity = max(0, min(income - spend, income * dti_cap) - debt_service)\n", f);
	put_list(f, "dti_cap", &p->dti_cap, 1);
	fputs("\n# S4 priority: points of priority levels 1, 2, 3, 4, and of an unknown level\n", f);
	fprintf(f, "priority_points = %d, %d, %d, %d\n", p->priority_points[0], p->priority_points[1],
	        p->priority_points[2], p->priority_points[3]);
	fprintf(f, "priority_unknown_points = %d\n", p->priority_unknown_points);
	fputs("\n# S4 repayment: r = max_capacity / monthly payment of the request;\n"
	      "# r >= first: 3 points, >= second: 2, >= third: 1, else 0\n",
	      f);
	put_list(f, "repay_bands", p->repay_bands, ER_POLICY_BANDS);
	fputs("\n# S4 trust: t = completed / (completed + uncompleted), bands as above\n", f);
	put_list(f, "trust_bands", p->trust_bands, ER_POLICY_BANDS);
	fprintf(f, "trust_no_history_points = %d\n", p->trust_no_history_points);
	fputs("\n# grade: total >= first: A, >= second: B, >= third: C, else D\n", f);
	fprintf(f, "grade_min_points = %d, %d, %d\n", p->grade_min_points[0], p->grade_min_points[1],
	        p->grade_min_points[2]);
	fputs("\n# A3: repaid more than this many days late, or unpaid this long past due\n", f);
	fprintf(f, "long_arrears_days = %d\n", p->long_arrears_days);
	fputs("\n# enterprises (er-profile --from-features): implied monthly revenue =\n"
	      "# usage.kwh_mean_12m / kwh_per_10k_revenue * 10000; declared income is capped at\n"
	      "# revenue_ratio_cap times it; cash flow = revenue * cash_margin\n",
	      f);
	put_list(f, "kwh_per_10k_revenue", &p->kwh_per_10k_revenue, 1);
	put_list(f, "revenue_ratio_cap", &p->revenue_ratio_cap, 1);
	put_list(f, "cash_margin", &p->cash_margin, 1);
	fputs("\n# er-decide --checks (er-verify --summary): rules that reject or send to manual\n"
	      "# review by name (comma-separated), and what any hit of severity fail or warn does;\n"
	      "# actions are none, manual or reject\n",
	      f);
	fprintf(f, "check_reject_rules =%s%s\n", *p->check_reject_rules ? " " : "", p->check_reject_rules);
	fprintf(f, "check_manual_rules =%s%s\n", *p->check_manual_rules ? " " : "", p->check_manual_rules);
	fprintf(f, "check_fail_action = %s\n", er_policy_action_name(p->check_fail_action));
	fprintf(f, "check_warn_action = %s\n", er_policy_action_name(p->check_warn_action));
	fputs("\n# er-decide --checks (er-alert): what an alert of each level does\n", f);
	fprintf(f, "alert_yellow_action = %s\n", er_policy_action_name(p->alert_action[0]));
	fprintf(f, "alert_orange_action = %s\n", er_policy_action_name(p->alert_action[1]));
	fprintf(f, "alert_red_action = %s\n", er_policy_action_name(p->alert_action[2]));
	fputs("\n# er-decide --scores (er-score): the model grade as a trust input (trust points at\n"
	      "# most score_grade_points of grades A, B, C, D), as a floor (a grade worse than\n"
	      "# score_floor, or a pd above score_max_pd, does score_floor_action), both or none\n",
	      f);
	fprintf(f, "score_grade_use = %s\n", grade_use_names[p->score_grade_use & 3]);
	fprintf(f, "score_grade_points = %d, %d, %d, %d\n", p->score_grade_points[0], p->score_grade_points[1],
	        p->score_grade_points[2], p->score_grade_points[3]);
	fprintf(f, "score_floor = %c\n", er_grade_char(p->score_floor));
	fprintf(f, "score_floor_action = %s\n", er_policy_action_name(p->score_floor_action));
	put_list(f, "score_max_pd", &p->score_max_pd, 1);
	fputs("\n# er-decide --identity (er-features info.*), S2 of an enterprise: name similarity\n"
	      "# and credit-code match below these, or a legal representative, phone or address\n"
	      "# that differs, each does identity_action (reasons S2-name, S2-uscc, S2-legal-rep,\n"
	      "# S2-phone, S2-address)\n",
	      f);
	put_list(f, "identity_name_min", &p->identity_name_min, 1);
	put_list(f, "identity_uscc_min", &p->identity_uscc_min, 1);
	fprintf(f, "identity_action = %s\n", er_policy_action_name(p->identity_action));
	fputs("\n# an applicant absent from the --checks (er-verify), --scores or --identity rows\n"
	      "# (reasons checks-missing, score-missing, identity-missing)\n",
	      f);
	fprintf(f, "missing_checks_action = %s\n", er_policy_action_name(p->missing_checks_action));
	fprintf(f, "missing_scores_action = %s\n", er_policy_action_name(p->missing_scores_action));
	fprintf(f, "missing_identity_action = %s\n", er_policy_action_name(p->missing_identity_action));
	return ferror(f) ? -1 : 0;
}

int
er_policy_print(const struct er_policy *p, char *err)
{
	if (er_policy_write(p, stdout) != 0 || fflush(stdout) != 0)
		return er_fail(err, ER_EIO, "write error 'stdout': %s", strerror(errno));
	return 0;
}

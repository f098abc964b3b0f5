/* Unit tests for credit/policy.c: defaults from the issue, the key = value format,
 * refusals, and a write/load round trip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/err.h"
#include "credit/policy.h"

static void
test_defaults(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	assert_true(p.dti_cap == 0.55);
	assert_int_equal(p.priority_points[0], 3);
	assert_int_equal(p.priority_points[3], 0);
	assert_true(p.repay_bands[0] == 2 && p.repay_bands[1] == 1.5 && p.repay_bands[2] == 1);
	assert_true(p.trust_bands[0] == 0.95 && p.trust_bands[1] == 0.85 && p.trust_bands[2] == 0.7);
	assert_int_equal(p.trust_no_history_points, 1);
	assert_int_equal(p.grade_min_points[0], 8);
	assert_int_equal(p.grade_min_points[1], 6);
	assert_int_equal(p.grade_min_points[2], 4);
	assert_int_equal(p.long_arrears_days, 90);
	assert_int_equal(er_policy_check(&p, err), 0);
}

static void
test_set(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	assert_int_equal(er_policy_set(&p, "dti_cap", "0.5", err), 0);
	assert_true(p.dti_cap == 0.5);
	assert_int_equal(er_policy_set(&p, "trust_bands", " 0.9 ,0.8, 0.6 ", err), 0);
	assert_true(p.trust_bands[2] == 0.6);
	assert_int_equal(er_policy_set(&p, "long_arrears_days", "60", err), 0);
	assert_int_equal(p.long_arrears_days, 60);
	/* refusals leave the policy unchanged */
	assert_int_equal(er_policy_set(&p, "dti", "0.5", err), -1);
	assert_non_null(strstr(err, "unknown policy key"));
	assert_int_equal(er_policy_set(&p, "dti_cap", "abc", err), -1);
	assert_true(p.dti_cap == 0.5);
	assert_int_equal(er_policy_set(&p, "repay_bands", "2,1.5", err), -1);
	assert_int_equal(er_policy_set(&p, "repay_bands", "2,1.5,1,0.5", err), -1);
	assert_int_equal(er_policy_set(&p, "long_arrears_days", "1.5", err), -1);
	assert_int_equal(p.long_arrears_days, 60);
	assert_true(p.repay_bands[0] == 2);
}

/* The signal keys of er-decide: actions, rule lists, grade use and floor. */
static void
test_signal_keys(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	/* defaults: a fraud signal goes to manual review */
	assert_int_equal(p.check_fail_action, 1);
	assert_int_equal(p.alert_action[2], 1);
	assert_int_equal(p.missing_checks_action, 1);
	assert_int_equal(er_policy_set(&p, "check_fail_action", "reject", err), 0);
	assert_int_equal(p.check_fail_action, 2);
	assert_int_equal(er_policy_set(&p, "alert_red_action", "accept", err), -1);
	assert_non_null(strstr(err, "not none, manual or reject"));
	assert_int_equal(er_policy_set(&p, "check_reject_rules", "theft_flag, arrears_over_30d", err), 0);
	assert_string_equal(p.check_reject_rules, "theft_flag,arrears_over_30d");
	assert_true(er_policy_rule_listed(p.check_reject_rules, "arrears_over_30d", 16));
	assert_false(er_policy_rule_listed(p.check_reject_rules, "arrears", 7));
	assert_false(er_policy_rule_listed("", "x", 1));
	assert_int_equal(er_policy_set(&p, "check_manual_rules", "a;b", err), -1);
	assert_int_equal(er_policy_set(&p, "score_grade_use", "floor", err), 0);
	assert_int_equal(p.score_grade_use, ER_GRADE_USE_FLOOR);
	assert_int_equal(er_policy_set(&p, "score_grade_use", "sometimes", err), -1);
	assert_int_equal(er_policy_set(&p, "score_floor", "B", err), 0);
	assert_int_equal(p.score_floor, 1);
	assert_int_equal(er_policy_set(&p, "score_floor", "none", err), 0);
	assert_int_equal(p.score_floor, 3);
	assert_int_equal(er_policy_set(&p, "score_floor", "E", err), -1);
	assert_int_equal(er_policy_set(&p, "score_grade_points", "3, 3, 4, 0", err), 0);
	assert_int_equal(er_policy_check(&p, err), -1);
	assert_non_null(strstr(err, "score_grade_points"));
}

static void
test_check(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	p.repay_bands[1] = 2.5;
	assert_int_equal(er_policy_check(&p, err), -1);
	er_policy_init(&p);
	p.grade_min_points[0] = 10;
	assert_int_equal(er_policy_check(&p, err), -1);
	er_policy_init(&p);
	p.dti_cap = 0;
	assert_int_equal(er_policy_check(&p, err), -1);
	er_policy_init(&p);
	p.priority_points[1] = 4;
	assert_int_equal(er_policy_check(&p, err), -1);
}

/* A fresh file in /tmp named by pid and a counter (O_EXCL: never someone else's). */
static FILE *
fresh_file(char *path, size_t size)
{
	static int counter;
	snprintf(path, size, "/tmp/test_policy.%ld.%d", (long)getpid(), counter++);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	return fdopen(fd, "w");
}

static char *
temp_file(const char *text)
{
	static char path[64];
	FILE *f = fresh_file(path, sizeof path);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_load(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	char *path = temp_file("# comment\n\n dti_cap = 0.4  # tighter\nlong_arrears_days=30\r\n");
	assert_int_equal(er_policy_load(&p, path, err), 0);
	assert_true(p.dti_cap == 0.4);
	assert_int_equal(p.long_arrears_days, 30);
	assert_int_equal(p.grade_min_points[0], 8);
	unlink(path);
	path = temp_file("dti_cap = 0.4\nbogus = 1\n");
	assert_int_equal(er_policy_load(&p, path, err), ER_EDATA);
	assert_non_null(strstr(err, "line 2"));
	unlink(path);
	path = temp_file("repay_bands = 1, 1.5, 2\n");
	assert_int_equal(er_policy_load(&p, path, err), ER_EDATA);
	assert_non_null(strstr(err, "repay_bands"));
	unlink(path);
	path = temp_file("no equals sign\n");
	assert_int_equal(er_policy_load(&p, path, err), ER_EDATA);
	unlink(path);
	assert_int_equal(er_policy_load(&p, "/nonexistent/policy", err), ER_EIO);
}

static void
test_round_trip(void **state)
{
	struct er_policy p, q;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	p.dti_cap = 0.123456789;
	p.trust_bands[1] = 0.8;
	p.priority_points[2] = 2;
	p.kwh_per_10k_revenue = 333.25;
	char path[64];
	FILE *f = fresh_file(path, sizeof path);
	assert_int_equal(er_policy_write(&p, f), 0);
	fclose(f);
	er_policy_init(&q);
	assert_int_equal(er_policy_load(&q, path, err), 0);
	unlink(path);
	/* field by field: the struct has padding */
	assert_true(p.dti_cap == q.dti_cap);
	assert_memory_equal(p.priority_points, q.priority_points, sizeof p.priority_points);
	assert_int_equal(p.priority_unknown_points, q.priority_unknown_points);
	assert_memory_equal(p.repay_bands, q.repay_bands, sizeof p.repay_bands);
	assert_memory_equal(p.trust_bands, q.trust_bands, sizeof p.trust_bands);
	assert_int_equal(p.trust_no_history_points, q.trust_no_history_points);
	assert_memory_equal(p.grade_min_points, q.grade_min_points, sizeof p.grade_min_points);
	assert_int_equal(p.long_arrears_days, q.long_arrears_days);
	assert_true(p.kwh_per_10k_revenue == q.kwh_per_10k_revenue);
	assert_true(p.revenue_ratio_cap == q.revenue_ratio_cap);
	assert_true(p.cash_margin == q.cash_margin);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults), cmocka_unit_test(test_set),        cmocka_unit_test(test_check),
		cmocka_unit_test(test_load),     cmocka_unit_test(test_round_trip), cmocka_unit_test(test_signal_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for rules/rule_cond.c, rule.c, rule_text.c and rule_calib.c: the condition
 * language (intervals with open and closed ends, comparisons, lists, Chinese text, missing
 * values and three-valued logic), rules-file loading errors and the default rule set. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "features/feat_catalogue.h"
#include "rules/rule.h"
#include "rules/rule_calib.h"
#include "rules/rule_cond.h"
#include "rules/rule_text.h"

/* Evaluates TEXT (subject "x") with the names x, y, z bound to the given values ("" missing). */
static int
eval3(const char *text, const char *x, const char *y, const char *z)
{
	char err[ER_ERRLEN];
	er_rule_cond *c = er_rule_cond_parse(text, "x", err);
	if (!c)
		fail_msg("parse '%s': %s", text, err);
	const char *names[3] = {"x", "y", "z"};
	struct er_rule_value v[3] = {{x, strlen(x)}, {y, strlen(y)}, {z, strlen(z)}};
	for (size_t i = 0; i < er_rule_cond_nnames(c); i++) {
		size_t slot = 99;
		for (size_t k = 0; k < 3; k++)
			if (strcmp(er_rule_cond_name(c, i), names[k]) == 0)
				slot = k;
		assert_true(slot < 3);
		er_rule_cond_bind(c, i, slot);
	}
	int r = er_rule_cond_eval(c, v, 3, err);
	er_rule_cond_free(c);
	return r;
}

/* TEXT over x = X with a dead band BAND on x (slot 0) and none on y (slot 1 = Y). */
static int
eval_band(const char *text, const char *x, const char *y, double band)
{
	char err[ER_ERRLEN];
	er_rule_cond *c = er_rule_cond_parse(text, "x", err);
	if (!c)
		fail_msg("parse '%s': %s", text, err);
	for (size_t i = 0; i < er_rule_cond_nnames(c); i++)
		er_rule_cond_bind(c, i, strcmp(er_rule_cond_name(c, i), "x") == 0 ? 0 : 1);
	struct er_rule_value v[2] = {{x, strlen(x)}, {y, strlen(y)}};
	double bands[2] = {band, 0};
	int r = er_rule_cond_eval_band(c, v, 2, bands, err);
	er_rule_cond_free(c);
	return r;
}

static void
test_dead_band(void **state)
{
	(void)state;
	/* comparisons and intervals hold up to BAND past their threshold */
	assert_int_equal(eval_band("<500", "504", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band("<500", "505", "", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("<=500", "505", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band(">500", "496", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band(">=500", "494", "", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("[10,20)", "24", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band("[10,20)", "25", "", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("[10,20)", "6", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band("[10,)", "-1000", "", 5), ER_RULE_PASS);
	/* under '!' the band turns round, so the whole condition still holds more easily */
	assert_int_equal(eval_band("!x>=500", "504", "", 5), ER_RULE_HIT);
	assert_int_equal(eval_band("!x>=500", "505", "", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("!!x<500", "504", "", 5), ER_RULE_HIT);
	/* equality is not widened, nor a name without a band */
	assert_int_equal(eval_band("==500", "501", "", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("x<500&y<10", "504", "11", 5), ER_RULE_PASS);
	assert_int_equal(eval_band("x<500&y<10", "504", "9", 5), ER_RULE_HIT);
	/* no band: plain evaluation */
	assert_int_equal(eval_band("<500", "504", "", 0), ER_RULE_PASS);
}

static int
eval1(const char *text, const char *x)
{
	return eval3(text, x, "", "");
}

static void
test_intervals(void **state)
{
	assert_int_equal(eval1("[1,2)", "1"), ER_RULE_HIT);
	assert_int_equal(eval1("[1,2)", "2"), ER_RULE_PASS);
	assert_int_equal(eval1("[1,2)", "1.999"), ER_RULE_HIT);
	assert_int_equal(eval1("(1,2]", "1"), ER_RULE_PASS);
	assert_int_equal(eval1("(1,2]", "2"), ER_RULE_HIT);
	assert_int_equal(eval1("[1,2]", "2"), ER_RULE_HIT);
	assert_int_equal(eval1("(1,2)", "2"), ER_RULE_PASS);
	assert_int_equal(eval1("[3,)", "1e9"), ER_RULE_HIT);
	assert_int_equal(eval1("[3,)", "2.5"), ER_RULE_PASS);
	assert_int_equal(eval1("(,0]", "-7"), ER_RULE_HIT);
	assert_int_equal(eval1("( -1 , 1 )", "0"), ER_RULE_HIT);
	assert_int_equal(eval1("[5,5]", "5"), ER_RULE_HIT);
	assert_int_equal(eval1("[-30%,0)", "-0.3"), ER_RULE_HIT);
	assert_int_equal(eval1("[-30%,0)", "-0.31"), ER_RULE_PASS);
}

static void
test_comparisons(void **state)
{
	assert_int_equal(eval1(">=3", "3"), ER_RULE_HIT);
	assert_int_equal(eval1(">3", "3"), ER_RULE_PASS);
	assert_int_equal(eval1("<0.5", "0.49"), ER_RULE_HIT);
	assert_int_equal(eval1("<=0.5", "0.5"), ER_RULE_HIT);
	assert_int_equal(eval1("==1", "1.0"), ER_RULE_HIT);
	assert_int_equal(eval1("==1", "2"), ER_RULE_PASS);
	assert_int_equal(eval1("!=1", "2"), ER_RULE_HIT);
	assert_int_equal(eval1("<-4%", "-0.05"), ER_RULE_HIT);
	assert_int_equal(eval1("==D", "D"), ER_RULE_HIT);
	assert_int_equal(eval1("==D", "C"), ER_RULE_PASS);
	/* a number compared with text falls back to text equality, not an error */
	assert_int_equal(eval1("==1", "A"), ER_RULE_PASS);
	assert_int_equal(eval1("==\"1\"", "1.0"), ER_RULE_PASS);
	assert_int_equal(eval1("==\"a b\"", "a b"), ER_RULE_HIT);
}

static void
test_lists_and_chinese(void **state)
{
	assert_int_equal(eval1("in(暂停,销户)", "销户"), ER_RULE_HIT);
	assert_int_equal(eval1("in(暂停,销户)", "正常"), ER_RULE_PASS);
	assert_int_equal(eval1("in( 暂停 , 销户 )", "暂停"), ER_RULE_HIT);
	assert_int_equal(eval1("!in(暂停,销户)", "正常"), ER_RULE_HIT);
	assert_int_equal(eval1("in(1,2)", "2.0"), ER_RULE_HIT);
	assert_int_equal(eval1("in(\"a,b\",c)", "a,b"), ER_RULE_HIT);
	assert_int_equal(eval1("x==正常", "正常"), ER_RULE_HIT);
	assert_int_equal(eval1("x in (1, 2)", "1"), ER_RULE_HIT);
}

static void
test_missing_and_logic(void **state)
{
	/* a missing value is na, never a hit */
	assert_int_equal(eval1(">=3", ""), ER_RULE_NA);
	assert_int_equal(eval1("[1,2)", ""), ER_RULE_NA);
	assert_int_equal(eval1("in(a)", ""), ER_RULE_NA);
	assert_int_equal(eval1("!(x>1)", ""), ER_RULE_NA);
	/* Kleene: false & na = false, true | na = true */
	assert_int_equal(eval3("x>=6 & y>=3", "7", "3", ""), ER_RULE_HIT);
	assert_int_equal(eval3("x>=6 & y>=3", "7", "", ""), ER_RULE_NA);
	assert_int_equal(eval3("x>=6 & y>=3", "1", "", ""), ER_RULE_PASS);
	assert_int_equal(eval3("x>=6 | y>=3", "", "5", ""), ER_RULE_HIT);
	assert_int_equal(eval3("x>=6 | y>=3", "", "1", ""), ER_RULE_NA);
	assert_int_equal(eval3("x>=6 | y>=3", "1", "1", ""), ER_RULE_PASS);
	/* & binds tighter than |; parentheses regroup */
	assert_int_equal(eval3("x>1 | y>1 & z>1", "2", "0", "0"), ER_RULE_HIT);
	assert_int_equal(eval3("(x>1 | y>1) & z>1", "2", "0", "0"), ER_RULE_PASS);
	assert_int_equal(eval3(">=6 & (y>=3 | z>=5)", "6", "1", "5"), ER_RULE_HIT);
	assert_int_equal(eval3("!(x>1) && y<2", "0", "1", ""), ER_RULE_HIT);
	/* the subject and a named test mix */
	assert_int_equal(eval3(">30 & y>0", "31", "0.5", ""), ER_RULE_HIT);
}

static void
test_not_a_number(void **state)
{
	char err[ER_ERRLEN];
	er_rule_cond *c = er_rule_cond_parse(">=3", "pay.late", err);
	assert_non_null(c);
	er_rule_cond_bind(c, 0, 0);
	struct er_rule_value v = {"abc", 3};
	assert_int_equal(er_rule_cond_eval(c, &v, 1, err), ER_RULE_BAD);
	assert_string_equal(err, "not a number 'abc' (indicator pay.late)");
	er_rule_cond_free(c);
}

static void
expect_parse_error(const char *text, const char *subject, const char *want)
{
	char err[ER_ERRLEN];
	er_rule_cond *c = er_rule_cond_parse(text, subject, err);
	if (c)
		fail_msg("'%s' parsed", text);
	assert_string_equal(err, want);
}

static void
test_parse_errors(void **state)
{
	expect_parse_error(">=x", "a", "expected a number at byte 3 of '>=x'");
	expect_parse_error("[2,1]", "a", "empty interval at byte 1 of '[2,1]'");
	expect_parse_error("[1,1)", "a", "empty interval at byte 1 of '[1,1)'");
	expect_parse_error("[1,2", "a", "expected ')' or ']' to close an interval at byte 5 of '[1,2'");
	expect_parse_error("[,]", "a", "an interval needs at least one end at byte 1 of '[,]'");
	expect_parse_error("a>1 &", "a", "expected a comparison, an interval or in(...) at byte 6 of 'a>1 &'");
	expect_parse_error(">=3", NULL, "expected an indicator name at byte 1 of '>=3'");
	expect_parse_error("", "a", "empty condition at byte 1 of ''");
	expect_parse_error("(a>1", "a", "expected ')' at byte 5 of '(a>1'");
	expect_parse_error("in(a,b", "a", "expected ',' or ')' in a list at byte 7 of 'in(a,b'");
	expect_parse_error("a>1 b<2", "a", "unexpected text at byte 5 of 'a>1 b<2'");
}

static long
lookup_abc(const char *name, void *ctx)
{
	(void)ctx;
	static const char *const cols[] = {"id", "a", "b", "c"};
	for (long i = 0; i < 4; i++)
		if (strcmp(name, cols[i]) == 0)
			return i;
	return -1;
}

static struct er_rule_set *
parse_rules(const char *text, char *err, int *status)
{
	struct er_rule_set *rs;
	*status = er_rule_set_parse(&rs, text, strlen(text), "r.csv", err);
	assert_true((*status == 0) == (rs != NULL));
	return rs;
}

static void
test_rules_file(void **state)
{
	char err[ER_ERRLEN];
	int status = 0;
	const char *text = "# comment line\n"
			   "rule,indicator,condition,severity,message,group\n"
			   "\n"
			   "r1, a , \">=6 & b>=3\" , fail , \"空壳, shell\" ,shell\n"
			   "# another comment\r\n"
			   "r2,b,\"[1,2)\",warn,msg\r\n"
			   "r3,,c<0.5,info,third\n";
	struct er_rule_set *rs = parse_rules(text, err, &status);
	assert_non_null(rs);
	assert_int_equal(rs->n, 3);
	assert_string_equal(rs->rules[0].id, "r1");
	assert_string_equal(rs->rules[0].indicator, "a");
	assert_string_equal(rs->rules[0].condition, ">=6 & b>=3");
	assert_int_equal(rs->rules[0].severity, ER_SEV_FAIL);
	assert_string_equal(rs->rules[0].message, "空壳, shell");
	assert_string_equal(rs->rules[0].group, "shell");
	assert_int_equal(rs->rules[0].line, 4);
	assert_int_equal(rs->rules[1].line, 6);
	assert_string_equal(rs->rules[1].group, "");
	/* an empty indicator is the first name of the condition */
	assert_string_equal(rs->rules[2].indicator, "c");
	assert_int_equal(er_rule_set_bind(rs, lookup_abc, NULL, 0, NULL, err), 0);
	assert_int_equal(rs->rules[0].indicator_slot, 1);
	/* formatting and reading back gives the same rules */
	char *again = er_rule_set_format(rs);
	assert_non_null(again);
	struct er_rule_set *rs2 = parse_rules(again, err, &status);
	assert_non_null(rs2);
	assert_int_equal(rs2->n, 3);
	assert_string_equal(rs2->rules[0].message, "空壳, shell");
	assert_string_equal(rs2->rules[1].condition, "[1,2)");
	free(again);
	er_rule_set_free(rs2);
	er_rule_set_free(rs);

	/* no header: the fixed column order */
	rs = parse_rules("x1,a,>1,warn,m\n", err, &status);
	assert_non_null(rs);
	assert_string_equal(rs->rules[0].id, "x1");
	er_rule_set_free(rs);
}

static void
expect_rules_error(const char *text, const char *want)
{
	char err[ER_ERRLEN];
	int status = 0;
	struct er_rule_set *rs = parse_rules(text, err, &status);
	if (rs)
		fail_msg("rules parsed: %s", text);
	assert_int_equal(status, ER_EDATA);
	assert_string_equal(err, want);
}

static void
test_rules_errors(void **state)
{
	expect_rules_error("rule,indicator,condition,severity\nr1,a,>=x,fail\n",
	                   "bad condition of rule 'r1': expected a number at byte 3 of '>=x' "
	                   "(file r.csv, line 2)");
	expect_rules_error("r1,a,>1,severe,m\n",
	                   "bad severity 'severe' of rule 'r1' (info, warn or fail) (file r.csv, line 1)");
	expect_rules_error("r1,a,>1,warn,m\n# c\nr1,b,>2,warn,m\n",
	                   "duplicate rule id 'r1' (first on line 1) (file r.csv, line 3)");
	expect_rules_error("r1,a,>1,warn,m,g,extra\n", "too many fields (7, at most 6) (file r.csv, line 1)");
	expect_rules_error("rule,indicator,cond,severity\n",
	                   "unknown column 'cond' in the header (file r.csv, line 1)");
	expect_rules_error("r1,a,\">1,warn,m\n", "unterminated quoted field (file r.csv, line 1)");
	expect_rules_error("# only comments\n", "no rules in 'r.csv'");
	expect_rules_error(",a,>1,warn,m\n", "empty rule id (file r.csv, line 1)");
}

static void
test_bind_missing_indicator(void **state)
{
	char err[ER_ERRLEN];
	int status = 0;
	struct er_rule_set *rs =
		parse_rules("rule,indicator,condition,severity\nr1,a,>1,warn\n\nr2,a,>1 & zz<3,fail\n", err, &status);
	assert_non_null(rs);
	assert_int_equal(er_rule_set_bind(rs, lookup_abc, NULL, 0, NULL, err), ER_EDATA);
	assert_string_equal(err, "rule 'r2' names indicator 'zz' that the input lacks (file r.csv, line 4)");
	size_t dropped = 0;
	assert_int_equal(er_rule_set_bind(rs, lookup_abc, NULL, 1, &dropped, err), 0);
	assert_int_equal(dropped, 1);
	assert_int_equal(rs->n, 1);
	assert_string_equal(rs->rules[0].id, "r1");
	er_rule_set_free(rs);
}

static long
lookup_catalogue(const char *name, void *ctx)
{
	(void)ctx;
	size_t n;
	const struct er_feat_def *cat = er_feat_catalogue(&n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(cat[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* The default set has at least 20 rules, and every name it uses is an er-features indicator. */
static void
test_default_rules(void **state)
{
	char err[ER_ERRLEN];
	struct er_rule_set *rs;
	if (er_rule_set_load(&rs, "default", err) != 0)
		fail_msg("%s", err);
	assert_true(rs->n >= 20);
	int sev[4] = {0, 0, 0, 0};
	for (size_t i = 0; i < rs->n; i++)
		sev[rs->rules[i].severity]++;
	assert_true(sev[ER_SEV_FAIL] > 0 && sev[ER_SEV_WARN] > 0 && sev[ER_SEV_INFO] > 0);
	size_t n = rs->n;
	if (er_rule_set_bind(rs, lookup_catalogue, NULL, 0, NULL, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(rs->n, n);
	er_rule_set_free(rs);
}

static void
test_text_records(void **state)
{
	const char *text = "a,\"b\"\"c\",\"multi\nline\"\n#skip,me\n\n  \nlast";
	struct er_rule_text t;
	char err[ER_ERRLEN];
	er_rule_text_init(&t, text, strlen(text));
	assert_int_equal(er_rule_text_next(&t, err), 0);
	assert_int_equal(t.nfields, 3);
	assert_string_equal(t.fields[1], "b\"c");
	assert_string_equal(t.fields[2], "multi\nline");
	assert_int_equal(er_rule_text_next(&t, err), 0);
	assert_int_equal(t.rec_line, 5);
	assert_string_equal(t.fields[0], "  ");
	assert_int_equal(er_rule_text_next(&t, err), 0);
	assert_string_equal(t.fields[0], "last");
	assert_int_equal(t.rec_line, 6);
	assert_int_equal(er_rule_text_next(&t, err), 0);
	assert_int_equal(t.nfields, 0);
	er_rule_text_free(&t);

	struct er_buf b = ER_BUF_INIT;
	assert_int_equal(er_rule_text_csv(&b, "#x", 1), 0);
	assert_int_equal(er_rule_text_csv(&b, "a,\"b", 0), 0);
	assert_int_equal(er_rule_text_csv(&b, "plain", 0), 0);
	assert_string_equal(b.p, "\"#x\",\"a,\"\"b\",plain");
	free(b.p);
}

static void
test_calibration(void **state)
{
	/* rows: (r0, r1, bad): r0 catches two of three bads, r1 one bad alone and one good */
	static const signed char rows[6][2] = {{ER_RULE_HIT, ER_RULE_PASS},  {ER_RULE_HIT, ER_RULE_HIT},
	                                       {ER_RULE_PASS, ER_RULE_HIT},  {ER_RULE_PASS, ER_RULE_NA},
	                                       {ER_RULE_PASS, ER_RULE_PASS}, {ER_RULE_PASS, ER_RULE_PASS}};
	static const int bad[6] = {1, 1, 0, 1, 0, 0};
	struct er_rule_calib cal;
	assert_int_equal(er_rule_calib_init(&cal, 2), 0);
	for (int i = 0; i < 6; i++)
		er_rule_calib_add(&cal, rows[i], bad[i]);
	assert_int_equal(cal.rows, 6);
	assert_int_equal(cal.bad, 3);
	assert_int_equal(cal.counts[0].hits, 2);
	assert_int_equal(cal.counts[0].hits_bad, 2);
	assert_int_equal(cal.counts[0].alone_bad, 1); /* row 1 is also hit by r1 */
	assert_int_equal(cal.counts[1].hits, 2);
	assert_int_equal(cal.counts[1].hits_bad, 1);
	assert_int_equal(cal.counts[1].alone_bad, 0);
	assert_int_equal(cal.counts[1].na, 1);
	assert_int_equal(cal.counts[1].na_bad, 1);
	assert_int_equal(cal.counts[1].pass, 3);
	assert_int_equal(cal.any.hits, 3);
	assert_int_equal(cal.any.hits_bad, 2);
	er_rule_calib_free(&cal);
}

int
main(void)
{
	er_set_progname("test_rule");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intervals),         cmocka_unit_test(test_comparisons),
		cmocka_unit_test(test_dead_band),         cmocka_unit_test(test_lists_and_chinese),
		cmocka_unit_test(test_missing_and_logic), cmocka_unit_test(test_not_a_number),
		cmocka_unit_test(test_parse_errors),      cmocka_unit_test(test_rules_file),
		cmocka_unit_test(test_rules_errors),      cmocka_unit_test(test_bind_missing_indicator),
		cmocka_unit_test(test_default_rules),     cmocka_unit_test(test_text_records),
		cmocka_unit_test(test_calibration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

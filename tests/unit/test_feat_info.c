/* Unit tests for features/feat_info.c and features/feat_catalogue.c: normalizations, name
 * similarity, legacy codes, the info indicators, and the catalogue's contract. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_info.h"
#include "features/feat_series.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

static void
check_norm(char *(*f)(const char *, size_t), const char *in, const char *want)
{
	char *got = f(in, strlen(in));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_normalize(void **state)
{
	check_norm(er_feat_norm_name, "杭州 ＡＢＣ（科技）有限责任公司", "杭州abc科技有限公司");
	check_norm(er_feat_norm_name, "Foo 股份有限公司", "foo有限公司");
	check_norm(er_feat_norm_phone, "+86 138-0013-8000", "13800138000");
	check_norm(er_feat_norm_phone, "0571-8888 1234", "057188881234");
	check_norm(er_feat_norm_address, "西湖区 文三路１号", "西湖区文三路1号");
}

static void
test_similarity(void **state)
{
	assert_true(er_feat_similarity("", "") == 1);
	assert_true(er_feat_similarity("abc", "abc") == 1);
	assert_true(fabs(er_feat_similarity("abcd", "abed") - 0.75) < 1e-15);
	/* Code points, not bytes: one of four Han characters differs. */
	assert_true(fabs(er_feat_similarity("杭州电器", "杭州电机") - 0.75) < 1e-15);
	assert_true(er_feat_similarity("abc", "") == 0);
}

static void
test_orgcode(void **state)
{
	const char *uscc = "91350100M000100Y43";
	assert_int_equal(er_feat_orgcode_matches("M000100Y4", uscc), 1);
	assert_int_equal(er_feat_orgcode_matches("M000100Y-4", uscc), 1);
	assert_int_equal(er_feat_orgcode_matches("M000100Y5", uscc), 0);
	assert_int_equal(er_feat_orgcode_matches("M000100Y43", uscc), 0);
	assert_int_equal(er_feat_status_code("暂停"), ER_FEAT_ST_SUSPENDED);
	assert_int_equal(er_feat_status_code("Closed"), ER_FEAT_ST_CLOSED);
	assert_int_equal(er_feat_status_code("gone"), -1);
}

static struct er_feat_account
account(const char *uscc, const char *name, const char *rep, const char *phone, er_day open, int status)
{
	struct er_feat_account a = {
		.phone_valid = -1, .status = status, .industry = -1, .open_date = open, .contract_kva = NAN};
	a.uscc = strdup(uscc);
	a.name = er_feat_norm_name(name, strlen(name));
	a.legal_rep = strdup(rep);
	a.phone = er_feat_norm_phone(phone, strlen(phone));
	a.address = strdup("");
	if (*phone)
		a.phone_valid = strlen(a.phone) == 11;
	return a;
}

static void
test_info_enterprise(void **state)
{
	double out[ER_FEAT_COUNT];
	er_day asof = day(2016, 9, 30);
	struct er_feat_account a = account("91350100M000100Y43", "甲公司", "张三", "13800138000", day(2014, 3, 15), 1);
	struct er_feat_account b = account("91350100M000100Y43", "甲公司分厂", "张三", "", day(2016, 1, 1), 0);
	struct er_feat_account c = account("91350100M000100Y43", "甲公司", "", "", day(2016, 12, 1), 2);
	a.phone_shared = 3;
	a.loan_match = 1;
	const struct er_feat_account *acc[] = {&a, &b, &c};
	er_feat_info_compute(acc, 3, NULL, a.uscc, asof, out);
	assert_true(out[ER_FEAT_INFO_ACCOUNT_AGE_MONTHS] == 30);
	assert_true(out[ER_FEAT_INFO_ACCOUNT_STATUS] == 0); /* best of the accounts open by A */
	assert_true(out[ER_FEAT_INFO_ACCOUNTS_COUNT] == 2); /* c opens after A */
	assert_true(out[ER_FEAT_INFO_USCC_VALID] == 1);
	assert_true(out[ER_FEAT_INFO_PHONE_VALID] == 1);
	assert_true(out[ER_FEAT_INFO_PHONE_SHARED] == 3);
	assert_true(isnan(out[ER_FEAT_INFO_ADDRESS_SHARED]));
	assert_true(isnan(out[ER_FEAT_INFO_USCC_MATCH]));
	assert_true(isnan(out[ER_FEAT_INFO_NAME_SIMILARITY]));

	struct er_feat_loan loan = {strdup("91350100M000100Y43"),
	                            er_feat_norm_name("甲公司", strlen("甲公司")),
	                            strdup("李四"),
	                            er_feat_norm_phone("13800138000", 11),
	                            strdup(""),
	                            day(2016, 9, 1),
	                            1};
	er_feat_info_compute(acc, 3, &loan, a.uscc, asof, out);
	assert_true(out[ER_FEAT_INFO_USCC_MATCH] == 1);
	assert_true(out[ER_FEAT_INFO_NAME_SIMILARITY] == 1);
	assert_true(out[ER_FEAT_INFO_LEGAL_REP_MATCH] == 0);
	assert_true(out[ER_FEAT_INFO_PHONE_MATCH] == 1);
	assert_true(isnan(out[ER_FEAT_INFO_ADDRESS_MATCH])); /* no address on either side */
	assert_true(isnan(out[ER_FEAT_INFO_LEGAL_REP_SHARED]));
	/* No account at all: the applicant is not found. */
	er_feat_info_compute(NULL, 0, &loan, loan.uscc, asof, out);
	assert_true(out[ER_FEAT_INFO_USCC_MATCH] == 0);
	assert_true(out[ER_FEAT_INFO_ACCOUNTS_COUNT] == 0);
	assert_true(isnan(out[ER_FEAT_INFO_ACCOUNT_AGE_MONTHS]));
	assert_true(isnan(out[ER_FEAT_INFO_LEGAL_REP_MATCH]));
	er_feat_loan_free(&loan);
	er_feat_account_free(&a);
	er_feat_account_free(&b);
	er_feat_account_free(&c);
}

/* info.address_match and info.legal_rep_shared: one row per branch. */
struct rcase {
	const char *name;
	const char *addr_a, *addr_b, *loan_addr; /* NULL loan: no loan */
	unsigned shared_a, shared_b;             /* enterprises sharing the rep id, self included */
	double address_match, rep_shared;        /* NaN: empty */
};

static const struct rcase rep_cases[] = {
	{"same address after normalizing", "西湖区 文三路１号", "", "西湖区文三路1号", 0, 0, 1, NAN},
	{"second account matches", "上城区", "西湖区文三路1号", "西湖区 文三路1号", 0, 0, 1, NAN},
	{"no account's address matches", "上城区", "滨江区", "西湖区文三路1号", 0, 0, 0, NAN},
	{"loan without an address", "上城区", "", "", 0, 0, NAN, NAN},
	{"accounts without an address", "", "", "西湖区", 0, 0, NAN, NAN},
	{"no loan", "上城区", "", NULL, 0, 0, NAN, NAN},
	{"rep of this enterprise only", "", "", NULL, 1, 1, NAN, 0},
	{"rep shared with two others, largest kept", "", "", NULL, 2, 3, NAN, 2},
	{"one account without a rep id", "", "", NULL, 0, 4, NAN, 3},
};

static void
test_info_address_and_rep(void **state)
{
	double out[ER_FEAT_COUNT];
	for (size_t i = 0; i < sizeof rep_cases / sizeof rep_cases[0]; i++) {
		const struct rcase *c = &rep_cases[i];
		struct er_feat_account a = account("91350100M000100Y43", "甲公司", "", "", ER_NO_DAY, 0);
		struct er_feat_account b = account("91350100M000100Y43", "甲公司", "", "", ER_NO_DAY, 0);
		free(a.address);
		free(b.address);
		a.address = er_feat_norm_address(c->addr_a, strlen(c->addr_a));
		b.address = er_feat_norm_address(c->addr_b, strlen(c->addr_b));
		a.rep_shared = c->shared_a;
		b.rep_shared = c->shared_b;
		const struct er_feat_account *acc[] = {&a, &b};
		struct er_feat_loan loan = {0};
		if (c->loan_addr) {
			loan.uscc = strdup(a.uscc);
			loan.name = strdup("");
			loan.legal_rep = strdup("");
			loan.phone = strdup("");
			loan.address = er_feat_norm_address(c->loan_addr, strlen(c->loan_addr));
		}
		assert_int_equal(
			er_feat_info_compute(acc, 2, c->loan_addr ? &loan : NULL, a.uscc, day(2016, 9, 30), out), 0);
		double got[2] = {out[ER_FEAT_INFO_ADDRESS_MATCH], out[ER_FEAT_INFO_LEGAL_REP_SHARED]};
		double want[2] = {c->address_match, c->rep_shared};
		for (int k = 0; k < 2; k++)
			if (!(isnan(want[k]) ? isnan(got[k]) : got[k] == want[k]))
				fail_msg("%s: indicator %d got %g, want %g", c->name, k, got[k], want[k]);
		er_feat_loan_free(&loan);
		er_feat_account_free(&a);
		er_feat_account_free(&b);
	}
}

static void
test_invalid_code(void **state)
{
	double out[ER_FEAT_COUNT];
	struct er_feat_account a = account("91350100M000100Y44", "x", "", "12345", ER_NO_DAY, -1);
	const struct er_feat_account *acc[] = {&a};
	er_feat_info_compute(acc, 1, NULL, a.uscc, day(2016, 9, 30), out);
	assert_true(out[ER_FEAT_INFO_USCC_VALID] == 0);
	assert_true(out[ER_FEAT_INFO_PHONE_VALID] == 0);
	assert_true(isnan(out[ER_FEAT_INFO_ACCOUNT_STATUS]));
	er_feat_account_free(&a);
}

static void
test_catalogue(void **state)
{
	size_t n;
	const struct er_feat_def *cat = er_feat_catalogue(&n);
	assert_true(n >= 40);
	const char *modules[] = {"usage", "pay", "insp", "info", "event"};
	for (size_t i = 0; i < n; i++) {
		assert_non_null(cat[i].name);
		assert_non_null(strchr("+-=?", cat[i].direction));
		size_t ml = strlen(cat[i].module);
		assert_true(strncmp(cat[i].name, cat[i].module, ml) == 0 && cat[i].name[ml] == '.');
		int known = 0;
		for (size_t m = 0; m < 5; m++)
			known |= strcmp(cat[i].module, modules[m]) == 0;
		assert_true(known);
		assert_ptr_equal(er_feat_lookup(cat[i].name), &cat[i]);
		for (size_t j = 0; j < i; j++)
			assert_true(strcmp(cat[i].name, cat[j].name) != 0);
	}
	static const char *const required[] = {"usage.kwh_mean_12m",       "usage.zero_months_12m",
	                                       "usage.growth_12m",         "usage.cv_12m",
	                                       "usage.recent_ratio_3m",    "usage.drop_7d_28d",
	                                       "usage.months_covered_12m", "pay.late_count_12m",
	                                       "pay.max_days_late_12m",    "insp.theft_count_36m",
	                                       "insp.violation_count_24m", "info.account_age_months"};
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		assert_non_null(er_feat_lookup(required[i]));
	assert_int_equal(er_feat_direction("usage.growth_12m"), '-');
	assert_int_equal(er_feat_direction("insp.theft_count_36m"), '+');
	assert_int_equal(er_feat_direction("no.such"), 0);
	assert_null(er_feat_lookup("usage.nothing"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),    cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_orgcode),      cmocka_unit_test(test_info_enterprise),
		cmocka_unit_test(test_invalid_code), cmocka_unit_test(test_info_address_and_rep),
		cmocka_unit_test(test_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

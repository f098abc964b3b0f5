/* feat_catalogue: the table of built-in indicators.
 * Notation in the definitions: A is the as-of date, R the reference month (the as-of month
 * when A is its last day, else the month before), E_m the kWh of calendar month m, E_d the
 * kWh of day d, M12 the months R-11..R, P12 the months R-23..R-12. "in 12m" means dated
 * after A minus 12 months and not after A. A month or day with no reading is missing. */
#include <string.h>

#include "features/feat_catalogue.h"

static const struct er_feat_def catalogue[ER_FEAT_COUNT] = {
	[ER_FEAT_USAGE_KWH_MEAN_12M] = {"usage.kwh_mean_12m", "usage", "月均用电量",
                                        "mean of E_m over the months of M12 that have data", "kWh", '-', "M12"},
	[ER_FEAT_USAGE_KWH_SUM_12M] = {"usage.kwh_sum_12m", "usage", "近12月用电量",
                                       "sum of E_m over the months of M12 that have data", "kWh", '-', "M12"},
	[ER_FEAT_USAGE_MONTHS_COVERED_12M] = {"usage.months_covered_12m", "usage", "有数据月数",
                                              "months of M12 with data", "months", '-', "M12"},
	[ER_FEAT_USAGE_ZERO_MONTHS_12M] =
		{"usage.zero_months_12m", "usage", "零电量月数",
                 "months of M12 with data and E_m <= 1 kWh; empty when no month of M12 has data", "months", '+', "M12"},
	[ER_FEAT_USAGE_LOW_MONTHS_12M] =
		{"usage.low_months_12m", "usage", "低电量月数",
                 "months of M12 with data and E_m < 0.1 * median(E_m, P12); empty without data in P12 or M12", "months",
                 '+', "M12,P12"},
	[ER_FEAT_USAGE_GROWTH_12M] =
		{"usage.growth_12m", "usage", "产能增长率",
                 "sum(E, M12) / sum(E, P12) - 1; empty when sum(E, P12) <= 0 or either window has no data", "ratio",
                 '-', "M12,P12"},
	[ER_FEAT_USAGE_CV_12M] = {"usage.cv_12m", "usage", "波动系数",
                                  "population standard deviation / mean of E_m over M12; empty when the mean is 0",
                                  "ratio", '+', "M12"},
	[ER_FEAT_USAGE_RECENT_RATIO_3M] =
		{"usage.recent_ratio_3m", "usage", "近3月/近12月",
                 "mean(E, R-2..R) / mean(E, M12) over months with data; empty when mean(E, M12) is 0", "ratio", '-',
                 "M3,M12"},
	[ER_FEAT_USAGE_TREND_SLOPE_12M] =
		{"usage.trend_slope_12m", "usage", "趋势斜率",
                 "least-squares slope of E_m against the month over M12, divided by mean(E, M12); "
                 "empty with fewer than 2 months of data or a zero mean",
                 "1/month", '-', "M12"},
	[ER_FEAT_USAGE_MOM_CHANGE] = {"usage.mom_change", "usage", "环比",
                                      "E_R / E_(R-1) - 1; empty when either is missing or E_(R-1) is 0", "ratio", '-',
                                      "R,R-1"},
	[ER_FEAT_USAGE_YOY_CHANGE] = {"usage.yoy_change", "usage", "同比",
                                      "E_R / E_(R-12) - 1; empty when either is missing or E_(R-12) is 0", "ratio", '-',
                                      "R,R-12"},
	[ER_FEAT_USAGE_YOY_DROP50_RUN] = {"usage.yoy_drop50_run", "usage", "连续同比降超50%月数",
                                          "consecutive months ending at R (at most 12) with E_m / E_(m-12) - 1 < -0.5; "
                                          "empty when the change of R cannot be computed",
                                          "months", '+', "M12,P12"},
	[ER_FEAT_USAGE_TRAILING_ZERO_MONTHS] =
		{"usage.trailing_zero_months", "usage", "末端连续零电量月数",
                 "consecutive months ending at R with data and E_m <= 1 kWh (a missing month ends the run, "
                 "at most 36); empty when R has no data",
                 "months", '+', "M36"},
	[ER_FEAT_USAGE_CAPACITY_UTILISATION] =
		{"usage.capacity_utilisation", "usage", "产能利用率",
                 "E_R / max(E_m, R-12..R-1); empty when E_R is missing or the maximum is 0 or missing", "ratio", '-',
                 "R,R-12..R-1"},
	[ER_FEAT_USAGE_UTILISATION_HOURS_12M] =
		{"usage.utilisation_hours_12m", "usage", "容量利用小时数",
                 "sum(E, M12) / contract capacity (kVA, summed over the accounts); empty without a capacity", "hours",
                 '-', "M12"},
	[ER_FEAT_USAGE_INDUSTRY_GROWTH_DEV] =
		{"usage.industry_growth_dev", "usage", "行业增长偏离度",
                 "usage.growth_12m - median of usage.growth_12m over the entities of the same industry "
                 "(batch mode only; empty in --stream mode and without an industry)",
                 "ratio", '-', "M12,P12"},
	[ER_FEAT_USAGE_DROP_7D_28D] = {"usage.drop_7d_28d", "usage", "近7日较前28日",
                                       "mean E_d over the days with data of A-6..A / mean E_d over those of A-34..A-7; "
                                       "empty when either has no day or the second mean is 0",
                                       "ratio", '-', "7d,28d"},
	[ER_FEAT_USAGE_NEAR_ZERO_RUN_30D] =
		{"usage.near_zero_run_30d", "usage", "连续停产天数",
                 "longest run of consecutive days of A-29..A with data and E_d <= 0.1 * median(E_d, A-119..A-30); "
                 "empty when either window has no data",
                 "days", '+', "30d,90d"},
	[ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D] =
		{"usage.production_day_ratio_90d", "usage", "生产天数占比",
                 "share of the days with data of A-89..A with E_d > 0.2 * p90(E_d) (nearest-rank percentile); "
                 "empty without data",
                 "ratio", '-', "90d"},
	[ER_FEAT_USAGE_BASE_LOAD_RATIO_90D] =
		{"usage.base_load_ratio_90d", "usage", "基础负荷比",
                 "p10(E_d) / p90(E_d) over the days with data of A-89..A (nearest rank); empty when p90 is 0", "ratio",
                 '?', "90d"},
	[ER_FEAT_USAGE_WEEKEND_RATIO_90D] =
		{"usage.weekend_ratio_90d", "usage", "周末用电比",
                 "mean E_d of Saturdays and Sundays / mean E_d of weekdays over the days with data of A-89..A; "
                 "empty when the weekday mean is 0 or missing",
                 "ratio", '?', "90d"},
	[ER_FEAT_USAGE_PEAK_SHARE_90D] =
		{"usage.peak_share_90d", "usage", "峰电占比",
                 "kWh of the intervals of A-89..A in the peak hours of the --tou schedule / their kWh (an interval "
                 "crossing a boundary split by minutes); empty without interval readings or when their kWh is 0",
                 "ratio", '?', "90d"},
	[ER_FEAT_USAGE_FLAT_SHARE_90D] = {"usage.flat_share_90d", "usage", "平电占比",
                                          "as usage.peak_share_90d for the flat hours (neither peak nor valley)",
                                          "ratio", '?', "90d"},
	[ER_FEAT_USAGE_VALLEY_SHARE_90D] = {"usage.valley_share_90d", "usage", "谷电占比",
                                            "as usage.peak_share_90d for the valley hours", "ratio", '?', "90d"},
	[ER_FEAT_USAGE_NIGHT_SHARE_90D] = {"usage.night_share_90d", "usage", "夜间用电占比",
                                           "as usage.peak_share_90d for the hours 22:00-06:00, whatever the schedule",
                                           "ratio", '?', "90d"},
	[ER_FEAT_USAGE_MAX_DEMAND_KW_90D] =
		{"usage.max_demand_kw_90d", "usage", "最大需量",
                 "largest kWh / interval hours over the interval readings of A-89..A (one meter's interval: meters "
                 "are not added up); the interval length is the spacing of the meter's start times; "
                 "empty without interval readings",
                 "kW", '-', "90d"},
	[ER_FEAT_USAGE_LOAD_FACTOR_90D] =
		{"usage.load_factor_90d", "usage", "负荷率",
                 "average demand (interval kWh / interval hours, missing intervals left out) / "
                 "usage.max_demand_kw_90d over A-89..A; empty when the maximum demand is 0 or missing",
                 "ratio", '?', "90d"},
	[ER_FEAT_USAGE_VALLEY_SHIFT_YOY] =
		{"usage.valley_shift_yoy", "usage", "峰谷结构变化",
                 "valley share of the interval kWh of R-2..R - valley share of that of R-14..R-12; "
                 "empty when either window has no interval kWh",
                 "ratio", '?', "M3,P3"},
	[ER_FEAT_USAGE_METERS_12M] = {"usage.meters_12m", "usage", "电能表数",
                                      "meters (meter_id of each account) with a reading in 12m; empty when the "
                                      "readings have no meter_id column",
                                      "meters", '?', "12m"},
	[ER_FEAT_USAGE_METER_CHANGES_12M] =
		{"usage.meter_changes_12m", "usage", "换表次数",
                 "meters of usage.meters_12m that appeared (first read in 12m, its period beginning after another "
                 "meter's first reading ended) plus those that stopped (another meter's last reading begins after "
                 "their next was due: their last end plus its period); empty when the readings have no meter_id column",
                 "changes", '+', "12m"},

	[ER_FEAT_PAY_LATE_COUNT_12M] =
		{"pay.late_count_12m", "pay", "逾期缴费次数",
                 "bills of M12 (by period) paid after their due date, or unpaid at A and due before A; "
                 "a payment after A counts as unpaid; empty without bills in M12",
                 "bills", '+', "M12"},
	[ER_FEAT_PAY_MAX_DAYS_LATE_12M] =
		{"pay.max_days_late_12m", "pay", "最长逾期天数",
                 "largest of paid date - due date over the bills of M12, an unpaid bill counting A - due date, "
                 "at least 0; empty without bills in M12",
                 "days", '+', "M12"},
	[ER_FEAT_PAY_ON_TIME_RATE_12M] =
		{"pay.on_time_rate_12m", "pay", "按期缴费率",
                 "bills of M12 paid by their due date / bills of M12 paid by A or due before A; empty when none",
                 "ratio", '-', "M12"},
	[ER_FEAT_PAY_ARREARS_AMOUNT] =
		{"pay.arrears_amount", "pay", "当前欠费",
                 "sum over the bills of periods up to R due before A of amount - paid amount (late fees are charged "
                 "apart; nothing paid when unpaid at A), counting positive balances; empty without bills",
                 "yuan", '+', "all"},
	[ER_FEAT_PAY_ARREARS_AGE_DAYS] =
		{"pay.arrears_age_days", "pay", "欠费账龄",
                 "A - the oldest due date of a bill with a positive balance in pay.arrears_amount; 0 without "
                 "arrears; empty without bills",
                 "days", '+', "all"},
	[ER_FEAT_PAY_LATE_FEE_RATIO_12M] =
		{"pay.late_fee_ratio_12m", "pay", "违约金占比",
                 "sum of late fees / sum of amounts over the bills of M12; empty when the amounts sum to 0", "ratio",
                 '+', "M12"},
	[ER_FEAT_PAY_PARTIAL_COUNT_12M] =
		{"pay.partial_count_12m", "pay", "部分缴费次数",
                 "bills of M12 paid by A with a paid amount below the amount; empty without bills in M12", "bills", '+',
                 "M12"},
	[ER_FEAT_PAY_METHOD_CHANGES_12M] =
		{"pay.method_changes_12m", "pay", "缴费方式变更次数",
                 "changes of payment method between consecutive bills (by period) of M12, the bill before M12 "
                 "included; empty when no bill of M12 has a method",
                 "changes", '+', "M12"},
	[ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M] =
		{"pay.autodebit_to_cash_6m", "pay", "代扣转现金",
                 "1 when a bill of R-5..R is paid in cash (现金, 坐收, 柜台, cash, counter) and the bill before "
                 "it by auto-debit (代扣, 托收, auto-debit, direct debit), else 0; empty without methods",
                 "flag", '=', "M6"},
	[ER_FEAT_PAY_DISCONNECTIONS_12M] = {"pay.disconnections_12m", "pay", "欠费停电次数",
                                            "disconnect_arrears events in 12m; empty without an events table", "events",
                                            '+', "12m"},

	[ER_FEAT_INSP_THEFT_COUNT_36M] = {"insp.theft_count_36m", "insp", "窃电次数",
                                          "inspections with finding theft in 36m; empty without an inspections table",
                                          "cases", '+', "36m"},
	[ER_FEAT_INSP_VIOLATION_COUNT_24M] =
		{"insp.violation_count_24m", "insp", "违约用电次数",
                 "inspections with finding violation in 24m; empty without an inspections table", "cases", '+', "24m"},
	[ER_FEAT_INSP_METER_FAULT_COUNT_12M] =
		{"insp.meter_fault_count_12m", "insp", "计量异常次数",
                 "inspections with finding meter_fault in 12m; empty without an inspections table", "cases", '+',
                 "12m"},
	[ER_FEAT_INSP_PENALTY_RATIO_12M] =
		{"insp.penalty_ratio_12m", "insp", "追补及违约使用电费占比",
                 "(back amount + penalty) of the inspections in 12m / sum of bill amounts of M12; "
                 "empty when the bill amounts sum to 0",
                 "ratio", '+', "12m,M12"},
	[ER_FEAT_INSP_OPEN_CASES] =
		{"insp.open_cases", "insp", "未结案件",
                 "inspections dated by A with a finding other than none, not closed at A (no close date up to A, "
                 "and status not closed when the close date is missing)",
                 "cases", '+', "all"},
	[ER_FEAT_INSP_MONTHS_SINCE_FINDING] =
		{"insp.months_since_finding", "insp", "距上次查处月数",
                 "whole months from the latest inspection with a finding other than none to A; empty when none",
                 "months", '-', "all"},

	[ER_FEAT_INFO_ACCOUNT_AGE_MONTHS] =
		{"info.account_age_months", "info", "立户时长",
                 "whole months from the account's open date to A (an enterprise: its oldest account opened by A); "
                 "empty without an open date",
                 "months", '-', "all"},
	[ER_FEAT_INFO_ACCOUNT_STATUS] =
		{"info.account_status", "info", "户状态",
                 "0 normal, 1 suspended, 2 closed (an enterprise: its best account); empty without a status", "code",
                 '+', "-"},
	[ER_FEAT_INFO_ACCOUNTS_COUNT] =
		{"info.accounts_count", "info", "户数",
                 "accounts of the entity in the accounts table opened by A or without an open date", "accounts", '?',
                 "-"},
	[ER_FEAT_INFO_USCC_VALID] =
		{"info.uscc_valid", "info", "信用代码校验",
                 "1 when the entity's unified social credit code passes GB 32100, else 0; empty without a code", "flag",
                 '=', "-"},
	[ER_FEAT_INFO_USCC_MATCH] =
		{"info.uscc_match", "info", "信用代码一致",
                 "with a loan: 1 when an account carries the applicant's code, 0.5 when only its embedded "
                 "organization code, 0 when no account does; empty without a loan",
                 "flag", '=', "-"},
	[ER_FEAT_INFO_NAME_SIMILARITY] =
		{"info.name_similarity", "info", "户名一致性",
                 "with a loan: best 1 - Levenshtein / longer length of the normalized applicant and account names "
                 "(width, case, spaces, brackets, company-form suffixes unified); empty when a name is missing",
                 "ratio", '-', "-"},
	[ER_FEAT_INFO_LEGAL_REP_MATCH] =
		{"info.legal_rep_match", "info", "法人一致",
                 "with a loan: 1 when an account's legal representative equals the applicant's, else 0; "
                 "empty when either is missing",
                 "flag", '=', "-"},
	[ER_FEAT_INFO_PHONE_MATCH] =
		{"info.phone_match", "info", "预留电话一致",
                 "with a loan: 1 when an account's phone equals the applicant's (digits, without 86), else 0; "
                 "empty when either is missing",
                 "flag", '=', "-"},
	[ER_FEAT_INFO_PHONE_VALID] =
		{"info.phone_valid", "info", "预留电话校验",
                 "1 when every phone of the entity is a valid mainland mobile or landline number, else 0; "
                 "empty without a phone",
                 "flag", '=', "-"},
	[ER_FEAT_INFO_PHONE_SHARED] =
		{"info.phone_shared", "info", "电话复用度",
                 "largest number of distinct enterprises of the accounts table sharing one of the entity's "
                 "phones (1 = not shared); empty without a phone",
                 "enterprises", '+', "-"},
	[ER_FEAT_INFO_ADDRESS_SHARED] =
		{"info.address_shared", "info", "一址多户",
                 "largest number of distinct enterprises of the accounts table at one of the entity's "
                 "normalized addresses (1 = not shared); empty without an address",
                 "enterprises", '+', "-"},
	[ER_FEAT_INFO_LEGAL_REP_SHARED] =
		{"info.legal_rep_shared", "info", "法人复用度",
                 "largest number of other enterprises of the accounts table whose legal representative has the "
                 "same resident ID as one of the entity's (0 = not shared); empty without a legal_rep_id",
                 "enterprises", '+', "-"},
	[ER_FEAT_INFO_ADDRESS_MATCH] =
		{"info.address_match", "info", "地址一致",
                 "with a loan: 1 when an account's normalized address equals the loan application's, else 0; "
                 "empty when either is missing",
                 "flag", '=', "-"},

	[ER_FEAT_EVENT_CAP_REDUCTIONS_12M] = {"event.cap_reductions_12m", "event", "减容次数",
                                              "capacity_reduction events in 12m; empty without an events table",
                                              "events", '+', "12m"},
	[ER_FEAT_EVENT_CAP_REDUCTION_DEPTH_12M] =
		{"event.cap_reduction_depth_12m", "event", "减容深度",
                 "smallest cap_after / cap_before of the capacity reductions in 12m; empty when none", "ratio", '-',
                 "12m"},
	[ER_FEAT_EVENT_CAP_INCREASES_12M] = {"event.cap_increases_12m", "event", "增容次数",
                                             "capacity_increase events in 12m; empty without an events table", "events",
                                             '?', "12m"},
	[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] =
		{"event.cap_increase_no_growth", "event", "贷前突击增容",
                 "1 when a capacity_increase is dated in 3m and mean(E, R-2..R) <= mean(E, R-5..R-3), "
                 "0 when not; empty when such an increase exists and a mean is missing",
                 "flag", '=', "3m,M6"},
	[ER_FEAT_EVENT_SUSPENDED_DAYS_12M] =
		{"event.suspended_days_12m", "event", "暂停天数",
                 "days of 12m inside a suspension: from a suspend event to its end_date, the next resume "
                 "event or A, whichever is first (summed over accounts)",
                 "days", '+', "12m"},
	[ER_FEAT_EVENT_SUSPENSION_ONGOING] = {"event.suspension_ongoing", "event", "暂停中",
                                              "1 when a suspension covers A, else 0; empty without an events table",
                                              "flag", '=', "all"},
	[ER_FEAT_EVENT_CLOSURES_12M] = {"event.closures_12m", "event", "销户次数",
                                        "close events in 12m; empty without an events table", "events", '+', "12m"},
	[ER_FEAT_EVENT_OWNER_CHANGE_6M] = {"event.owner_change_6m", "event", "更名过户",
                                           "2 when a transfer event is dated in 6m, else 1 when a rename is, else 0; "
                                           "empty without an events table",
                                           "code", '=', "6m"},
};

const struct er_feat_def *
er_feat_catalogue(size_t *n)
{
	if (n)
		*n = ER_FEAT_COUNT;
	return catalogue;
}

const struct er_feat_def *
er_feat_lookup(const char *name)
{
	for (size_t i = 0; i < ER_FEAT_COUNT; i++)
		if (strcmp(catalogue[i].name, name) == 0)
			return &catalogue[i];
	return NULL;
}

char
er_feat_direction(const char *name)
{
	const struct er_feat_def *d = er_feat_lookup(name);
	return d ? d->direction : 0;
}

/* feat_catalogue: the risk warning indicator library (风险预警指标库) as a table.
 * Every built-in indicator of er-features has one entry: its column name
 * "module.indicator", Chinese name, definition, unit, direction of risk and windows.
 * Other tools (er-screen, er-train) read the direction of risk from here. */
#ifndef ER_FEAT_CATALOGUE_H
#define ER_FEAT_CATALOGUE_H

#include <stddef.h>

/* The built-in indicators, in catalogue and output order. */
enum er_feat_id {
	/* usage: meter readings */
	ER_FEAT_USAGE_KWH_MEAN_12M,
	ER_FEAT_USAGE_KWH_SUM_12M,
	ER_FEAT_USAGE_MONTHS_COVERED_12M,
	ER_FEAT_USAGE_ZERO_MONTHS_12M,
	ER_FEAT_USAGE_LOW_MONTHS_12M,
	ER_FEAT_USAGE_GROWTH_12M,
	ER_FEAT_USAGE_CV_12M,
	ER_FEAT_USAGE_RECENT_RATIO_3M,
	ER_FEAT_USAGE_TREND_SLOPE_12M,
	ER_FEAT_USAGE_MOM_CHANGE,
	ER_FEAT_USAGE_YOY_CHANGE,
	ER_FEAT_USAGE_YOY_DROP50_RUN,
	ER_FEAT_USAGE_TRAILING_ZERO_MONTHS,
	ER_FEAT_USAGE_CAPACITY_UTILISATION,
	ER_FEAT_USAGE_UTILISATION_HOURS_12M,
	ER_FEAT_USAGE_INDUSTRY_GROWTH_DEV,
	ER_FEAT_USAGE_DROP_7D_28D,
	ER_FEAT_USAGE_NEAR_ZERO_RUN_30D,
	ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D,
	ER_FEAT_USAGE_BASE_LOAD_RATIO_90D,
	ER_FEAT_USAGE_WEEKEND_RATIO_90D,
	ER_FEAT_USAGE_PEAK_SHARE_90D,
	ER_FEAT_USAGE_FLAT_SHARE_90D,
	ER_FEAT_USAGE_VALLEY_SHARE_90D,
	ER_FEAT_USAGE_NIGHT_SHARE_90D,
	ER_FEAT_USAGE_MAX_DEMAND_KW_90D,
	ER_FEAT_USAGE_LOAD_FACTOR_90D,
	ER_FEAT_USAGE_VALLEY_SHIFT_YOY,
	ER_FEAT_USAGE_METERS_12M,
	ER_FEAT_USAGE_METER_CHANGES_12M,
	/* pay: bills */
	ER_FEAT_PAY_LATE_COUNT_12M,
	ER_FEAT_PAY_MAX_DAYS_LATE_12M,
	ER_FEAT_PAY_ON_TIME_RATE_12M,
	ER_FEAT_PAY_ARREARS_AMOUNT,
	ER_FEAT_PAY_ARREARS_AGE_DAYS,
	ER_FEAT_PAY_LATE_FEE_RATIO_12M,
	ER_FEAT_PAY_PARTIAL_COUNT_12M,
	ER_FEAT_PAY_METHOD_CHANGES_12M,
	ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M,
	ER_FEAT_PAY_DISCONNECTIONS_12M,
	/* insp: inspections */
	ER_FEAT_INSP_THEFT_COUNT_36M,
	ER_FEAT_INSP_VIOLATION_COUNT_24M,
	ER_FEAT_INSP_METER_FAULT_COUNT_12M,
	ER_FEAT_INSP_PENALTY_RATIO_12M,
	ER_FEAT_INSP_OPEN_CASES,
	ER_FEAT_INSP_MONTHS_SINCE_FINDING,
	/* info: registered details, compared with the loan application */
	ER_FEAT_INFO_ACCOUNT_AGE_MONTHS,
	ER_FEAT_INFO_ACCOUNT_STATUS,
	ER_FEAT_INFO_ACCOUNTS_COUNT,
	ER_FEAT_INFO_USCC_VALID,
	ER_FEAT_INFO_USCC_MATCH,
	ER_FEAT_INFO_NAME_SIMILARITY,
	ER_FEAT_INFO_LEGAL_REP_MATCH,
	ER_FEAT_INFO_PHONE_MATCH,
	ER_FEAT_INFO_PHONE_VALID,
	ER_FEAT_INFO_PHONE_SHARED,
	ER_FEAT_INFO_ADDRESS_SHARED,
	ER_FEAT_INFO_LEGAL_REP_SHARED,
	ER_FEAT_INFO_ADDRESS_MATCH,
	/* event: account events */
	ER_FEAT_EVENT_CAP_REDUCTIONS_12M,
	ER_FEAT_EVENT_CAP_REDUCTION_DEPTH_12M,
	ER_FEAT_EVENT_CAP_INCREASES_12M,
	ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH,
	ER_FEAT_EVENT_SUSPENDED_DAYS_12M,
	ER_FEAT_EVENT_SUSPENSION_ONGOING,
	ER_FEAT_EVENT_CLOSURES_12M,
	ER_FEAT_EVENT_OWNER_CHANGE_6M,
	ER_FEAT_COUNT
};

/* One indicator of the catalogue. */
struct er_feat_def {
	const char *name;       /* column name "module.indicator" */
	const char *module;     /* usage, pay, insp, info, event (custom for --agg) */
	const char *name_zh;    /* Chinese name */
	const char *definition; /* exact definition, including when it is empty */
	const char *unit;       /* kWh, months, days, ratio, count, flag, ... */
	char direction;         /* '+' higher is riskier, '-' lower is riskier, '=' a flag, '?' unknown */
	const char *windows;    /* windows used, e.g. "M12,P12" or "7d,28d" */
};

/* The built-in catalogue (ER_FEAT_COUNT entries, indexed by enum er_feat_id); *N gets
 * the count when N is not NULL. Static storage, never freed. */
const struct er_feat_def *er_feat_catalogue(size_t *n);

/* The built-in indicator called NAME ("usage.growth_12m"), or NULL. */
const struct er_feat_def *er_feat_lookup(const char *name);

/* The direction of risk of NAME ('+', '-', '=' or '?'), or 0 when NAME is not built in. */
char er_feat_direction(const char *name);

#endif

/* schema: canonical tables, column aliases (English exports and Chinese marketing-system
 * headers) and enum code aliases. */
#include "data/schema.h"

#include <strings.h>
#include <string.h>

static const char *const finding_codes[] = {"none", "theft", "violation", "meter_fault", NULL};
static const char *const case_status_codes[] = {"open", "closed", NULL};
static const char *const account_status_codes[] = {"normal", "suspended", "closed", NULL};
static const char *const event_codes[] = {
	"open",   "capacity_increase", "capacity_reduction", "suspend",   "resume",           "close",
	"rename", "transfer",          "disconnect_arrears", "reconnect", "capacity_restore", NULL};

#define F(name, type, req, out) \
	{ \
		name, type, req, out, NULL \
	}
#define E(name, req, codes) \
	{ \
		name, ER_T_ENUM, req, 1, codes \
	}

static const struct er_field readings_fields[] = {
	[ER_READINGS_ACCOUNT_ID] = F("account_id", ER_T_KEY, 1, 1),
	[ER_READINGS_DATE] = F("date", ER_T_DATE, 1, 1),
	[ER_READINGS_DAYS] = F("days", ER_T_INT, 0, 1),
	[ER_READINGS_KWH] = F("kwh", ER_T_NUM, 0, 1), /* required unless computed from the register */
	[ER_READINGS_READING_BEGIN] = F("reading_begin", ER_T_NUM, 0, 0),
	[ER_READINGS_READING_END] = F("reading_end", ER_T_NUM, 0, 0),
	[ER_READINGS_MULTIPLIER] = F("multiplier", ER_T_NUM, 0, 0),
	[ER_READINGS_METER_ID] = F("meter_id", ER_T_KEY, 0, ER_OUT_PRESENT),
	/* interval data: also written when the times come inside the date column */
	[ER_READINGS_TIME] = F("time", ER_T_TIME, 0, ER_OUT_PRESENT),
};

static const struct er_field bills_fields[] = {
	[ER_BILLS_ACCOUNT_ID] = F("account_id", ER_T_KEY, 1, 1),
	[ER_BILLS_BILL_ID] = F("bill_id", ER_T_TEXT, 0, 1),
	[ER_BILLS_PERIOD] = F("period", ER_T_MONTH, 1, 1),
	[ER_BILLS_KWH] = F("kwh", ER_T_NUM, 0, 1),
	[ER_BILLS_AMOUNT] = F("amount", ER_T_NUM, 1, 1),
	[ER_BILLS_DUE_DATE] = F("due_date", ER_T_DATE, 1, 1),
	[ER_BILLS_PAID_DATE] = F("paid_date", ER_T_DATE, 0, 1),
	[ER_BILLS_PAID_AMOUNT] = F("paid_amount", ER_T_NUM, 0, 1),
	[ER_BILLS_LATE_FEE] = F("late_fee", ER_T_NUM, 0, 1),
	[ER_BILLS_PAY_METHOD] = F("pay_method", ER_T_TEXT, 0, 1),
};

static const struct er_field inspections_fields[] = {
	[ER_INSPECTIONS_ACCOUNT_ID] = F("account_id", ER_T_KEY, 1, 1),
	[ER_INSPECTIONS_CASE_ID] = F("case_id", ER_T_TEXT, 0, 1),
	[ER_INSPECTIONS_DATE] = F("date", ER_T_DATE, 1, 1),
	[ER_INSPECTIONS_FINDING] = E("finding", 1, finding_codes),
	[ER_INSPECTIONS_BACK_KWH] = F("back_kwh", ER_T_NUM, 0, 1),
	[ER_INSPECTIONS_BACK_AMOUNT] = F("back_amount", ER_T_NUM, 0, 1),
	[ER_INSPECTIONS_PENALTY] = F("penalty", ER_T_NUM, 0, 1),
	[ER_INSPECTIONS_STATUS] = E("status", 0, case_status_codes),
	[ER_INSPECTIONS_CLOSE_DATE] = F("close_date", ER_T_DATE, 0, 1),
};

static const struct er_field accounts_fields[] = {
	[ER_ACCOUNTS_ACCOUNT_ID] = F("account_id", ER_T_KEY, 1, 1),
	[ER_ACCOUNTS_USCC] = F("uscc", ER_T_USCC, 0, 1),
	[ER_ACCOUNTS_NAME] = F("name", ER_T_TEXT, 0, 1),
	[ER_ACCOUNTS_LEGAL_REP] = F("legal_rep", ER_T_TEXT, 0, 1),
	[ER_ACCOUNTS_LEGAL_REP_ID] = F("legal_rep_id", ER_T_RESID, 0, 1),
	[ER_ACCOUNTS_PHONE] = F("phone", ER_T_PHONE, 0, 1),
	[ER_ACCOUNTS_ADDRESS] = F("address", ER_T_TEXT, 0, 1),
	[ER_ACCOUNTS_INDUSTRY] = F("industry", ER_T_TEXT, 0, 1),
	[ER_ACCOUNTS_CONTRACT_KVA] = F("contract_kva", ER_T_NUM, 0, 1),
	[ER_ACCOUNTS_OPEN_DATE] = F("open_date", ER_T_DATE, 0, 1),
	[ER_ACCOUNTS_STATUS] = E("status", 0, account_status_codes),
};

static const struct er_field events_fields[] = {
	[ER_EVENTS_ACCOUNT_ID] = F("account_id", ER_T_KEY, 1, 1),
	[ER_EVENTS_EVENT_ID] = F("event_id", ER_T_TEXT, 0, 1),
	[ER_EVENTS_DATE] = F("date", ER_T_DATE, 1, 1),
	[ER_EVENTS_TYPE] = E("type", 1, event_codes),
	[ER_EVENTS_CAP_BEFORE] = F("cap_before", ER_T_NUM, 0, 1),
	[ER_EVENTS_CAP_AFTER] = F("cap_after", ER_T_NUM, 0, 1),
	[ER_EVENTS_END_DATE] = F("end_date", ER_T_DATE, 0, 1),
};

static const struct er_field loans_fields[] = {
	[ER_LOANS_APP_ID] = F("app_id", ER_T_KEY, 1, 1),
	[ER_LOANS_USCC] = F("uscc", ER_T_USCC, 1, 1),
	[ER_LOANS_NAME] = F("name", ER_T_TEXT, 0, 1),
	[ER_LOANS_LEGAL_REP] = F("legal_rep", ER_T_TEXT, 0, 1),
	[ER_LOANS_PHONE] = F("phone", ER_T_PHONE, 0, 1),
	[ER_LOANS_ADDRESS] = F("address", ER_T_TEXT, 0, 1),
	[ER_LOANS_APPLY_DATE] = F("apply_date", ER_T_DATE, 1, 1),
	[ER_LOANS_LOAN_DATE] = F("loan_date", ER_T_DATE, 0, 1),
	[ER_LOANS_AMOUNT] = F("amount", ER_T_NUM, 0, 1),
};

static const struct er_field labels_fields[] = {
	[ER_LABELS_ID] = F("id", ER_T_KEY, 1, 1),
	[ER_LABELS_LABEL] = F("label", ER_T_LABEL, 1, 1),
	[ER_LABELS_DATE] = F("date", ER_T_DATE, 0, 1),
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct er_schema schemas[ER_KIND_COUNT] = {
	{ER_KIND_READINGS,
         "readings",
         readings_fields,
         N(readings_fields),
         {"account_id", "meter_id", "date", "time"},
         "account_id"},
	{ER_KIND_BILLS, "bills", bills_fields, N(bills_fields), {"account_id", "period", "bill_id"}, "account_id"},
	{ER_KIND_INSPECTIONS,
         "inspections",
         inspections_fields,
         N(inspections_fields),
         {"account_id", "date", "case_id"},
         "account_id"},
	{ER_KIND_ACCOUNTS, "accounts", accounts_fields, N(accounts_fields), {"account_id", NULL}, "account_id"},
	{ER_KIND_EVENTS, "events", events_fields, N(events_fields), {"account_id", "date", "type"}, "account_id"},
	{ER_KIND_LOANS, "loans", loans_fields, N(loans_fields), {"app_id", NULL}, "uscc"},
	{ER_KIND_LABELS, "labels", labels_fields, N(labels_fields), {"id", NULL}, "id"},
};

/* Column aliases valid in every kind (a canonical name absent from a kind is ignored). */
static const struct er_alias column_aliases[] = {
	/* Chinese headers of utility marketing systems */
	{"户号", "account_id"},
	{"用户编号", "account_id"},
	{"用户号", "account_id"},
	{"客户编号", "account_id"},
	{"日期", "date"},
	{"抄表日期", "date"},
	{"数据日期", "date"},
	{"检查日期", "date"},
	{"变更日期", "date"},
	{"业务日期", "date"},
	{"天数", "days"},
	{"电量", "kwh"},
	{"用电量", "kwh"},
	{"抄见电量", "kwh"},
	{"结算电量", "kwh"},
	{"起码", "reading_begin"},
	{"上次示数", "reading_begin"},
	{"止码", "reading_end"},
	{"本次示数", "reading_end"},
	{"倍率", "multiplier"},
	{"综合倍率", "multiplier"},
	{"户名", "name"},
	{"客户名称", "name"},
	{"企业名称", "name"},
	{"统一社会信用代码", "uscc"},
	{"信用代码", "uscc"},
	{"法定代表人", "legal_rep"},
	{"法人", "legal_rep"},
	{"法人代表", "legal_rep"},
	{"法人身份证号", "legal_rep_id"},
	{"身份证号", "legal_rep_id"},
	{"联系电话", "phone"},
	{"手机", "phone"},
	{"手机号", "phone"},
	{"电话", "phone"},
	{"用电地址", "address"},
	{"地址", "address"},
	{"行业分类", "industry"},
	{"行业", "industry"},
	{"合同容量", "contract_kva"},
	{"立户日期", "open_date"},
	{"用户状态", "status"},
	{"电费年月", "period"},
	{"应收年月", "period"},
	{"应收金额", "amount"},
	{"应收电费", "amount"},
	{"实收金额", "paid_amount"},
	{"实收电费", "paid_amount"},
	{"缴费日期", "paid_date"},
	{"实收日期", "paid_date"},
	{"应缴日期", "due_date"},
	{"缴费截止日期", "due_date"},
	{"违约金", "late_fee"},
	{"缴费方式", "pay_method"},
	{"账单编号", "bill_id"},
	{"检查结果", "finding"},
	{"案件编号", "case_id"},
	{"追补电量", "back_kwh"},
	{"追补电费", "back_amount"},
	{"违约使用电费", "penalty"},
	{"案件状态", "status"},
	{"结案日期", "close_date"},
	{"业务类型", "type"},
	{"变更前容量", "cap_before"},
	{"变更后容量", "cap_after"},
	{"计划结束日期", "end_date"},
	{"申请编号", "app_id"},
	{"申请日期", "apply_date"},
	{"放款日期", "loan_date"},
	{"金额", "amount"},
	{"贷款金额", "amount"},
	{"标签", "label"},
	{"表号", "meter_id"},
	{"电能表编号", "meter_id"},
	{"电表编号", "meter_id"},
	{"计量点编号", "meter_id"},
	{"时间", "time"},
	{"时刻", "time"},
	{"数据时间", "time"},
	/* SG186-style English field names */
	{"cons_no", "account_id"},
	{"cons_id", "account_id"},
	{"this_ymd", "date"},
	{"data_date", "date"},
	{"t_pq", "kwh"},
	{"this_read_pq", "kwh"},
	{"t_settle_pq", "kwh"},
	{"last_mr_num", "reading_begin"},
	{"this_read", "reading_end"},
	{"t_factor", "multiplier"},
	{"cons_name", "name"},
	{"elec_addr", "address"},
	{"trade_code", "industry"},
	{"contract_cap", "contract_kva"},
	{"build_date", "open_date"},
	{"status_code", "status"},
	{"rcvbl_ym", "period"},
	{"ym", "period"},
	{"rcvbl_amt", "amount"},
	{"rcved_amt", "paid_amount"},
	{"rcved_date", "paid_date"},
	{"rcvbl_penalty", "late_fee"},
	{"pay_mode", "pay_method"},
	{"rcvbl_amt_id", "bill_id"},
	{"check_date", "date"},
	{"finding_type", "finding"},
	{"check_id", "case_id"},
	{"back_pq", "back_kwh"},
	{"back_amt", "back_amount"},
	{"penalty_amt", "penalty"},
	{"busi_type_code", "type"},
	{"app_no", "event_id"},
	{"apply_date", "apply_date"},
	{"finish_date", "date"},
	{"plan_end_date", "end_date"},
	/* common English spellings */
	{"account", "account_id"},
	{"customer_id", "account_id"},
	{"meter", "meter_id"},
	{"meter_no", "meter_id"},
	{"meter_number", "meter_id"},
	{"counter_number", "meter_id"},
	{"counter_id", "meter_id"},
	{"asset_no", "meter_id"},
	{"time_of_day", "time"},
	{"interval_start", "time"},
	{"kwh_total", "kwh"},
	{"consumption", "kwh"},
	{"usage", "kwh"},
	{"month", "period"},
	{"credit_code", "uscc"},
	{"company", "name"},
	{"enterprise", "name"},
	{"mobile", "phone"},
	{"tel", "phone"},
	{"capacity", "contract_kva"},
	{"open", "open_date"},
	{"outcome", "label"},
	{"default", "label"},
	{"target", "label"},
};

static const struct er_alias code_aliases[] = {
	{"无异常", "none"},
	{"正常", "none"},
	{"窃电", "theft"},
	{"违约用电", "violation"},
	{"计量异常", "meter_fault"},
	{"立案", "open"},
	{"处理中", "open"},
	{"结案", "closed"},
	{"暂停", "suspended"},
	{"销户", "closed"},
	{"新装", "open"},
	{"增容", "capacity_increase"},
	{"减容", "capacity_reduction"},
	{"暂停恢复", "resume"},
	{"减容恢复", "capacity_restore"},
	{"更名", "rename"},
	{"过户", "transfer"},
	{"欠费停电", "disconnect_arrears"},
	{"复电", "reconnect"},
	{"active", "normal"},
	{"cancelled", "closed"},
	{"canceled", "closed"},
};

/* Aliases whose target depends on the field: 暂停 is a status and an event, 正常 a status
 * and a finding. Checked before the shared list. */
static const struct er_alias event_code_aliases[] = {{"暂停", "suspend"}, {"销户", "close"}, {NULL, NULL}};
static const struct er_alias account_status_aliases[] = {{"正常", "normal"}, {NULL, NULL}};

static const struct er_alias *
field_aliases(const struct er_field *f)
{
	if (f->codes == event_codes)
		return event_code_aliases;
	if (f->codes == account_status_codes)
		return account_status_aliases;
	return NULL;
}

const struct er_schema *
er_schema_get(enum er_kind kind)
{
	return &schemas[kind];
}

const struct er_schema *
er_schema_find(const char *name)
{
	for (size_t i = 0; i < ER_KIND_COUNT; i++)
		if (strcmp(schemas[i].name, name) == 0)
			return &schemas[i];
	return NULL;
}

long
er_schema_field_index(const struct er_schema *s, const char *name)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* 1 when column HEADER is NAME but for case and the blanks around it: a spreadsheet user's
 * "Account_ID " is the account_id column. */
static int
same_name(const char *name, const char *header)
{
	while (*header == ' ' || *header == '\t')
		header++;
	size_t n = strlen(header);
	while (n > 0 && (header[n - 1] == ' ' || header[n - 1] == '\t'))
		n--;
	return strlen(name) == n && strncasecmp(name, header, n) == 0;
}

const struct er_field *
er_schema_exact_column(const struct er_schema *s, const char *header)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (same_name(s->fields[i].name, header))
			return &s->fields[i];
	return NULL;
}

const struct er_field *
er_schema_match_column(const struct er_schema *s, const char *header)
{
	const struct er_field *f = er_schema_exact_column(s, header);
	if (f)
		return f;
	for (size_t a = 0; a < N(column_aliases); a++)
		if (same_name(column_aliases[a].from, header)) {
			long i = er_schema_field_index(s, column_aliases[a].to);
			if (i >= 0)
				return &s->fields[i];
		}
	return NULL;
}

const char *
er_schema_enum_code(const struct er_field *f, const char *value)
{
	if (!f->codes)
		return NULL;
	for (const char *const *c = f->codes; *c; c++)
		if (strcasecmp(*c, value) == 0)
			return *c;
	const struct er_alias *own = field_aliases(f);
	for (size_t a = 0; own && own[a].from; a++)
		if (strcmp(own[a].from, value) == 0)
			return own[a].to;
	for (size_t a = 0; a < N(code_aliases); a++)
		if (strcmp(code_aliases[a].from, value) == 0)
			for (const char *const *c = f->codes; *c; c++)
				if (strcmp(*c, code_aliases[a].to) == 0)
					return *c;
	return NULL;
}

int
er_schema_bind(const struct er_schema *s, const er_reader *r, unsigned use, long col[ER_SCHEMA_MAXFIELDS], char *err)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const struct er_field *f = &s->fields[i];
		if (f->required && (use & ER_FIELD_BIT(i))) {
			if ((col[i] = er_reader_require(r, f->name, err)) < 0)
				return -1;
		} else {
			col[i] = er_reader_col(r, f->name);
		}
	}
	return 0;
}

int
er_schema_pii(const char *name)
{
	static const char *const pii[] = {"legal_rep", "legal_rep_id", "phone", "id_number"};
	for (size_t i = 0; i < sizeof pii / sizeof pii[0]; i++)
		if (strcmp(name, pii[i]) == 0)
			return 1;
	return 0;
}

/* Unit tests for data/schema.c: the canonical tables hang together, headers (English,
 * SG186 and Chinese) map to canonical fields, and enum codes map by field, so 暂停 is an
 * account status "suspended" but an event type "suspend". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "data/schema.h"

static const char *
matched(enum er_kind kind, const char *header)
{
	const struct er_field *f = er_schema_match_column(er_schema_get(kind), header);
	return f ? f->name : NULL;
}

static const struct er_field *
field(enum er_kind kind, const char *name)
{
	const struct er_schema *s = er_schema_get(kind);
	long i = er_schema_field_index(s, name);
	assert_true(i >= 0);
	return &s->fields[i];
}

static void
assert_code(enum er_kind kind, const char *fname, const char *value, const char *want)
{
	const char *got = er_schema_enum_code(field(kind, fname), value);
	if (want == NULL ? got != NULL : got == NULL || strcmp(got, want) != 0)
		fail_msg("%s.%s '%s': got %s, expected %s", er_schema_get(kind)->name, fname, value, got ? got : "NULL",
		         want ? want : "NULL");
}

static void
test_find_and_get(void **state)
{
	static const char *const names[] = {"readings", "bills", "inspections", "accounts",
	                                    "events",   "loans", "labels"};
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		const struct er_schema *s = er_schema_get((enum er_kind)k);
		assert_int_equal(s->kind, k);
		assert_string_equal(s->name, names[k]);
		assert_ptr_equal(er_schema_find(names[k]), s);
	}
	assert_null(er_schema_find("reading"));
	assert_null(er_schema_find("Readings"));
	assert_null(er_schema_find(""));
}

/* Keys, entities and enum fields name real fields; readings start account_id,date,days,kwh. */
static void
test_schemas_consistent(void **state)
{
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		const struct er_schema *s = er_schema_get((enum er_kind)k);
		assert_true(s->nfields > 0 && s->nfields <= 16);
		assert_non_null(s->key[0]);
		for (int i = 0; i < ER_SCHEMA_MAXKEY && s->key[i]; i++)
			if (er_schema_field_index(s, s->key[i]) < 0)
				fail_msg("%s: key field '%s' is not a field", s->name, s->key[i]);
		assert_true(er_schema_field_index(s, s->entity) >= 0);
		for (size_t i = 0; i < s->nfields; i++) {
			const struct er_field *f = &s->fields[i];
			assert_true((f->type == ER_T_ENUM) == (f->codes != NULL));
			assert_int_equal(er_schema_field_index(s, f->name), (long)i);
			if (f->required && !f->output)
				fail_msg("%s.%s required but not written", s->name, f->name);
		}
	}
	const struct er_schema *r = er_schema_get(ER_KIND_READINGS);
	assert_string_equal(r->fields[0].name, "account_id");
	assert_string_equal(r->fields[1].name, "date");
	assert_string_equal(r->fields[2].name, "days");
	assert_string_equal(r->fields[3].name, "kwh");
	assert_int_equal(er_schema_field_index(r, "nope"), -1);
}

static void
test_column_names_and_aliases(void **state)
{
	/* exact names, without case */
	assert_string_equal(matched(ER_KIND_READINGS, "account_id"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "Account_ID"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "KWH"), "kwh");
	assert_string_equal(matched(ER_KIND_READINGS, "reading_end"), "reading_end");
	/* Chinese marketing-system headers */
	assert_string_equal(matched(ER_KIND_READINGS, "户号"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "用户编号"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "日期"), "date");
	assert_string_equal(matched(ER_KIND_READINGS, "抄表日期"), "date");
	assert_string_equal(matched(ER_KIND_READINGS, "电量"), "kwh");
	assert_string_equal(matched(ER_KIND_READINGS, "起码"), "reading_begin");
	assert_string_equal(matched(ER_KIND_READINGS, "止码"), "reading_end");
	assert_string_equal(matched(ER_KIND_READINGS, "倍率"), "multiplier");
	assert_string_equal(matched(ER_KIND_ACCOUNTS, "户名"), "name");
	assert_string_equal(matched(ER_KIND_ACCOUNTS, "统一社会信用代码"), "uscc");
	assert_string_equal(matched(ER_KIND_ACCOUNTS, "法人身份证号"), "legal_rep_id");
	assert_string_equal(matched(ER_KIND_ACCOUNTS, "联系电话"), "phone");
	assert_string_equal(matched(ER_KIND_ACCOUNTS, "用户状态"), "status");
	assert_string_equal(matched(ER_KIND_BILLS, "电费年月"), "period");
	assert_string_equal(matched(ER_KIND_BILLS, "应收金额"), "amount");
	assert_string_equal(matched(ER_KIND_BILLS, "实收金额"), "paid_amount");
	assert_string_equal(matched(ER_KIND_INSPECTIONS, "检查结果"), "finding");
	assert_string_equal(matched(ER_KIND_INSPECTIONS, "检查日期"), "date");
	assert_string_equal(matched(ER_KIND_EVENTS, "业务类型"), "type");
	assert_string_equal(matched(ER_KIND_LOANS, "统一社会信用代码"), "uscc");
	assert_string_equal(matched(ER_KIND_LOANS, "申请日期"), "apply_date");
	assert_string_equal(matched(ER_KIND_LABELS, "标签"), "label");
	/* SG186 and common English spellings */
	assert_string_equal(matched(ER_KIND_READINGS, "cons_no"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "CONS_NO"), "account_id");
	assert_string_equal(matched(ER_KIND_READINGS, "t_pq"), "kwh");
	assert_string_equal(matched(ER_KIND_READINGS, "consumption"), "kwh");
	assert_string_equal(matched(ER_KIND_BILLS, "rcvbl_ym"), "period");
	assert_string_equal(matched(ER_KIND_LABELS, "default"), "label");
	/* an alias whose field the kind lacks matches nothing there */
	assert_null(matched(ER_KIND_READINGS, "统一社会信用代码"));
	assert_null(matched(ER_KIND_READINGS, "户名"));
	assert_null(matched(ER_KIND_LABELS, "电量"));
	/* unknown headers, near misses */
	assert_null(matched(ER_KIND_READINGS, "foo"));
	assert_null(matched(ER_KIND_READINGS, ""));
	/* the blanks around a spreadsheet header are not part of its name */
	assert_string_equal(matched(ER_KIND_READINGS, "kwh "), "kwh");
	assert_string_equal(matched(ER_KIND_READINGS, "\t户号 "), "account_id");
	assert_null(matched(ER_KIND_READINGS, "k wh"));
	assert_null(matched(ER_KIND_READINGS, "电"));
}

static void
test_enum_codes(void **state)
{
	/* codes themselves, without case */
	assert_code(ER_KIND_INSPECTIONS, "finding", "theft", "theft");
	assert_code(ER_KIND_INSPECTIONS, "finding", "THEFT", "theft");
	assert_code(ER_KIND_INSPECTIONS, "finding", "meter_fault", "meter_fault");
	/* Chinese aliases */
	assert_code(ER_KIND_INSPECTIONS, "finding", "窃电", "theft");
	assert_code(ER_KIND_INSPECTIONS, "finding", "违约用电", "violation");
	assert_code(ER_KIND_INSPECTIONS, "finding", "无异常", "none");
	assert_code(ER_KIND_INSPECTIONS, "finding", "计量异常", "meter_fault");
	assert_code(ER_KIND_INSPECTIONS, "status", "结案", "closed");
	assert_code(ER_KIND_INSPECTIONS, "status", "立案", "open");
	/* the same word, a different code per field */
	assert_code(ER_KIND_ACCOUNTS, "status", "暂停", "suspended");
	assert_code(ER_KIND_EVENTS, "type", "暂停", "suspend");
	assert_code(ER_KIND_ACCOUNTS, "status", "销户", "closed");
	assert_code(ER_KIND_EVENTS, "type", "销户", "close");
	assert_code(ER_KIND_ACCOUNTS, "status", "active", "normal");
	assert_code(ER_KIND_EVENTS, "type", "增容", "capacity_increase");
	assert_code(ER_KIND_EVENTS, "type", "减容", "capacity_reduction");
	assert_code(ER_KIND_EVENTS, "type", "暂停恢复", "resume");
	assert_code(ER_KIND_EVENTS, "type", "新装", "open");
	assert_code(ER_KIND_EVENTS, "type", "欠费停电", "disconnect_arrears");
	/* an alias to a code the field lacks is unknown there */
	assert_code(ER_KIND_INSPECTIONS, "finding", "暂停", NULL);
	assert_code(ER_KIND_EVENTS, "type", "suspended", NULL);
	assert_code(ER_KIND_EVENTS, "type", "窃电", NULL);
	assert_code(ER_KIND_INSPECTIONS, "finding", "", NULL);
	assert_code(ER_KIND_INSPECTIONS, "finding", "theft ", NULL);
	/* a field that is not an enum has no codes */
	assert_null(er_schema_enum_code(field(ER_KIND_READINGS, "kwh"), "theft"));
}

/* 正常 is "no finding" for an inspection but "normal" for an account's 用户状态, the
 * commonest value of that column. */
static void
test_enum_zhengchang_per_field(void **state)
{
	assert_code(ER_KIND_INSPECTIONS, "finding", "正常", "none");
	assert_code(ER_KIND_ACCOUNTS, "status", "正常", "normal");
}

/* The columns --mask-pii masks: the person's data, not the enterprise's. */
static void
test_pii_columns(void **state)
{
	assert_int_equal(er_schema_pii("legal_rep"), 1);
	assert_int_equal(er_schema_pii("legal_rep_id"), 1);
	assert_int_equal(er_schema_pii("phone"), 1);
	assert_int_equal(er_schema_pii("id_number"), 1);
	assert_int_equal(er_schema_pii("name"), 0);
	assert_int_equal(er_schema_pii("uscc"), 0);
	assert_int_equal(er_schema_pii("address"), 0);
	assert_int_equal(er_schema_pii("phone2"), 0);
}

/* The field numbers name the fields they stand for. */
static void
test_field_numbers(void **state)
{
	(void)state;
	assert_string_equal(er_schema_get(ER_KIND_BILLS)->fields[ER_BILLS_AMOUNT].name, "amount");
	assert_string_equal(er_schema_get(ER_KIND_BILLS)->fields[ER_BILLS_PAY_METHOD].name, "pay_method");
	assert_int_equal(er_schema_get(ER_KIND_BILLS)->nfields, ER_BILLS_PAY_METHOD + 1);
	assert_string_equal(er_schema_get(ER_KIND_ACCOUNTS)->fields[ER_ACCOUNTS_STATUS].name, "status");
	assert_int_equal(er_schema_get(ER_KIND_ACCOUNTS)->nfields, ER_ACCOUNTS_STATUS + 1);
	assert_string_equal(er_schema_get(ER_KIND_INSPECTIONS)->fields[ER_INSPECTIONS_CLOSE_DATE].name, "close_date");
	assert_string_equal(er_schema_get(ER_KIND_EVENTS)->fields[ER_EVENTS_END_DATE].name, "end_date");
	assert_string_equal(er_schema_get(ER_KIND_LOANS)->fields[ER_LOANS_AMOUNT].name, "amount");
	assert_string_equal(er_schema_get(ER_KIND_READINGS)->fields[ER_READINGS_MULTIPLIER].name, "multiplier");
	assert_string_equal(er_schema_get(ER_KIND_LABELS)->fields[ER_LABELS_DATE].name, "date");
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		const struct er_schema *s = er_schema_get((enum er_kind)k);
		assert_true(s->nfields <= ER_SCHEMA_MAXFIELDS);
		/* account-keyed tables start with account_id (feat_store finds the entity there) */
		if (strcmp(s->entity, "account_id") == 0)
			assert_string_equal(s->fields[0].name, "account_id");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_and_get),  cmocka_unit_test(test_schemas_consistent),
		cmocka_unit_test(test_field_numbers), cmocka_unit_test(test_column_names_and_aliases),
		cmocka_unit_test(test_enum_codes),    cmocka_unit_test(test_enum_zhengchang_per_field),
		cmocka_unit_test(test_pii_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

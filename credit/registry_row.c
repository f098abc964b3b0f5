/* registry_row: field checks of status and product rows, and stored times. */
#include "credit/registry_row.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/date.h"
#include "lib/num.h"
#include "lib/utf8.h"

static const char *const state_names[] = {"", "applying", "active", "closed", "defaulted"};

const char *
er_registry_state_name(int state)
{
	return state >= ER_REGISTRY_APPLYING && state <= ER_REGISTRY_DEFAULTED ? state_names[state] : "";
}

int
er_registry_state_parse(const char *s, size_t len)
{
	for (int i = ER_REGISTRY_APPLYING; i <= ER_REGISTRY_DEFAULTED; i++)
		if (strlen(state_names[i]) == len && strncasecmp(s, state_names[i], len) == 0)
			return i;
	return -1;
}

static const char *const status_field_names[ER_REGISTRY_F_COUNT] = {"subject_id",        "status",     "platform_grade",
                                                                    "monthly_repayment", "updated_at", "platform"};

static int __attribute__((format(printf, 4, 5)))
refuse(struct er_registry_bad *bad, const char *reason, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(bad->message, sizeof bad->message, fmt, ap);
	va_end(ap);
	bad->reason = reason;
	bad->field = field;
	return -1;
}

int
er_registry_time_parse(const char *s, size_t len, int64_t *t, int *has_time, const char **why)
{
	er_day day;
	int precision, secs;
	/* the time of day is checked there: 25:00 is impossible, not ignored */
	int rc = er_date_parse_time(s, len, NULL, &day, &precision, &secs);
	if (rc != ER_DATE_OK) {
		*why = er_date_strerror(rc);
		return -1;
	}
	if (precision != ER_DATE_DAY) {
		*why = "a month is not a day";
		return -1;
	}
	*t = (int64_t)day * 86400 + (secs > 0 ? secs : 0);
	if (has_time)
		*has_time = secs >= 0;
	return 0;
}

size_t
er_registry_time_format(char *buf, int64_t t)
{
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rest = t - day * 86400;
	size_t n = er_date_format(buf, (er_day)day);
	return n +
		(size_t)sprintf(buf + n, " %02d:%02d:%02d", (int)(rest / 3600), (int)(rest / 60 % 60),
	                        (int)(rest % 60));
}

int
er_registry_key_check(const char *s, size_t len, const char **why)
{
	if (len == 0) {
		*why = "empty";
		return -1;
	}
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t') {
		*why = "leading or trailing space";
		return -1;
	}
	if (er_utf8_check(s, len) != len || memchr(s, '\0', len)) {
		*why = "invalid UTF-8";
		return -1;
	}
	return 0;
}

/* A key field: 0 or -1 with BAD (reason required, key or utf8). */
static int
key_field(const char *s, size_t len, const char *field, struct er_registry_bad *bad)
{
	const char *why;
	if (er_registry_key_check(s, len, &why) == 0)
		return 0;
	if (len == 0)
		return refuse(bad, "required", field, "empty %s", field);
	if (strcmp(why, "invalid UTF-8") == 0)
		return refuse(bad, "utf8", field, "invalid UTF-8 in %s", field);
	return refuse(bad, "key", field, "bad %s '%s': %s", field, s, why);
}

int
er_registry_status_check(const char *const *text, const size_t *len, const char *platform,
                         struct er_registry_status *row, struct er_registry_bad *bad)
{
	const char *const *f = text;
	const char *const *name = status_field_names;
	if (key_field(f[ER_REGISTRY_F_SUBJECT], len[ER_REGISTRY_F_SUBJECT], name[ER_REGISTRY_F_SUBJECT], bad))
		return -1;
	row->subject_id = f[ER_REGISTRY_F_SUBJECT];
	if (len[ER_REGISTRY_F_PLATFORM] > 0 && strcmp(f[ER_REGISTRY_F_PLATFORM], platform) != 0)
		return refuse(bad, "platform", "platform", "platform '%s' is not the one imported ('%s')",
		              f[ER_REGISTRY_F_PLATFORM], platform);
	row->platform = platform;
	const char *st = f[ER_REGISTRY_F_STATUS];
	if (len[ER_REGISTRY_F_STATUS] == 0)
		return refuse(bad, "required", "status", "empty status");
	row->status = er_registry_state_parse(st, len[ER_REGISTRY_F_STATUS]);
	if (row->status < 0)
		return refuse(bad, "code", "status", "bad status '%s': not applying, active, closed or defaulted", st);
	const char *g = f[ER_REGISTRY_F_GRADE];
	row->grade = -1;
	if (len[ER_REGISTRY_F_GRADE] > 0) {
		row->grade = er_grade_parse(g, len[ER_REGISTRY_F_GRADE]);
		if (row->grade < 0)
			return refuse(bad, "code", "platform_grade", "bad platform_grade '%s': not A, B, C or D", g);
	} else if (row->status == ER_REGISTRY_APPLYING) {
		return refuse(bad, "required", "platform_grade", "empty platform_grade of an applying loan");
	}
	const char *m = f[ER_REGISTRY_F_REPAYMENT];
	row->monthly_repayment = NAN;
	if (len[ER_REGISTRY_F_REPAYMENT] > 0) {
		int rc = er_num_parse(m, len[ER_REGISTRY_F_REPAYMENT], &row->monthly_repayment);
		if (rc != ER_NUM_OK)
			return refuse(bad, "number", "monthly_repayment", "bad monthly_repayment '%s': %s", m,
			              er_num_strerror(rc));
		if (row->monthly_repayment < 0)
			return refuse(bad, "negative", "monthly_repayment", "negative monthly_repayment '%s'", m);
	} else if (row->status == ER_REGISTRY_APPLYING || row->status == ER_REGISTRY_ACTIVE) {
		return refuse(bad, "required", "monthly_repayment", "empty monthly_repayment of an %s loan",
		              er_registry_state_name(row->status));
	}
	const char *u = f[ER_REGISTRY_F_UPDATED], *why;
	if (len[ER_REGISTRY_F_UPDATED] == 0)
		return refuse(bad, "required", "updated_at", "empty updated_at");
	if (er_registry_time_parse(u, len[ER_REGISTRY_F_UPDATED], &row->updated_at, NULL, &why) != 0)
		return refuse(bad, "date", "updated_at", "bad updated_at '%s': %s", u, why);
	return 0;
}

int
er_registry_product_check(const char *name, size_t name_len, const char *const *text, const size_t *len,
                          struct er_decide_product *p, struct er_registry_bad *bad)
{
	if (key_field(name, name_len, "product", bad))
		return -1;
	for (int f = 0; f < ER_PRODUCT_FIELDS; f++) {
		const char *why, *col = er_decide_product_field_name(f);
		if (len[f] == 0)
			return refuse(bad, "required", col, "empty %s", col);
		if (er_decide_product_field(f, text[f], len[f], p, &why) != 0)
			return refuse(bad, f == ER_PRODUCT_MIN_GRADE ? "code" : "number", col, "bad %s '%s': %s", col,
			              text[f], why);
	}
	return 0;
}

/* interval: the wide interval form's column names (numbered or timed) to interval slots. */
#include "data/interval.h"

#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/err.h"

enum { NAME_NONE = 0, NAME_NUMBER, NAME_START, NAME_END };

/* Strips one of the prefixes P from *S (length *LEN). */
static void
strip_prefix(const char **s, size_t *len, const char *const *p)
{
	for (; *p; p++) {
		size_t n = strlen(*p);
		if (*len > n && memcmp(*s, *p, n) == 0) {
			*s += n;
			*len -= n;
			return;
		}
	}
}

/* What NAME is: NAME_NUMBER with *V the number, NAME_START with *V the second of the day
 * (24:00 is NAME_END, 86400), else NAME_NONE. */
static int
classify(const char *name, int *v)
{
	static const char *const prefixes[] = {"点", "第", "p", "P", "h", "H", "v", "V", "t", "T", NULL};
	static const char *const suffixes[] = {"点", "时", NULL};
	const char *s = name;
	size_t len = strlen(name);
	if (strchr(name, ':')) {
		if (len == 5 && strcmp(name, "24:00") == 0) {
			*v = 86400;
			return NAME_END;
		}
		return er_time_parse(s, len, v) == ER_DATE_OK ? NAME_START : NAME_NONE;
	}
	strip_prefix(&s, &len, prefixes);
	for (const char *const *p = suffixes; *p; p++) {
		size_t n = strlen(*p);
		if (len > n && memcmp(s + len - n, *p, n) == 0) {
			len -= n;
			break;
		}
	}
	if (len == 0 || len > 3)
		return NAME_NONE;
	int num = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return NAME_NONE;
		num = num * 10 + (s[i] - '0');
	}
	*v = num;
	return NAME_NUMBER;
}

int
er_interval_columns(const char *const *names, size_t n, int *slot, char *err)
{
	size_t count = 0, timed = 0;
	int lo = 1 << 30, has_end = 0;
	int *val = calloc(n + 1, sizeof *val), *kind = calloc(n + 1, sizeof *kind);
	if (!val || !kind) {
		free(val);
		free(kind);
		er_fail(err, ER_ENOMEM, "out of memory");
		return -2;
	}
	for (size_t i = 0; i < n; i++) {
		slot[i] = -1;
		kind[i] = classify(names[i], &val[i]);
		if (kind[i] == NAME_NONE)
			continue;
		count++;
		if (kind[i] != NAME_NUMBER) {
			timed++;
			has_end |= kind[i] == NAME_END;
		}
		if (kind[i] == NAME_NUMBER && val[i] < lo)
			lo = val[i];
	}
	int per_day = 0;
	if (count == 0)
		goto out;
	per_day = -1;
	if (count != 24 && count != 48 && count != 96) {
		size_t first = 0;
		while (kind[first] == NAME_NONE)
			first++;
		er_fail(err, ER_EDATA, "%zu columns such as '%s', and a day has 24, 48 or 96", count, names[first]);
		goto out;
	}
	if (timed && timed != count) {
		er_fail(err, ER_EDATA, "numbers and times of day mixed");
		goto out;
	}
	int step = 86400 / (int)count;
	char *seen = calloc(count, 1);
	if (!seen) {
		er_fail(err, ER_ENOMEM, "out of memory");
		per_day = -2;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (kind[i] == NAME_NONE)
			continue;
		long s;
		if (kind[i] == NAME_NUMBER)
			s = val[i] - (lo == 0 ? 0 : 1);
		else if (val[i] % step != 0)
			s = -1;
		else
			s = val[i] / step - (has_end ? 1 : 0);
		if (s < 0 || s >= (long)count || seen[s]) {
			er_fail(err, ER_EDATA,
			        "'%s' is not one of the %zu intervals of a day (numbers 1..%zu or 0..%zu, or "
			        "the times the intervals start, or end up to 24:00)",
			        names[i], count, count, count - 1);
			free(seen);
			goto out;
		}
		seen[s] = 1;
		slot[i] = (int)s;
	}
	free(seen);
	per_day = (int)count;
out:
	free(val);
	free(kind);
	return per_day;
}

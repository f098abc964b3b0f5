/* libFuzzer harness: number and date parsing, formatting round trips, identifier checks. */
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lib/date.h"
#include "data/ident.h"
#include "lib/num.h"
#include "lib/utf8.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	double v;
	if (er_num_parse(s, size, &v) == ER_NUM_OK) {
		char buf[ER_NUM_BUFLEN];
		size_t n = er_num_format(buf, v);
		double back;
		assert(er_num_parse(buf, n, &back) == ER_NUM_OK);
		assert(back == v);
	}
	long long ll;
	er_num_parse_int(s, size, &ll);
	er_day d;
	int prec;
	if (er_date_parse(s, size, NULL, &d, &prec) == ER_DATE_OK) {
		int y, m, dd;
		er_date_to_ymd(d, &y, &m, &dd);
		assert(er_date_valid(y, m, dd));
		assert(er_date_from_ymd(y, m, dd) == d);
	}
	/* Excel's serial day numbers: a valid day, and a time of day within one */
	int secs;
	if (er_date_parse_time(s, size, ER_DATE_FORMAT_EXCEL, &d, &prec, &secs) == ER_DATE_OK) {
		int y, m, dd;
		er_date_to_ymd(d, &y, &m, &dd);
		assert(er_date_valid(y, m, dd));
		assert(secs >= -1 && secs < 86400);
	}
	/* the input's first line as a pattern, the rest as the value */
	const char *nl = memchr(s, '\n', size);
	if (nl) {
		char fmt[64];
		size_t flen = (size_t)(nl - s) < sizeof fmt - 1 ? (size_t)(nl - s) : sizeof fmt - 1;
		memcpy(fmt, s, flen);
		fmt[flen] = '\0';
		if (!memchr(fmt, '\0', flen) && er_date_format_check(fmt) == 0)
			er_date_parse(nl + 1, size - (size_t)(nl + 1 - s), fmt, &d, &prec);
	}
	er_ident_uscc(s, size);
	er_ident_resident_id(s, size, 20000);
	er_ident_phone(s, size);
	char masked[64];
	er_ident_mask(s, size, masked, sizeof masked);
	er_utf8_check(s, size);
	return 0;
}

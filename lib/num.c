/* num: strict decimal parsing with an exact fast path, shortest formatting. */
#include "lib/num.h"

#include <math.h>
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Powers of ten that a double holds exactly: m * 10^e with m < 2^53 and e <= 22 is one
 * correctly rounded operation (Clinger's fast path). */
static const double exact_pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* strtod on a NUL-terminated copy, for what the fast path cannot do exactly. */
static int
parse_slow(const char *s, size_t len, double *out)
{
	char small[128];
	char *buf = len < sizeof small ? small : malloc(len + 1);
	if (!buf)
		return ER_NUM_RANGE;
	memcpy(buf, s, len);
	buf[len] = '\0';
	char *end;
	double v = strtod(buf, &end);
	if (buf != small)
		free(buf);
	if (isinf(v))
		return ER_NUM_RANGE;
	*out = v;
	return ER_NUM_OK;
}

/* Narrows S[0..*LEN-1] to the text between the blanks (spaces and tabs) that fixed-width and
 * database exports pad numbers with; pandas and R read such a field as the number too. */
static const char *
trim_blanks(const char *s, size_t *len)
{
	size_t n = *len;
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

int
er_num_parse(const char *s, size_t len, double *out)
{
	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'))
		s = trim_blanks(s, &len);
	if (len == 0)
		return ER_NUM_EMPTY;
	const char *p = s, *end = s + len;
	int neg = 0;
	if (*p == '+' || *p == '-') {
		neg = *p == '-';
		p++;
	}
	/* every digit goes into mant; with at most 19 digits it cannot overflow, and past that
	 * the value is left to strtod anyway */
	uint64_t mant = 0;
	int ndigits = 0, frac_digits = 0;
	for (; p < end && is_digit(*p); p++, ndigits++)
		mant = mant * 10 + (uint64_t)(*p - '0');
	if (p < end && *p == '.') {
		p++;
		const char *f = p;
		for (; p < end && is_digit(*p); p++)
			mant = mant * 10 + (uint64_t)(*p - '0');
		frac_digits = (int)(p - f);
		ndigits += frac_digits;
	}
	if (ndigits == 0)
		return ER_NUM_SYNTAX;
	long exp10 = 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		int eneg = 0;
		if (p < end && (*p == '+' || *p == '-')) {
			eneg = *p == '-';
			p++;
		}
		if (p >= end || !is_digit(*p))
			return ER_NUM_SYNTAX;
		for (; p < end && is_digit(*p); p++)
			if (exp10 < 100000)
				exp10 = exp10 * 10 + (*p - '0');
		if (eneg)
			exp10 = -exp10;
	}
	if (p != end)
		return ER_NUM_SYNTAX;
	if (ndigits <= 19) {
		if (mant == 0) {
			*out = neg ? -0.0 : 0.0;
			return ER_NUM_OK;
		}
		long e = exp10 - frac_digits;
		if (mant < (UINT64_C(1) << 53) && e >= -22 && e <= 22) {
			double v = (double)mant;
			v = e < 0 ? v / exact_pow10[-e] : v * exact_pow10[e];
			*out = neg ? -v : v;
			return ER_NUM_OK;
		}
	}
	return parse_slow(s, len, out);
}

int
er_num_parse_int(const char *s, size_t len, long long *out)
{
	s = trim_blanks(s, &len);
	if (len == 0)
		return ER_NUM_EMPTY;
	size_t i = 0;
	int neg = 0;
	if (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-';
		i++;
	}
	if (i == len)
		return ER_NUM_SYNTAX;
	unsigned long long v = 0;
	unsigned long long limit = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
	for (; i < len; i++) {
		if (!is_digit(s[i]))
			return ER_NUM_SYNTAX;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return ER_NUM_RANGE;
		v = v * 10 + d;
	}
	*out = neg ? (long long)(0 - v) : (long long)v;
	return ER_NUM_OK;
}

const char *
er_num_strerror(int result)
{
	switch (result) {
	case ER_NUM_OK: return "ok";
	case ER_NUM_EMPTY: return "empty number";
	case ER_NUM_SYNTAX: return "not a number";
	case ER_NUM_RANGE: return "number out of range";
	}
	return "bad number";
}

size_t
er_num_format_u64(char *buf, uint64_t v)
{
	/* counted first, so that the digits, which come out last first, go straight to their
	 * place, two at a time from a table: this formats every number er-score writes */
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				    "8081828384858687888990919293949596979899";
	size_t n = 1;
	for (uint64_t t = 10; n < 20 && v >= t; t *= 10)
		n++;
	buf[n] = '\0';
	char *p = buf + n;
	while (v >= 10) {
		const char *d = pairs + 2 * (v % 100);
		v /= 100;
		*--p = d[1];
		*--p = d[0];
	}
	if (p > buf)
		*--p = (char)('0' + v);
	return n;
}

size_t
er_num_format_i64(char *buf, int64_t v)
{
	if (v >= 0)
		return er_num_format_u64(buf, (uint64_t)v);
	buf[0] = '-';
	/* in unsigned arithmetic, so that INT64_MIN negates */
	return 1 + er_num_format_u64(buf + 1, (uint64_t)0 - (uint64_t)v);
}

size_t
er_num_format_scaled(char *buf, uint64_t u, size_t k, int neg)
{
	char digs[ER_INT_BUFLEN], *p = buf;
	size_t n = er_num_format_u64(digs, u);
	if (neg && u != 0)
		*p++ = '-';
	/* byte loops: the strings are a few bytes, shorter than a memcpy call costs */
	size_t whole = n > k ? n - k : 0, i = 0;
	for (; i < whole; i++)
		*p++ = digs[i];
	if (k > 0) {
		if (whole == 0)
			*p++ = '0';
		*p++ = '.';
		for (size_t z = n; z < k; z++)
			*p++ = '0';
		for (; i < n; i++)
			*p++ = digs[i];
	}
	*p = '\0';
	return (size_t)(p - buf);
}

/* The fast path of er_num_format for a V that is, to the double, a decimal of at most 15
 * significant digits from 1e-4 up (scores, amounts, rates): writes it in fixed notation and
 * returns its length, else returns 0. Such a decimal D is what "%.15g" writes for the double
 * nearest to it (15 digits survive the round trip) and the fewest decimals that give V back,
 * so the output is the one snprintf's search would find, without snprintf and strtod. */
static size_t
format_short_decimal(char *buf, double v)
{
	double a = fabs(v);
	if (!(a >= 1e-4 && a < 1e15))
		return 0;
	for (size_t k = 1; k <= 9; k++) {
		double t = a * exact_pow10[k];
		if (t >= 1e15)
			return 0;
		double m = nearbyint(t);
		/* m < 2^53 and 10^k are exact, so the quotient is the double nearest m / 10^k */
		if (m / exact_pow10[k] != a)
			continue;
		/* below 1e-4 after all ("%g" would use an exponent), or a trailing zero that the
		 * smallest k cannot have: left to snprintf */
		if ((k > 4 && m < exact_pow10[k - 4]) || (uint64_t)m % 10 == 0)
			return 0;
		return er_num_format_scaled(buf, (uint64_t)m, k, v < 0);
	}
	return 0;
}

/* 10^0 .. 10^19, every power of ten a uint64_t holds. */
static const uint64_t pow10_u64[] = {1u,
                                     10u,
                                     100u,
                                     1000u,
                                     10000u,
                                     100000u,
                                     1000000u,
                                     10000000u,
                                     100000000u,
                                     1000000000u,
                                     10000000000u,
                                     100000000000u,
                                     1000000000000u,
                                     10000000000000u,
                                     100000000000000u,
                                     1000000000000000u,
                                     10000000000000000u,
                                     100000000000000000u,
                                     1000000000000000000u,
                                     10000000000000000000u};

typedef unsigned __int128 u128;

/* The rounding of M * 10^P / 2^K (M < 2^53, P <= 19, 1 <= K <= 62: exact in 128 bits) to
 * PREC significant digits, given that it has 17 (Q17, the integer part): sets *D to the
 * PREC digits and returns 1 when *D * 10^(17 - PREC) / 10^P reads back to M / 2^K, 0 when
 * not, -1 when undecided by this path (a tie, or a carry to PREC + 1 digits). */
static int
round_digits(uint64_t m, int p, int k, uint64_t q17, int prec, uint64_t *d)
{
	u128 n = (u128)m * pow10_u64[p], mask = ((u128)1 << k) - 1;
	int s = 17 - prec;
	uint64_t q = q17 / pow10_u64[s];
	/* the dropped digits and the bits below the point, against half a unit of digit PREC */
	u128 rem = ((u128)(q17 % pow10_u64[s]) << k) | (n & mask), half = (u128)pow10_u64[s] << (k - 1);
	if (rem == half)
		return -1; /* printf breaks the tie to even: left to it */
	if (rem > half && ++q == pow10_u64[prec])
		return -1; /* 9.99... rounded up: one more digit before the point */
	*d = q;
	/* reads back when within half an ulp (2^-K / 2) of M / 2^K: |q 10^s 2^K - n| < 10^P / 2 */
	u128 t = (u128)q * pow10_u64[s] << k, diff = t > n ? t - n : n - t;
	if (2 * diff == (u128)pow10_u64[p])
		return -1; /* on the boundary strtod rounds to even: left to it */
	return 2 * diff < (u128)pow10_u64[p];
}

/* The fast path of er_num_format for a non-integral V with 1e-3 <= |V| < 1e15 that is not a
 * power of two (most means and deviations): the "%.15g", else "%.16g", else "%.17g" text
 * that reads back to V, computed exactly in 128-bit integers instead of snprintf and strtod
 * (15 % of er-features' time on wide --agg runs). Returns the length, or 0 when left to the
 * snprintf search. */
static size_t
format_exact(char *buf, double v)
{
	double a = fabs(v);
	if (!(a >= 1e-3 && a < 1e15))
		return 0;
	int e2;
	double fr = frexp(a, &e2);
	uint64_t m = (uint64_t)ldexp(fr, 53);
	int k = 53 - e2; /* a = m / 2^k */
	if (m == (uint64_t)1 << 52 || k < 1 || k > 62)
		return 0;
	/* x: the decimal exponent of a, so that a * 10^(16 - x) has 17 digits */
	int x = (int)floor(log10(a));
	uint64_t q17 = 0;
	for (int tries = 0;; tries++) {
		if (x < -3 || x > 14 || tries == 3)
			return 0;
		u128 n = (u128)m * pow10_u64[16 - x];
		q17 = (uint64_t)(n >> k);
		if (q17 < pow10_u64[16])
			x--;
		else if (q17 >= pow10_u64[17])
			x++;
		else
			break;
	}
	int p = 16 - x, prec = 16;
	uint64_t d;
	int r = round_digits(m, p, k, q17, 16, &d);
	if (r < 0)
		return 0;
	if (r == 0) {
		/* 17 digits always read back: only their rounding is wanted */
		prec = 17;
		if (round_digits(m, p, k, q17, 17, &d) < 0)
			return 0;
	} else {
		uint64_t d15;
		int r15 = round_digits(m, p, k, q17, 15, &d15);
		if (r15 < 0)
			return 0;
		if (r15 == 1) {
			prec = 15;
			d = d15;
		}
	}
	/* "%g" in fixed notation (-4 <= x < prec): the digits around the point, trailing
	 * zeros and a bare point left out */
	char digs[ER_INT_BUFLEN];
	er_num_format_u64(digs, d);
	char *o = buf;
	if (v < 0)
		*o++ = '-';
	if (x < 0) {
		*o++ = '0';
		*o++ = '.';
		for (int z = -1; z > x; z--)
			*o++ = '0';
		for (int i = 0; i < prec; i++)
			*o++ = digs[i];
	} else {
		for (int i = 0; i <= x; i++)
			*o++ = digs[i];
		*o++ = '.';
		for (int i = x + 1; i < prec; i++)
			*o++ = digs[i];
	}
	while (o[-1] == '0')
		o--;
	if (o[-1] == '.')
		o--;
	*o = '\0';
	return (size_t)(o - buf);
}

size_t
er_num_format(char *buf, double v)
{
	if (isnan(v) || isinf(v)) {
		buf[0] = '\0';
		return 0;
	}
	if (v == 0) {
		buf[0] = '0';
		buf[1] = '\0';
		return 1;
	}
	if (v == floor(v) && fabs(v) < 1e15) {
		if (v < 0) {
			buf[0] = '-';
			return 1 + er_num_format_u64(buf + 1, (uint64_t)(-v));
		}
		return er_num_format_u64(buf, (uint64_t)v);
	}
	size_t fast = format_short_decimal(buf, v);
	if (fast > 0)
		return fast;
	if ((fast = format_exact(buf, v)) > 0)
		return fast;
	/* 15 significant digits always name a unique double, so when they read back the
	 * %g output (trailing zeros stripped) is the shortest; else 16, else 17, which is exact.
	 * 16 digits are tried first: the nearest 16-digit decimal is no farther from V than the
	 * nearest 15-digit one, so when 16 fail 15 fail too and 17 follow at once (a mean or a
	 * deviation often needs 17). That needs V's rounding interval to be the same width on
	 * both sides: not so for a power of two (its lower side is half as wide), nor for a
	 * subnormal, which take the plain search. */
	int e;
	if (fabs(v) >= DBL_MIN && frexp(v, &e) != 0.5 && frexp(v, &e) != -0.5) {
		int n = snprintf(buf, ER_NUM_BUFLEN, "%.16g", v);
		if (strtod(buf, NULL) != v)
			return (size_t)snprintf(buf, ER_NUM_BUFLEN, "%.17g", v);
		char b15[ER_NUM_BUFLEN];
		int n15 = snprintf(b15, sizeof b15, "%.15g", v);
		if (strtod(b15, NULL) != v)
			return (size_t)n;
		memcpy(buf, b15, (size_t)n15 + 1);
		return (size_t)n15;
	}
	/* subnormals have fewer significant bits, so fewer digits may already name them */
	for (int prec = fabs(v) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		int n = snprintf(buf, ER_NUM_BUFLEN, "%.*g", prec, v);
		if (prec == 17 || strtod(buf, NULL) == v)
			return (size_t)n;
	}
	return 0;
}

double
er_num_ratio(double a, double b)
{
	if (!isfinite(a) || !isfinite(b) || b == 0)
		return NAN;
	double q = a / b;
	return isfinite(q) ? q : NAN;
}

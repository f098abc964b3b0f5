/* Unit tests for lib/num.c: the strict parser must agree bit for bit with strtod on
 * everything it accepts, refuse everything that is not a plain decimal, and the
 * formatter must give the shortest "%.*g" text that reads back to the same double. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <limits.h>
#include <float.h>

#include <cmocka.h>

#include "lib/num.h"

/* splitmix64: a small deterministic generator, so failures reproduce. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static int
parse(const char *s, double *v)
{
	return er_num_parse(s, strlen(s), v);
}

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

/* Parses S and checks the result is exactly strtod's. */
static void
assert_like_strtod(const char *s)
{
	double v = 12345.0;
	int rc = parse(s, &v);
	double want = strtod(s, NULL);
	if (rc != ER_NUM_OK || !same_bits(v, want))
		fail_msg("'%s': rc %d, got %.17g, strtod %.17g", s, rc, v, want);
}

static void
test_simple_values(void **state)
{
	double v;
	assert_int_equal(parse("0", &v), ER_NUM_OK);
	assert_true(v == 0 && !signbit(v));
	assert_int_equal(parse("42", &v), ER_NUM_OK);
	assert_true(v == 42);
	assert_int_equal(parse("-42", &v), ER_NUM_OK);
	assert_true(v == -42);
	assert_int_equal(parse("+42", &v), ER_NUM_OK);
	assert_true(v == 42);
	assert_int_equal(parse("3.25", &v), ER_NUM_OK);
	assert_true(v == 3.25);
	assert_int_equal(parse(".5", &v), ER_NUM_OK);
	assert_true(v == 0.5);
	assert_int_equal(parse("5.", &v), ER_NUM_OK);
	assert_true(v == 5);
	assert_int_equal(parse("007", &v), ER_NUM_OK);
	assert_true(v == 7);
	assert_int_equal(parse("0.000125", &v), ER_NUM_OK);
	assert_true(v == 0.000125);
	assert_like_strtod("0.1");
	assert_like_strtod("0.3");
	assert_like_strtod("123456.789");
	assert_like_strtod("100.0001");
}

static void
test_negative_zero(void **state)
{
	double v;
	assert_int_equal(parse("-0", &v), ER_NUM_OK);
	assert_true(v == 0 && signbit(v));
	assert_int_equal(parse("-0.000", &v), ER_NUM_OK);
	assert_true(v == 0 && signbit(v));
	assert_int_equal(parse("+0e10", &v), ER_NUM_OK);
	assert_true(v == 0 && !signbit(v));
}

static void
test_exponents(void **state)
{
	double v;
	assert_int_equal(parse("1e3", &v), ER_NUM_OK);
	assert_true(v == 1000);
	assert_int_equal(parse("1E3", &v), ER_NUM_OK);
	assert_true(v == 1000);
	assert_int_equal(parse("2.5e-3", &v), ER_NUM_OK);
	assert_true(v == 0.0025);
	assert_int_equal(parse("-2.5E+3", &v), ER_NUM_OK);
	assert_true(v == -2500);
	assert_like_strtod("1e22");
	assert_like_strtod("1e23");
	assert_like_strtod("9007199254740993");
	assert_like_strtod("9007199254740993e-5");
	assert_like_strtod("123e-22");
	assert_like_strtod("123e-23");
	assert_like_strtod("4.9e-324");
	assert_like_strtod("2.2250738585072014e-308");
	assert_like_strtod("1.7976931348623157e308");
	assert_like_strtod("1e308");
	assert_int_equal(parse("1e308", &v), ER_NUM_OK);
	assert_true(v == 1e308);
	/* a zero mantissa with any exponent is zero */
	assert_int_equal(parse("0e99999", &v), ER_NUM_OK);
	assert_true(v == 0);
}

static void
test_range_errors(void **state)
{
	double v = 7;
	assert_int_equal(parse("1e309", &v), ER_NUM_RANGE);
	assert_int_equal(parse("-1e309", &v), ER_NUM_RANGE);
	assert_int_equal(parse("1.8e308", &v), ER_NUM_RANGE);
	assert_int_equal(parse("1e99999999999999999999", &v), ER_NUM_RANGE);
	char big[400];
	memset(big, '9', 320);
	big[320] = '\0';
	assert_int_equal(parse(big, &v), ER_NUM_RANGE);
	/* *OUT is untouched on error */
	assert_true(v == 7);
	assert_string_equal(er_num_strerror(ER_NUM_RANGE), "number out of range");
}

static void
test_rejected_syntax(void **state)
{
	static const char *const bad[] = {
		"nan",  "NaN", "inf", "-inf", "Infinity", "0x10", "0x1p3", "1 000", "1,000", "1,5",   "--1",
		"+-1",  "-",   "+",   ".",    "-.",       "e5",   "1e",    "1e+",   "1e-",   "1e5.5", "1.2.3",
		"1..2", "12a", "a12", "1d",   "1f",       "１２", "1\n",   "0b101", "1_000", "$5",    "5%",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		double v = 99;
		int rc = parse(bad[i], &v);
		if (rc != ER_NUM_SYNTAX)
			fail_msg("'%s' gave %d, expected ER_NUM_SYNTAX", bad[i], rc);
		assert_true(v == 99);
	}
	double v;
	assert_int_equal(er_num_parse("", 0, &v), ER_NUM_EMPTY);
	/* blanks around a number, as fixed-width exports pad it, are not part of it; blanks only
	 * are no number */
	assert_int_equal(er_num_parse(" 12.5\t ", 7, &v), ER_NUM_OK);
	assert_true(v == 12.5);
	assert_int_equal(er_num_parse("\t-3e2", 5, &v), ER_NUM_OK);
	assert_true(v == -300);
	assert_int_equal(er_num_parse("   ", 3, &v), ER_NUM_EMPTY);
	assert_int_equal(er_num_parse(" 1 2 ", 5, &v), ER_NUM_SYNTAX);
	/* the length bounds the text: no reading past it */
	assert_int_equal(er_num_parse("12x", 2, &v), ER_NUM_OK);
	assert_true(v == 12);
	assert_int_equal(er_num_parse("1e5", 2, &v), ER_NUM_SYNTAX);
	assert_string_equal(er_num_strerror(ER_NUM_SYNTAX), "not a number");
	assert_string_equal(er_num_strerror(ER_NUM_EMPTY), "empty number");
}

static void
test_long_mantissas(void **state)
{
	/* more digits than a uint64_t holds take the slow path and still round correctly */
	assert_like_strtod("1234567890123456789012345");
	assert_like_strtod("1234567890123456789.012345");
	assert_like_strtod("0.1234567890123456789012345");
	assert_like_strtod("-9999999999999999999999999");
	assert_like_strtod("9007199254740992.5000000001");
	assert_like_strtod("2.4703282292062328e-324");
	assert_like_strtod("0.00000000000000000000000000000000001234567890123456789012345");
	assert_like_strtod("1234567890123456789012345e-30");
	assert_like_strtod("18446744073709551615");
	assert_like_strtod("18446744073709551616");
	assert_like_strtod("00000000000000000000000000001.5");
}

/* Random decimals of every shape: signs, 1..25 digits, a point anywhere, exponents. */
static void
test_random_decimals_agree_with_strtod(void **state)
{
	uint64_t rng = 20240601;
	char s[64];
	for (int n = 0; n < 200000; n++) {
		size_t k = 0;
		uint64_t r = next_random(&rng);
		if (r % 4 == 0)
			s[k++] = '-';
		else if (r % 4 == 1)
			s[k++] = '+';
		int ndig = 1 + (int)((r >> 8) % 25);
		int point = (int)((r >> 16) % (uint64_t)(ndig + 2)) - 1; /* -1: no point */
		for (int d = 0; d < ndig; d++) {
			if (d == point)
				s[k++] = '.';
			s[k++] = (char)('0' + next_random(&rng) % 10);
		}
		if ((r >> 24) % 3 == 0) {
			s[k++] = (r >> 26) & 1 ? 'e' : 'E';
			int e = (int)((r >> 32) % 700) - 350;
			k += (size_t)snprintf(s + k, sizeof s - k, "%d", e);
		}
		s[k] = '\0';
		double want = strtod(s, NULL);
		double v;
		int rc = parse(s, &v);
		if (isinf(want)) {
			if (rc != ER_NUM_RANGE)
				fail_msg("'%s': rc %d, expected a range error", s, rc);
			continue;
		}
		if (rc != ER_NUM_OK || !same_bits(v, want))
			fail_msg("'%s': rc %d, got %.17g, strtod %.17g", s, rc, v, want);
	}
}

/* Numbers as utilities write them: up to 15 significant digits, 0..4 decimals. */
static void
test_random_meter_values_agree_with_strtod(void **state)
{
	uint64_t rng = 7;
	char s[48];
	for (int n = 0; n < 200000; n++) {
		uint64_t r = next_random(&rng);
		unsigned long long whole = (unsigned long long)(r % 100000000000ULL);
		int decimals = (int)((r >> 40) % 5);
		unsigned frac = (unsigned)((r >> 44) % 10000);
		if (decimals == 0)
			snprintf(s, sizeof s, "%llu", whole);
		else
			snprintf(s, sizeof s, "%llu.%0*u", whole, decimals, frac % (unsigned)pow(10, decimals));
		assert_like_strtod(s);
	}
}

static void
test_parse_int(void **state)
{
	long long v;
	assert_int_equal(er_num_parse_int("0", 1, &v), ER_NUM_OK);
	assert_true(v == 0);
	assert_int_equal(er_num_parse_int("-17", 3, &v), ER_NUM_OK);
	assert_true(v == -17);
	assert_int_equal(er_num_parse_int("+17", 3, &v), ER_NUM_OK);
	assert_true(v == 17);
	assert_int_equal(er_num_parse_int("9223372036854775807", 19, &v), ER_NUM_OK);
	assert_true(v == LLONG_MAX);
	assert_int_equal(er_num_parse_int("-9223372036854775808", 20, &v), ER_NUM_OK);
	assert_true(v == LLONG_MIN);
	v = 5;
	assert_int_equal(er_num_parse_int("9223372036854775808", 19, &v), ER_NUM_RANGE);
	assert_int_equal(er_num_parse_int("-9223372036854775809", 20, &v), ER_NUM_RANGE);
	assert_int_equal(er_num_parse_int("99999999999999999999999", 23, &v), ER_NUM_RANGE);
	assert_int_equal(er_num_parse_int("", 0, &v), ER_NUM_EMPTY);
	assert_int_equal(er_num_parse_int("-", 1, &v), ER_NUM_SYNTAX);
	assert_int_equal(er_num_parse_int("1.0", 3, &v), ER_NUM_SYNTAX);
	assert_int_equal(er_num_parse_int("1e3", 3, &v), ER_NUM_SYNTAX);
	assert_int_equal(er_num_parse_int("1 2", 3, &v), ER_NUM_SYNTAX);
	assert_int_equal(er_num_parse_int("  ", 2, &v), ER_NUM_EMPTY);
	assert_int_equal(er_num_parse_int("0x1", 3, &v), ER_NUM_SYNTAX);
	assert_true(v == 5);
	/* blanks around a number, as fixed-width exports pad it, are not part of it */
	assert_int_equal(er_num_parse_int(" 12\t", 4, &v), ER_NUM_OK);
	assert_int_equal(v, 12);
}

static size_t
fmt(char *buf, double v)
{
	size_t n = er_num_format(buf, v);
	assert_int_equal(n, strlen(buf));
	assert_true(n < ER_NUM_BUFLEN);
	return n;
}

static void
test_format_fixed_values(void **state)
{
	char b[ER_NUM_BUFLEN];
	fmt(b, 0);
	assert_string_equal(b, "0");
	fmt(b, -0.0);
	assert_string_equal(b, "0");
	fmt(b, 1);
	assert_string_equal(b, "1");
	fmt(b, -250);
	assert_string_equal(b, "-250");
	fmt(b, 0.1);
	assert_string_equal(b, "0.1");
	fmt(b, 0.1 + 0.2);
	assert_string_equal(b, "0.30000000000000004");
	fmt(b, 1.0 / 3);
	assert_string_equal(b, "0.3333333333333333");
	fmt(b, 2.5e-7);
	assert_string_equal(b, "2.5e-07");
	fmt(b, 123456789012345.0);
	assert_string_equal(b, "123456789012345");
	fmt(b, 999999999999999.0);
	assert_string_equal(b, "999999999999999");
	fmt(b, 1e15);
	assert_string_equal(b, "1e+15");
	fmt(b, 1e21);
	assert_string_equal(b, "1e+21");
	fmt(b, 1e308);
	assert_string_equal(b, "1e+308");
	fmt(b, -1.7976931348623157e308);
	assert_string_equal(b, "-1.7976931348623157e+308");
	fmt(b, 12.5);
	assert_string_equal(b, "12.5");
	assert_int_equal(er_num_format(b, NAN), 0);
	assert_string_equal(b, "");
	assert_int_equal(er_num_format(b, INFINITY), 0);
	assert_string_equal(b, "");
	assert_int_equal(er_num_format(b, -INFINITY), 0);
	assert_string_equal(b, "");
}

/* er_num_format_scaled: the point K digits from the right, zeros after it when U is short,
 * no sign on zero. */
static void
test_format_scaled(void **state)
{
	(void)state;
	char b[ER_NUM_BUFLEN];
	static const struct {
		uint64_t u;
		size_t k;
		int neg;
		const char *want;
	} cases[] = {{0, 0, 0, "0"},
	             {0, 2, 1, "0.00"},
	             {5, 2, 0, "0.05"},
	             {5, 2, 1, "-0.05"},
	             {12345, 2, 0, "123.45"},
	             {12345, 5, 1, "-0.12345"},
	             {7, 0, 1, "-7"},
	             {1, 9, 0, "0.000000001"},
	             {UINT64_MAX, 0, 1, "-18446744073709551615"},
	             {UINT64_MAX, 9, 0, "18446744073.709551615"}};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = er_num_format_scaled(b, cases[i].u, cases[i].k, cases[i].neg);
		assert_string_equal(b, cases[i].want);
		assert_int_equal(n, strlen(cases[i].want));
	}
}

/* The shortest "%.*g" text (15, 16 or 17 digits) that reads back to V, as snprintf and
 * strtod find it: what er_num_format's fast path must agree with. */
static void
shortest_g(char *buf, double v)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, ER_NUM_BUFLEN, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

/* Decimals of 1 to 15 digits with 0 to 15 decimals, from 1e-6 to 1e15, both signs, and
 * their neighbouring doubles: er_num_format writes what the snprintf search writes. */
static void
test_format_short_decimals_agree_with_snprintf(void **state)
{
	(void)state;
	uint64_t x = 88172645463325252u;
	char got[ER_NUM_BUFLEN], want[ER_NUM_BUFLEN];
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int ndig = 1 + (int)(x % 15), dec = (int)((x >> 8) % 16);
		uint64_t m = (x >> 16) % 1000000000000000u;
		for (int k = ndig; k < 15; k++)
			m /= 10;
		double v = (double)m / pow(10, dec);
		if ((x >> 60) & 1)
			v = -v;
		if ((x >> 61) & 1)
			v = nextafter(v, (x >> 62) & 1 ? INFINITY : -INFINITY);
		/* integers and subnormals take other paths, tested above */
		if (fabs(v) < DBL_MIN || v == floor(v))
			continue;
		fmt(got, v);
		shortest_g(want, v);
		assert_string_equal(got, want);
	}
}

/* The exact 128-bit path (non-integral 1e-3 <= |v| < 1e15, as means and deviations are):
 * quotients of every magnitude, doubles of random mantissas, and the edges (the range's
 * ends, a rounding that carries to one more digit, ties, values next to powers of ten)
 * give the text of the snprintf search. */
static void
test_format_exact_agrees_with_search(void **state)
{
	(void)state;
	char got[ER_NUM_BUFLEN], want[ER_NUM_BUFLEN];
	static const double edges[] = {0.001,
	                               0.0009999999999999998,
	                               0.0010000000000000002,
	                               999999999999999.9,
	                               999999999999999.875,
	                               99999999999999.99,
	                               9.999999999999998,
	                               9.9999999999999982,
	                               0.30000000000000004,
	                               2.0 / 3,
	                               1e14 / 3,
	                               1.0000000000000002,
	                               0.99999999999999989,
	                               3.5762786865234375e-07 * 4096,
	                               1.1920928955078125e-07 * 65536 * 3,
	                               123456789012.34567,
	                               0.1234567890123455,
	                               5e-3 + 1e-18,
	                               1e-3 * 7 / 3};
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		for (int sign = 0; sign < 2; sign++) {
			double v = sign ? -edges[i] : edges[i];
			fmt(got, v);
			shortest_g(want, v);
			assert_string_equal(got, want);
		}
	uint64_t x = 0x2545f4914f6cdd1du;
	for (int i = 0; i < 400000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v = i % 2
			? ldexp((double)(x >> 11), (int)((x >> 3) % 70) - 63)
			: (double)(x % 1000000000000u) / (double)(1 + (x >> 50) % 97) / pow(10, (int)((x >> 44) % 13));
		if ((x >> 63) & 1)
			v = -v;
		if (v == floor(v))
			continue;
		fmt(got, v);
		shortest_g(want, v);
		assert_string_equal(got, want);
	}
}

/* Doubles of every bit pattern, powers of two and their neighbours (whose rounding
 * interval is lopsided): er_num_format writes the text of the plain 15, 16, 17 search. */
static void
test_format_agrees_with_search(void **state)
{
	(void)state;
	uint64_t x = 0x9e3779b97f4a7c15u;
	char got[ER_NUM_BUFLEN], want[ER_NUM_BUFLEN];
	for (int i = 0; i < 300000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		double v;
		if (i % 3 == 0) {
			memcpy(&v, &x, sizeof v);
		} else {
			/* a power of two of any exponent, or one of its next doubles either side */
			v = ldexp(1, (int)(x % 2000) - 1000);
			int step = (int)((x >> 20) % 5) - 2;
			for (; step > 0; step--)
				v = nextafter(v, INFINITY);
			for (; step < 0; step++)
				v = nextafter(v, 0);
			if ((x >> 40) & 1)
				v = -v;
		}
		if (isnan(v) || isinf(v) || fabs(v) < DBL_MIN || v == floor(v))
			continue;
		fmt(got, v);
		shortest_g(want, v);
		assert_string_equal(got, want);
	}
}

/* Significant digits of a %g text: sign, point, exponent, leading zeros and trailing
 * zeros (which "%g" never writes after a point) left out. */
static int
significant_digits(const char *s)
{
	int n = 0, started = 0, zeros = 0;
	for (; *s && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s != '0')
			started = 1;
		if (!started)
			continue;
		n++;
		zeros = *s == '0' ? zeros + 1 : 0;
	}
	return n - zeros;
}

/* Random doubles of every magnitude: the text reads back to the same double and has
 * no more digits than the shortest "%.*g" that does. */
static void
test_format_shortest_round_trip(void **state)
{
	uint64_t rng = 99;
	char b[ER_NUM_BUFLEN], ref[64];
	for (int n = 0; n < 100000; n++) {
		uint64_t bits = next_random(&rng);
		double v;
		if (n % 2) {
			memcpy(&v, &bits, sizeof v);
			if (isnan(v) || isinf(v))
				continue;
		} else {
			/* values with few digits, the common case in meter data */
			v = (double)(int64_t)(bits % 20000001) / pow(10, (double)((bits >> 40) % 7)) - 1000;
		}
		fmt(b, v);
		double back = strtod(b, NULL);
		if (!(back == v))
			fail_msg("%.17g formatted '%s' reads back as %.17g", v, b, back);
		int shortest = 17;
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(ref, sizeof ref, "%.*g", prec, v);
			if (strtod(ref, NULL) == v) {
				shortest = significant_digits(ref);
				break;
			}
		}
		if (fabs(v) >= DBL_MIN && significant_digits(b) > shortest)
			fail_msg("%.17g formatted '%s', but '%s' is shorter", v, b, ref);
	}
}

/* Subnormals carry fewer than 15 digits of precision, so "%.15g" is not the shortest
 * text there: the smallest subnormal reads back from "5e-324". */
static void
test_format_subnormal_shortest(void **state)
{
	char b[ER_NUM_BUFLEN];
	fmt(b, 4.9406564584124654e-324);
	assert_string_equal(b, "5e-324");
	fmt(b, 1e-320);
	assert_string_equal(b, "1e-320");
	assert_true(strtod(b, NULL) == 1e-320);
}

/* Parse then format gives back a plain decimal unchanged. */
static void
test_parse_format_identity(void **state)
{
	static const char *const same[] = {"0.5", "123.25", "-7", "1", "0.001", "99999.9999", "3.14159"};
	char b[ER_NUM_BUFLEN];
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		double v;
		assert_int_equal(parse(same[i], &v), ER_NUM_OK);
		fmt(b, v);
		assert_string_equal(b, same[i]);
	}
}

/* Integers to decimal: the edges of both types, and agreement with printf on many values. */
static void
test_format_ints(void **state)
{
	char buf[ER_INT_BUFLEN], want[32];
	assert_int_equal(er_num_format_u64(buf, 0), 1);
	assert_string_equal(buf, "0");
	assert_int_equal(er_num_format_u64(buf, UINT64_MAX), 20);
	assert_string_equal(buf, "18446744073709551615");
	assert_int_equal(er_num_format_i64(buf, INT64_MIN), 20);
	assert_string_equal(buf, "-9223372036854775808");
	assert_int_equal(er_num_format_i64(buf, INT64_MAX), 19);
	assert_string_equal(buf, "9223372036854775807");
	assert_int_equal(er_num_format_i64(buf, -1), 2);
	assert_string_equal(buf, "-1");
	uint64_t x = 88172645463325252u;
	for (int i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		uint64_t u = x >> (x % 64);
		snprintf(want, sizeof want, "%llu", (unsigned long long)u);
		assert_int_equal(er_num_format_u64(buf, u), strlen(want));
		assert_string_equal(buf, want);
		int64_t v = (int64_t)(u >> 1) * (i % 2 ? -1 : 1);
		snprintf(want, sizeof want, "%lld", (long long)v);
		assert_int_equal(er_num_format_i64(buf, v), strlen(want));
		assert_string_equal(buf, want);
	}
}

/* issue 14: a ratio of an overflowed operand is missing, never 0 or infinite */
static void
test_ratio(void **state)
{
	(void)state;
	assert_true(er_num_ratio(6, 3) == 2);
	assert_true(isnan(er_num_ratio(1e308, 1e308 * 10)));
	assert_true(isnan(er_num_ratio(INFINITY, 2)));
	assert_true(isnan(er_num_ratio(1, 0)));
	assert_true(isnan(er_num_ratio(NAN, 1)));
	assert_true(isnan(er_num_ratio(1e308, 1e-10)));
	assert_true(er_num_ratio(0, 5) == 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_values),
		cmocka_unit_test(test_ratio),
		cmocka_unit_test(test_format_ints),
		cmocka_unit_test(test_negative_zero),
		cmocka_unit_test(test_exponents),
		cmocka_unit_test(test_range_errors),
		cmocka_unit_test(test_rejected_syntax),
		cmocka_unit_test(test_long_mantissas),
		cmocka_unit_test(test_random_decimals_agree_with_strtod),
		cmocka_unit_test(test_random_meter_values_agree_with_strtod),
		cmocka_unit_test(test_parse_int),
		cmocka_unit_test(test_format_fixed_values),
		cmocka_unit_test(test_format_shortest_round_trip),
		cmocka_unit_test(test_format_short_decimals_agree_with_snprintf),
		cmocka_unit_test(test_format_scaled),
		cmocka_unit_test(test_format_agrees_with_search),
		cmocka_unit_test(test_format_exact_agrees_with_search),
		cmocka_unit_test(test_format_subnormal_shortest),
		cmocka_unit_test(test_parse_format_identity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

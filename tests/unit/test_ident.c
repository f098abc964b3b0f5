/* Unit tests for data/ident.c: check characters with published vectors, and every
 * kind of rejection. Vectors: USCC from public registrations (verified against GB 32100
 * and the embedded GB 11714 check); 91350203M0001QAY9B is an issued code that fails the
 * check, which one public validator whitelists. Resident IDs: 11010519491231002X is
 * GB 11643-1999's own example, 360426199101010071 python-stdnum's doctest. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "data/ident.h"

static int
uscc(const char *s)
{
	return er_ident_uscc(s, strlen(s));
}

static int
resid(const char *s, er_day today)
{
	return er_ident_resident_id(s, strlen(s), today);
}

static int
phone(const char *s)
{
	return er_ident_phone(s, strlen(s));
}

/* A fixed "today" so the tests do not age. */
static er_day
test_today(void)
{
	return er_date_from_ymd(2024, 6, 1);
}

static void
test_uscc_valid_vectors(void **state)
{
	(void)state;
	const char *valid[] = {"91110000600037341L", "91350200MA2YJ1XR9G", "91350200776049653A", "91440101MA5CJQ4N59",
	                       "9135021359498494XQ"};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		assert_int_equal(uscc(valid[i]), ER_IDENT_OK);
		assert_int_equal(er_ident_uscc_check_char(valid[i]), valid[i][17]);
	}
}

static void
test_uscc_invalid_check(void **state)
{
	(void)state;
	/* Published as a real exception that fails the check: we report it, callers whitelist. */
	assert_int_equal(uscc("91350203M0001QAY9B"), ER_IDENT_CHECK);
	assert_int_equal(er_ident_uscc_check_char("91350203M0001QAY9B"), '9');
	/* One character changed anywhere is caught. */
	assert_int_equal(uscc("91110000600037342L"), ER_IDENT_CHECK);
	assert_int_equal(uscc("91110000600037341K"), ER_IDENT_CHECK);
	/* Two adjacent characters swapped. */
	assert_int_equal(uscc("91350200AM2YJ1XR9G"), ER_IDENT_CHECK);
}

static void
test_uscc_orgcode(void **state)
{
	(void)state;
	/* Break the embedded organization code's check (char 17) and give the whole code a
	 * correct char 18, so only the GB 11714 check can notice. */
	char code[19] = "91110000600037341L";
	code[16] = '2';
	code[17] = er_ident_uscc_check_char(code);
	assert_true(code[17] != 0);
	assert_int_equal(uscc(code), ER_IDENT_ORGCODE);
	/* An organization code whose check is 'X' (9135021359498494X): X is accepted there. */
	assert_int_equal(uscc("9135021359498494XQ"), ER_IDENT_OK);
}

static void
test_uscc_length(void **state)
{
	(void)state;
	assert_int_equal(uscc(""), ER_IDENT_LENGTH);
	assert_int_equal(uscc("91110000600037341"), ER_IDENT_LENGTH);
	assert_int_equal(uscc("91110000600037341LL"), ER_IDENT_LENGTH);
	/* The 9-character organization code alone is not a USCC. */
	assert_int_equal(uscc("60003734-1"), ER_IDENT_LENGTH);
	/* LEN counts, not the NUL: a valid code given one byte short fails. */
	assert_int_equal(er_ident_uscc("91110000600037341L", 17), ER_IDENT_LENGTH);
}

static void
test_uscc_charset(void **state)
{
	(void)state;
	assert_int_equal(uscc("91350200ma2yj1xr9g"), ER_IDENT_CHARSET);
	assert_int_equal(uscc("91350200MA2YJ1XR9g"), ER_IDENT_CHARSET);
	const char excluded[] = "IOSVZ";
	for (size_t i = 0; excluded[i]; i++) {
		char code[19] = "91350200MA2YJ1XR9G";
		code[9] = excluded[i];
		assert_int_equal(uscc(code), ER_IDENT_CHARSET);
		assert_int_equal(er_ident_uscc_check_char(code), 0);
	}
	/* Characters 3..8 are a division code: a letter there is refused even when in the set. */
	assert_int_equal(uscc("9135A200MA2YJ1XR9G"), ER_IDENT_CHARSET);
	assert_int_equal(uscc("91350200MA2YJ1XR9 "), ER_IDENT_CHARSET);
	assert_int_equal(uscc("91350200MA2YJ-XR9G"), ER_IDENT_CHARSET);
	/* A NUL byte inside is not taken for the end. */
	assert_int_equal(er_ident_uscc("91350200MA2YJ1X\0\0G", 18), ER_IDENT_CHARSET);
}

static void
test_resid_valid_vectors(void **state)
{
	(void)state;
	er_day today = test_today();
	const char *valid[] = {"11010519491231002X", "360426199101010071", "34052419800101001X"};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		assert_int_equal(resid(valid[i], today), ER_IDENT_OK);
		assert_int_equal(er_ident_resident_id_check_char(valid[i]), valid[i][17]);
	}
}

static void
test_resid_invalid(void **state)
{
	(void)state;
	er_day today = test_today();
	assert_int_equal(resid("340524198001010013", today), ER_IDENT_CHECK);
	assert_int_equal(er_ident_resident_id_check_char("340524198001010013"), 'X');
	assert_int_equal(resid("11010519491231002x", today), ER_IDENT_CHARSET);
	assert_int_equal(resid("1101051949123100XX", today), ER_IDENT_CHARSET);
	assert_int_equal(resid("11010519491231002", today), ER_IDENT_LENGTH);
	/* A legacy 15-digit number has no check digit: it is a length error here. */
	assert_int_equal(resid("110105491231002", today), ER_IDENT_LENGTH);
	assert_int_equal(er_ident_resident_id_check_char("1101051949123100A"), 0);
}

/* Builds an 18-character ID from 17 digits and their correct check character. */
static void
make_resid(char out[19], const char *first17)
{
	memcpy(out, first17, 17);
	out[17] = er_ident_resident_id_check_char(first17);
	out[18] = '\0';
}

static void
test_resid_region(void **state)
{
	(void)state;
	er_day today = test_today();
	char id[19];
	const char *bad[] = {"00010519800101001", "10010519800101001", "16010519800101001",
	                     "39010519800101001", "99010519800101001", "80010519800101001"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		make_resid(id, bad[i]);
		assert_int_equal(resid(id, today), ER_IDENT_REGION);
	}
	/* Hong Kong, Macao and Taiwan residence permits. */
	make_resid(id, "81000019800101001");
	assert_int_equal(resid(id, today), ER_IDENT_OK);
	make_resid(id, "65010519800101001");
	assert_int_equal(resid(id, today), ER_IDENT_OK);
}

static void
test_resid_birth(void **state)
{
	(void)state;
	er_day today = test_today();
	char id[19];
	/* Born today is fine, tomorrow is not. */
	make_resid(id, "11010520240601001");
	assert_int_equal(resid(id, today), ER_IDENT_OK);
	make_resid(id, "11010520240602001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	make_resid(id, "11010520300101001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	/* Impossible days. */
	make_resid(id, "11010519800230001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	make_resid(id, "11010519801301001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	make_resid(id, "11010519800100001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	make_resid(id, "11010519010229001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
	make_resid(id, "11010520000229001");
	assert_int_equal(resid(id, today), ER_IDENT_OK);
	/* Nobody alive was born in the 1700s. */
	make_resid(id, "11010517990101001");
	assert_int_equal(resid(id, today), ER_IDENT_BIRTH);
}

static void
test_phone_mobile(void **state)
{
	(void)state;
	assert_int_equal(phone("13812345678"), ER_IDENT_OK);
	assert_int_equal(phone("19912345678"), ER_IDENT_OK);
	assert_int_equal(phone("+8613812345678"), ER_IDENT_OK);
	assert_int_equal(phone("8613812345678"), ER_IDENT_OK);
	assert_int_equal(phone("1381234567"), ER_IDENT_LENGTH);
	assert_int_equal(phone("138123456789"), ER_IDENT_LENGTH);
	assert_int_equal(phone("12812345678"), ER_IDENT_CHARSET);
	assert_int_equal(phone("10812345678"), ER_IDENT_CHARSET);
	assert_int_equal(phone("+8513812345678"), ER_IDENT_CHARSET);
	assert_int_equal(phone("138 1234 5678"), ER_IDENT_CHARSET);
	assert_int_equal(phone("138-1234-5678"), ER_IDENT_CHARSET);
	assert_int_equal(phone("1381234567a"), ER_IDENT_CHARSET);
	assert_int_equal(phone("13812+45678"), ER_IDENT_CHARSET);
	assert_int_equal(phone(""), ER_IDENT_LENGTH);
}

static void
test_phone_landline(void **state)
{
	(void)state;
	assert_int_equal(phone("010-12345678"), ER_IDENT_OK);
	assert_int_equal(phone("0592-5551234"), ER_IDENT_OK);
	assert_int_equal(phone("0592-55512345"), ER_IDENT_OK);
	assert_int_equal(phone("059255512345"), ER_IDENT_OK);
	assert_int_equal(phone("01012345678"), ER_IDENT_OK);
	assert_int_equal(phone("0592-5551234-801"), ER_IDENT_OK);
	assert_int_equal(phone("059255512345-801"), ER_IDENT_OK);
	assert_int_equal(phone("0592-555123"), ER_IDENT_LENGTH);
	assert_int_equal(phone("0592-555123456"), ER_IDENT_LENGTH);
	assert_int_equal(phone("05-5551234"), ER_IDENT_LENGTH);
	assert_int_equal(phone("05922-5551234"), ER_IDENT_LENGTH);
	assert_int_equal(phone("0592-5551234-"), ER_IDENT_LENGTH);
	assert_int_equal(phone("0592-5551234-1234567"), ER_IDENT_LENGTH);
	assert_int_equal(phone("0592-5551234-1-2"), ER_IDENT_CHARSET);
	assert_int_equal(phone("0592 5551234"), ER_IDENT_CHARSET);
	assert_int_equal(phone("(0592)5551234"), ER_IDENT_CHARSET);
	assert_int_equal(phone("0592555"), ER_IDENT_LENGTH);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(er_ident_strerror(ER_IDENT_OK), "valid");
	assert_string_equal(er_ident_strerror(ER_IDENT_CHECK), "wrong check character");
	assert_string_equal(er_ident_strerror(ER_IDENT_BIRTH), "impossible birth date");
	assert_string_equal(er_ident_strerror(99), "unknown identifier error");
	for (int r = ER_IDENT_OK; r <= ER_IDENT_BIRTH; r++)
		assert_true(strlen(er_ident_strerror(r)) > 0);
}

/* Masks S into a fresh buffer of OUTSIZE bytes and checks length and text. */
typedef size_t (*norm_fn)(const char *, size_t, char *);

static void
check_norm(norm_fn f, const char *s, const char *want)
{
	char out[64];
	size_t n = f(s, strlen(s), out);
	assert_true(n <= strlen(s));
	out[n] = '\0';
	assert_string_equal(out, want);
}

/* Each kind of id has one canonical form, so ids that differ only in how they were typed
 * compare equal. */
static void
test_norm(void **state)
{
	(void)state;
	check_norm(er_ident_norm_uscc, "91350100m000100y43", "91350100M000100Y43");
	check_norm(er_ident_norm_uscc, " 91350100M000100Y43 ", "91350100M000100Y43");
	check_norm(er_ident_norm_resident_id, "11010519491231002x", "11010519491231002X");
	check_norm(er_ident_norm_resident_id, "11010519491231002X", "11010519491231002X");
	check_norm(er_ident_norm_subject, "11010519491231002x", "11010519491231002X");
	check_norm(er_ident_norm_subject, "91350100m000100y43", "91350100M000100Y43");
	check_norm(er_ident_norm_subject, "multi", "multi"); /* not an 18-character id */
	check_norm(er_ident_norm_id, "11010519491231002x", "11010519491231002X");
	check_norm(er_ident_norm_id, "91350100m000100y43", "91350100M000100Y43");
	check_norm(er_ident_norm_id, "+86 138-0013-8000", "13800138000");
	check_norm(er_ident_norm_id, "138 0013 8000", "13800138000");
	check_norm(er_ident_norm_id, "s82", "s82"); /* neither: as it is */
	check_norm(er_ident_norm_id, "12-34", "12-34");
	check_norm(er_ident_norm_phone, "138 0013 8000", "13800138000");
	check_norm(er_ident_norm_phone, "138-0013-8000", "13800138000");
	check_norm(er_ident_norm_phone, "+86 138 0013 8000", "13800138000");
	check_norm(er_ident_norm_phone, "8613800138000", "13800138000");
	check_norm(er_ident_norm_phone, "010-12345678", "01012345678");
	check_norm(er_ident_norm_phone, "010-12345678-123", "010-12345678-123");
	check_norm(er_ident_norm_phone, "010 1234 5678", "01012345678");
	check_norm(er_ident_norm_phone, "12345", "12345");
	char out[32];
	size_t n = er_ident_norm_phone("138 0013 8000", 13, out);
	assert_int_equal(er_ident_phone(out, n), ER_IDENT_OK);
	n = er_ident_norm_resident_id("11010519491231002x", 18, out);
	assert_int_equal(er_ident_resident_id(out, n, 40000), ER_IDENT_OK);
}

static void
check_mask(const char *s, size_t outsize, const char *want)
{
	char out[128];
	assert_true(outsize <= sizeof out);
	memset(out, '#', sizeof out);
	size_t n = er_ident_mask(s, strlen(s), out, outsize);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void
test_mask_ascii(void **state)
{
	(void)state;
	check_mask("13812345678", 64, "138****5678");
	check_mask("91350200MA2YJ1XR9G", 64, "913***********XR9G");
	check_mask("12345678", 64, "123*5678");
	/* Seven characters or fewer: nothing would be hidden, so all are. */
	check_mask("1234567", 64, "*******");
	check_mask("abc", 64, "***");
	check_mask("", 64, "");
}

static void
test_mask_chinese(void **state)
{
	(void)state;
	check_mask("张三", 64, "**");
	check_mask("欧阳娜娜", 64, "****");
	check_mask("福建省厦门市思明区", 64, "福建省**市思明区");
	check_mask("厦门ABC贸易有限公司", 64, "厦门A****有限公司");
}

static void
test_mask_truncation(void **state)
{
	(void)state;
	/* Room for 5 bytes: head kept, then stars. */
	check_mask("13812345678", 6, "138**");
	/* A multi-byte character that does not fit is left out whole, never split. */
	check_mask("福建省厦门市思明区", 8, "福建");
	check_mask("福建省厦门市思明区", 12, "福建省**");
	check_mask("13812345678", 1, "");
	char out[4] = "xyz";
	assert_int_equal(er_ident_mask("138", 3, out, 0), 0);
	assert_string_equal(out, "xyz");
}

static void
test_mask_invalid_utf8(void **state)
{
	(void)state;
	/* Stray bytes count as one character each and are masked, not copied half. */
	check_mask("\xff\xfe"
	           "abcdefgh",
	           64,
	           "\xff\xfe"
	           "a***efgh");
	check_mask("abcdefg\xe5\x8e", 64, "abc**fg\xe5\x8e");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uscc_valid_vectors),
		cmocka_unit_test(test_uscc_invalid_check),
		cmocka_unit_test(test_uscc_orgcode),
		cmocka_unit_test(test_uscc_length),
		cmocka_unit_test(test_uscc_charset),
		cmocka_unit_test(test_resid_valid_vectors),
		cmocka_unit_test(test_resid_invalid),
		cmocka_unit_test(test_resid_region),
		cmocka_unit_test(test_resid_birth),
		cmocka_unit_test(test_phone_mobile),
		cmocka_unit_test(test_phone_landline),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_mask_ascii),
		cmocka_unit_test(test_mask_chinese),
		cmocka_unit_test(test_mask_truncation),
		cmocka_unit_test(test_mask_invalid_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ident: check characters and formats of Chinese identifiers (see ident.h).
 * The algorithms follow the standards exactly: GB 32100-2015 for the unified social
 * credit code, GB 11714-1997 for its embedded organization code, GB 11643-1999
 * (ISO 7064 MOD 11-2) for the resident ID number. */
#include "data/ident.h"

#include <string.h>

/* The 31 characters of GB 32100-2015: the alphabet without I, O, S, V and Z, so a
 * code cannot be misread; a character's value is its index. */
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i-1) mod 31 for positions 1..17. */
static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* GB 11714-1997 weights of the 8 body characters of an organization code. */
static const int orgcode_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* 2^(18-i) mod 11 for positions 1..17. */
static const int resid_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

/* Value of C in the USCC set, or -1. Lowercase is outside the set: the standard
 * writes codes in capitals and a lowercase code was typed by hand, not issued. */
static int
uscc_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	const char *p = c ? strchr(uscc_chars + 10, c) : NULL;
	return p ? (int)(p - uscc_chars) : -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

char
er_ident_uscc_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);
		if (v < 0)
			return 0;
		sum += v * uscc_weights[i];
	}
	return uscc_chars[(31 - sum % 31) % 31];
}

/* The GB 11714 check character of an 8-character organization code body: letters
 * count A=10..Z=35 over the full alphabet, as in the standard. */
static char
orgcode_check_char(const char *body8)
{
	int sum = 0;
	for (int i = 0; i < 8; i++) {
		char c = body8[i];
		int v = is_digit(c) ? c - '0' : (c >= 'A' && c <= 'Z') ? c - 'A' + 10 : -1;
		if (v < 0)
			return 0;
		sum += v * orgcode_weights[i];
	}
	int r = 11 - sum % 11;
	return r == 10 ? 'X' : r == 11 ? '0' : (char)('0' + r);
}

int
er_ident_uscc(const char *s, size_t len)
{
	if (len != 18)
		return ER_IDENT_LENGTH;
	for (size_t i = 0; i < 18; i++) {
		/* Characters 3..8 are a GB/T 2260 division code: digits only. */
		int ok = (i >= 2 && i < 8) ? is_digit(s[i]) : uscc_value(s[i]) >= 0;
		if (!ok)
			return ER_IDENT_CHARSET;
	}
	if (er_ident_uscc_check_char(s) != s[17])
		return ER_IDENT_CHECK;
	if (orgcode_check_char(s + 8) != s[16])
		return ER_IDENT_ORGCODE;
	return ER_IDENT_OK;
}

char
er_ident_resident_id_check_char(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (!is_digit(first17[i]))
			return 0;
		sum += (first17[i] - '0') * resid_weights[i];
	}
	return "10X98765432"[sum % 11];
}

/* Province codes of GB/T 2260 in use, plus 81-83 of the Hong Kong, Macao and Taiwan
 * residence permits, which carry the same check digit. */
static int
valid_province(int p)
{
	return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
		(p >= 50 && p <= 54) || (p >= 61 && p <= 65) || (p >= 81 && p <= 83);
}

static int
digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* The oldest birth year accepted: the standard was issued in 1999 to living people. */
#define RESID_MIN_YEAR 1880

int
er_ident_resident_id(const char *s, size_t len, er_day today)
{
	if (len != 18)
		return ER_IDENT_LENGTH;
	for (size_t i = 0; i < 17; i++)
		if (!is_digit(s[i]))
			return ER_IDENT_CHARSET;
	if (!is_digit(s[17]) && s[17] != 'X')
		return ER_IDENT_CHARSET;
	if (!valid_province(digits_value(s, 2)))
		return ER_IDENT_REGION;
	int y = digits_value(s + 6, 4), m = digits_value(s + 10, 2), d = digits_value(s + 12, 2);
	if (y < RESID_MIN_YEAR || !er_date_valid(y, m, d) || er_date_from_ymd(y, m, d) > today)
		return ER_IDENT_BIRTH;
	if (er_ident_resident_id_check_char(s) != s[17])
		return ER_IDENT_CHECK;
	return ER_IDENT_OK;
}

/* 1 when S[0..LEN-1] is a mobile number without prefix: 1, then 3..9, then 9 digits. */
static int
is_mobile(const char *s, size_t len)
{
	if (len != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return 0;
	for (size_t i = 2; i < 11; i++)
		if (!is_digit(s[i]))
			return 0;
	return 1;
}

/* Length of the run of digits at S[0..LEN-1]. */
static size_t
digit_run(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && is_digit(s[n]))
		n++;
	return n;
}

/* Landline: 0 and a 2- or 3-digit area code, an optional '-', a 7- or 8-digit local
 * number and an optional '-' extension of 1..6 digits (^0\d{2,3}-?\d{7,8}(-\d{1,6})?$).
 * Without the dash the split of area and local number is ambiguous, so only the total
 * length is checked. Returns an er_ident_result. */
static int
check_landline(const char *s, size_t len)
{
	size_t head = digit_run(s, len), pos;
	if (head >= 3 && head <= 4 && head < len && s[head] == '-') {
		size_t local = digit_run(s + head + 1, len - head - 1);
		if (local < 7 || local > 8)
			return ER_IDENT_LENGTH;
		pos = head + 1 + local;
	} else if (head >= 10 && head <= 12) {
		pos = head;
	} else {
		return ER_IDENT_LENGTH;
	}
	if (pos == len)
		return ER_IDENT_OK;
	/* Only digits and '-' are left here, so S[pos] is the extension's dash. */
	size_t ext = digit_run(s + pos + 1, len - pos - 1);
	if (pos + 1 + ext != len)
		return ER_IDENT_CHARSET;
	return ext >= 1 && ext <= 6 ? ER_IDENT_OK : ER_IDENT_LENGTH;
}

int
er_ident_phone(const char *s, size_t len)
{
	if (len == 0)
		return ER_IDENT_LENGTH;
	for (size_t i = 0; i < len; i++)
		if (!is_digit(s[i]) && s[i] != '-' && !(s[i] == '+' && i == 0))
			return ER_IDENT_CHARSET;
	if (s[0] == '0')
		return check_landline(s, len);
	const char *p = s;
	size_t n = len;
	if (n > 0 && p[0] == '+') {
		if (n < 3 || p[1] != '8' || p[2] != '6')
			return ER_IDENT_CHARSET;
		p += 3;
		n -= 3;
	} else if (n == 13 && p[0] == '8' && p[1] == '6') {
		p += 2;
		n -= 2;
	}
	if (is_mobile(p, n))
		return ER_IDENT_OK;
	if (memchr(p, '-', n))
		return ER_IDENT_CHARSET;
	if (n != 11)
		return ER_IDENT_LENGTH;
	/* Eleven digits that do not start 13..19: no such mobile segment. */
	return ER_IDENT_CHARSET;
}

/* S[0..LEN-1] without leading and trailing spaces: its start, *LEN updated. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len > 0 && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		(*len)--;
	}
	while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
		(*len)--;
	return s;
}

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

size_t
er_ident_norm_uscc(const char *s, size_t len, char *out)
{
	s = trim(s, &len);
	for (size_t i = 0; i < len; i++)
		out[i] = upper(s[i]);
	return len;
}

size_t
er_ident_norm_resident_id(const char *s, size_t len, char *out)
{
	s = trim(s, &len);
	memcpy(out, s, len);
	if (len == 18 && out[17] == 'x')
		out[17] = 'X';
	return len;
}

size_t
er_ident_norm_subject(const char *s, size_t len, char *out)
{
	int alnum = len == 18;
	for (size_t i = 0; i < len && alnum; i++)
		alnum = is_digit(s[i]) || (upper(s[i]) >= 'A' && upper(s[i]) <= 'Z');
	for (size_t i = 0; i < len; i++)
		out[i] = alnum ? upper(s[i]) : s[i];
	return len;
}

size_t
er_ident_norm_phone(const char *s, size_t len, char *out)
{
	s = trim(s, &len);
	size_t dashes = 0;
	for (size_t i = 0; i < len; i++)
		dashes += s[i] == '-';
	/* a landline with an extension (0AA-NNNNNNNN-EEE) needs its dashes to stay readable */
	int keep_dashes = len > 0 && s[0] == '0' && dashes >= 2;
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && (s[i] != '-' || keep_dashes))
			out[n++] = s[i];
	size_t skip = 0;
	if (n == 14 && out[0] == '+' && out[1] == '8' && out[2] == '6')
		skip = 3;
	else if (n == 13 && out[0] == '8' && out[1] == '6')
		skip = 2;
	if (skip && out[skip] == '1') {
		memmove(out, out + skip, n - skip);
		n -= skip;
	}
	return n;
}

size_t
er_ident_norm_id(const char *s, size_t len, char *out)
{
	if (len != 18) {
		/* "138 0013 8000" is a phone once written as one */
		size_t n = er_ident_norm_phone(s, len, out);
		if (n > 0 && er_ident_phone(out, n) == ER_IDENT_OK)
			return n;
	}
	return er_ident_norm_subject(s, len, out);
}

const char *
er_ident_strerror(int result)
{
	switch (result) {
	case ER_IDENT_OK: return "valid";
	case ER_IDENT_LENGTH: return "wrong length";
	case ER_IDENT_CHARSET: return "invalid character";
	case ER_IDENT_CHECK: return "wrong check character";
	case ER_IDENT_ORGCODE: return "wrong organization code check character";
	case ER_IDENT_REGION: return "no such province";
	case ER_IDENT_BIRTH: return "impossible birth date";
	default: return "unknown identifier error";
	}
}

/* Length of the UTF-8 character starting at S[0] (LEN > 0 bytes left). A byte that
 * does not start a well-formed sequence counts as one character, so masking never
 * splits or swallows bytes of text that is not UTF-8. */
static size_t
utf8_char_len(const unsigned char *s, size_t len)
{
	size_t n = s[0] < 0x80          ? 1
		: (s[0] & 0xE0) == 0xC0 ? 2
		: (s[0] & 0xF0) == 0xE0 ? 3
		: (s[0] & 0xF8) == 0xF0 ? 4
					: 1;
	if (n > len || (n > 1 && s[0] < 0xC2))
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* Characters kept at each end by er_ident_mask. */
#define MASK_KEEP_HEAD 3
#define MASK_KEEP_TAIL 4

size_t
er_ident_mask(const char *s, size_t len, char *out, size_t outsize)
{
	if (outsize == 0)
		return 0;
	const unsigned char *u = (const unsigned char *)s;
	size_t nchars = 0;
	for (size_t i = 0; i < len; i += utf8_char_len(u + i, len - i))
		nchars++;
	int whole = nchars <= MASK_KEEP_HEAD + MASK_KEEP_TAIL;
	size_t o = 0, ci = 0;
	for (size_t i = 0; i < len; ci++) {
		size_t clen = utf8_char_len(u + i, len - i);
		int keep = !whole && (ci < MASK_KEEP_HEAD || ci >= nchars - MASK_KEEP_TAIL);
		size_t wlen = keep ? clen : 1;
		if (o + wlen > outsize - 1)
			break;
		if (keep)
			memcpy(out + o, s + i, clen);
		else
			out[o] = '*';
		o += wlen;
		i += clen;
	}
	out[o] = '\0';
	return o;
}

const char *
er_ident_excel_text(const char *s, size_t *len)
{
	size_t n = *len;
	if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"' && !memchr(s + 2, '"', n - 3)) {
		*len = n - 3;
		return s + 2;
	}
	if (n >= 1 && s[0] == '\'') {
		*len = n - 1;
		return s + 1;
	}
	return s;
}

int
er_ident_sci_notation(const char *s, size_t len)
{
	/* Excel's form only: one digit, optional decimals, E, a sign, the exponent
	 * (91330109E202390852, a credit code, is not one) */
	size_t i = 0;
	if (len < 4 || s[0] < '0' || s[0] > '9')
		return 0;
	i = 1;
	if (s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i + 2 >= len || (s[i] != 'E' && s[i] != 'e') || (s[i + 1] != '+' && s[i + 1] != '-'))
		return 0;
	size_t exp_start = i += 2;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == len && i - exp_start >= 1 && i - exp_start <= 3;
}

/* feat_info: identity and registration cross-checks. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "features/feat_catalogue.h"
#include "features/feat_info.h"
#include "features/feat_series.h"
#include "data/ident.h"

int
er_feat_status_code(const char *s)
{
	static const struct {
		const char *word;
		int code;
	} words[] = {
		{"normal", ER_FEAT_ST_NORMAL}, {"suspended", ER_FEAT_ST_SUSPENDED}, {"closed", ER_FEAT_ST_CLOSED},
		{"正常", ER_FEAT_ST_NORMAL},   {"暂停", ER_FEAT_ST_SUSPENDED},      {"销户", ER_FEAT_ST_CLOSED},
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0)
			return words[i].code;
	return -1;
}

/* Decodes one UTF-8 code point at S[*I] (invalid bytes pass as themselves). */
static uint32_t
next_cp(const unsigned char *s, size_t len, size_t *i)
{
	unsigned c = s[*i];
	int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (*i + (size_t)extra >= len) {
		(*i)++;
		return c;
	}
	uint32_t cp = extra == 3 ? c & 7 : extra == 2 ? c & 15 : extra == 1 ? c & 31 : c;
	for (int k = 1; k <= extra; k++) {
		if ((s[*i + (size_t)k] & 0xC0) != 0x80) {
			(*i)++;
			return c;
		}
		cp = cp << 6 | (s[*i + (size_t)k] & 63);
	}
	*i += (size_t)extra + 1;
	return cp;
}

static size_t
put_cp(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 63));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 63));
		out[2] = (char)(0x80 | (cp & 63));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 63));
	out[2] = (char)(0x80 | (cp >> 6 & 63));
	out[3] = (char)(0x80 | (cp & 63));
	return 4;
}

enum { NORM_PLAIN = 0, NORM_NAME = 1 };

static char *
normalize(const char *s, size_t len, int mode)
{
	char *out = malloc(len * 4 + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (i < len) {
		uint32_t cp = next_cp(u, len, &i);
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp -= 0xFEE0;
		if (cp == 0x3000 || cp == ' ' || cp == '\t')
			continue;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (mode == NORM_NAME &&
		    (cp == '(' || cp == ')' || cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011))
			continue;
		o += put_cp(out + o, cp);
	}
	out[o] = '\0';
	if (mode == NORM_NAME) {
		static const char *const forms[] = {"股份有限公司", "有限责任公司"};
		for (size_t f = 0; f < 2; f++) {
			char *p;
			while ((p = strstr(out, forms[f])) != NULL) {
				/* The replacement is shorter, so it fits in place. */
				size_t fl = strlen(forms[f]), rl = strlen("有限公司");
				memcpy(p, "有限公司", rl);
				memmove(p + rl, p + fl, strlen(p + fl) + 1);
			}
		}
	}
	return out;
}

char *
er_feat_norm_name(const char *s, size_t len)
{
	return normalize(s, len, NORM_NAME);
}

char *
er_feat_norm_address(const char *s, size_t len)
{
	return normalize(s, len, NORM_PLAIN);
}

char *
er_feat_norm_plain(const char *s, size_t len)
{
	return normalize(s, len, NORM_PLAIN);
}

char *
er_feat_norm_phone(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	out[er_ident_norm_phone(s, len, out)] = '\0';
	return out;
}

static uint32_t *
decode(const char *s, size_t *n)
{
	size_t len = strlen(s), i = 0, k = 0;
	uint32_t *cps = malloc((len + 1) * sizeof *cps);
	if (!cps)
		return NULL;
	while (i < len)
		cps[k++] = next_cp((const unsigned char *)s, len, &i);
	*n = k;
	return cps;
}

double
er_feat_similarity(const char *a, const char *b)
{
	size_t na, nb;
	uint32_t *x = decode(a, &na), *y = decode(b, &nb);
	size_t *row = malloc((nb + 1) * sizeof *row);
	double sim = NAN;
	if (x && y && row) {
		for (size_t j = 0; j <= nb; j++)
			row[j] = j;
		for (size_t i = 1; i <= na; i++) {
			size_t diag = row[0];
			row[0] = i;
			for (size_t j = 1; j <= nb; j++) {
				size_t up = row[j];
				size_t best = diag + (x[i - 1] != y[j - 1]);
				if (up + 1 < best)
					best = up + 1;
				if (row[j - 1] + 1 < best)
					best = row[j - 1] + 1;
				row[j] = best;
				diag = up;
			}
		}
		size_t longer = na > nb ? na : nb;
		sim = longer == 0 ? 1.0 : 1.0 - (double)row[nb] / (double)longer;
	}
	free(x);
	free(y);
	free(row);
	return sim;
}

int
er_feat_orgcode_matches(const char *s, const char *uscc)
{
	char code[9];
	size_t k = 0;
	for (size_t i = 0; s[i]; i++) {
		if (s[i] == '-' && k == 8)
			continue;
		if (k == 9)
			return 0;
		code[k++] = s[i];
	}
	return k == 9 && strlen(uscc) == 18 && strncasecmp(code, uscc + 8, 9) == 0;
}

int
er_feat_info_compute(const struct er_feat_account *const *acc, size_t n, const struct er_feat_loan *loan,
                     const char *uscc, er_day asof, double *out)
{
	for (int i = ER_FEAT_INFO_ACCOUNT_AGE_MONTHS; i <= ER_FEAT_INFO_ADDRESS_MATCH; i++)
		out[i] = NAN;
	er_day oldest = ER_NO_DAY;
	int status = -1, counted = 0, phones = 0, valid_phones = 0;
	unsigned phone_shared = 0, address_shared = 0, rep_shared = 0;
	for (size_t i = 0; i < n; i++) {
		const struct er_feat_account *a = acc[i];
		if (a->open_date != ER_NO_DAY && a->open_date > asof)
			continue;
		counted++;
		if (a->open_date != ER_NO_DAY && (oldest == ER_NO_DAY || a->open_date < oldest))
			oldest = a->open_date;
		if (a->status >= 0 && (status < 0 || a->status < status))
			status = a->status;
		if (a->phone_valid >= 0) {
			phones++;
			valid_phones += a->phone_valid;
		}
		if (a->phone_shared > phone_shared)
			phone_shared = a->phone_shared;
		if (a->address_shared > address_shared)
			address_shared = a->address_shared;
		if (a->rep_shared > rep_shared)
			rep_shared = a->rep_shared;
	}
	out[ER_FEAT_INFO_ACCOUNTS_COUNT] = counted;
	if (oldest != ER_NO_DAY)
		out[ER_FEAT_INFO_ACCOUNT_AGE_MONTHS] = er_feat_whole_months(oldest, asof);
	if (status >= 0)
		out[ER_FEAT_INFO_ACCOUNT_STATUS] = status;
	if (phones > 0)
		out[ER_FEAT_INFO_PHONE_VALID] = valid_phones == phones;
	if (phone_shared > 0)
		out[ER_FEAT_INFO_PHONE_SHARED] = phone_shared;
	if (address_shared > 0)
		out[ER_FEAT_INFO_ADDRESS_SHARED] = address_shared;
	/* the count includes the entity's own enterprise: the others are one fewer */
	if (rep_shared > 0)
		out[ER_FEAT_INFO_LEGAL_REP_SHARED] = rep_shared - 1;
	if (uscc && *uscc)
		out[ER_FEAT_INFO_USCC_VALID] = er_ident_uscc(uscc, strlen(uscc)) == ER_IDENT_OK;
	if (!loan)
		return 0;
	double match = 0, sim = NAN;
	int rep = -1, phone = -1, address = -1;
	for (size_t i = 0; i < n; i++) {
		const struct er_feat_account *a = acc[i];
		if (a->loan_match > match)
			match = a->loan_match;
		if (*a->name && *loan->name) {
			double s = er_feat_similarity(a->name, loan->name);
			if (isnan(s)) /* two texts always have a similarity: NaN is out of memory */
				return ER_ENOMEM;
			if (isnan(sim) || s > sim)
				sim = s;
		}
		if (*a->legal_rep && *loan->legal_rep)
			rep = rep == 1 || strcmp(a->legal_rep, loan->legal_rep) == 0;
		if (*a->phone && *loan->phone)
			phone = phone == 1 || strcmp(a->phone, loan->phone) == 0;
		if (*a->address && loan->address && *loan->address)
			address = address == 1 || strcmp(a->address, loan->address) == 0;
	}
	out[ER_FEAT_INFO_USCC_MATCH] = match;
	out[ER_FEAT_INFO_NAME_SIMILARITY] = sim;
	if (rep >= 0)
		out[ER_FEAT_INFO_LEGAL_REP_MATCH] = rep;
	if (phone >= 0)
		out[ER_FEAT_INFO_PHONE_MATCH] = phone;
	if (address >= 0)
		out[ER_FEAT_INFO_ADDRESS_MATCH] = address;
	return 0;
}

void
er_feat_account_free(struct er_feat_account *a)
{
	free(a->uscc);
	free(a->name);
	free(a->legal_rep);
	free(a->phone);
	free(a->address);
	free(a->legal_rep_id);
}

void
er_feat_loan_free(struct er_feat_loan *l)
{
	free(l->uscc);
	free(l->name);
	free(l->legal_rep);
	free(l->phone);
	free(l->address);
}

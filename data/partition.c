/* partition: the keys of scale-out partitions. */
#include "data/partition.h"

#include <stdlib.h>
#include <string.h>

#include "data/ident.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/strmap.h"
#include "lib/table.h"
#include "lib/vec.h"

struct er_partition_map {
	er_strmap *accounts; /* account id: index in codes */
	char **codes;        /* compared form, "" for none */
	size_t cap;
};

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

size_t
er_partition_enterprise_key(const char *uscc, size_t len, char buf[16], const char **key)
{
	const char *code = NULL;
	if (len == 18)
		code = uscc + 8;
	else if (len == 9 || (len == 10 && uscc[8] == '-'))
		code = uscc;
	if (!code) {
		*key = uscc;
		return len;
	}
	/* the organization code: 8 characters and its check character, a '-' between dropped */
	for (size_t i = 0, k = 0; k < 9; i++)
		if (!(len == 10 && i == 8))
			buf[k++] = upper(code[i]);
	*key = buf;
	return 9;
}

uint64_t
er_partition_of(const char *account, size_t alen, const char *uscc, size_t ulen, int by_enterprise, uint64_t n)
{
	if (!by_enterprise || ulen == 0)
		return er_hash_partition(account, alen, n);
	char buf[16];
	const char *key;
	size_t klen = er_partition_enterprise_key(uscc, ulen, buf, &key);
	return er_hash_partition(key, klen, n);
}

void
er_partition_map_free(er_partition_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; m->accounts && i < er_strmap_size(m->accounts); i++)
		free(m->codes[i]);
	free(m->codes);
	er_strmap_free(m->accounts);
	free(m);
}

/* Adds ACCOUNT with the code CODE[0..LEN-1] unless it is known. Returns 0 or -1 (out of
 * memory). */
static int
add_account(er_partition_map *m, const char *account, size_t alen, const char *code, size_t len)
{
	int added = 0;
	long i = er_strmap_intern(m->accounts, account, alen, &added);
	if (i < 0)
		return -1;
	if (!added)
		return 0;
	if (ER_GROW(m->codes, m->cap, (size_t)i + 1) < 0)
		return -1;
	char buf[64];
	size_t n = len < sizeof buf ? er_ident_norm_uscc(code, len, buf) : 0;
	m->codes[i] = strndup(len < sizeof buf ? buf : code, len < sizeof buf ? n : len);
	return m->codes[i] ? 0 : -1;
}

int
er_partition_map_load(er_partition_map **out, const char *path, const struct er_diag *d, char *err)
{
	*out = NULL;
	er_partition_map *m = calloc(1, sizeof *m);
	if (!m || !(m->accounts = er_strmap_new())) {
		free(m);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	static const char *const cols[] = {"account_id", "?uscc"};
	long idx[2];
	er_reader *r;
	int status = er_table_open(&r, path, NULL, cols, 2, idx, err);
	if (status != 0) {
		er_partition_map_free(m);
		return status;
	}
	unsigned long errors = 0;
	const char *account;
	size_t alen;
	int got;
	while ((got = er_table_next_keyed(d, r, idx[0], "account_id", &errors, &account, &alen, err)) == 1) {
		size_t ulen;
		const char *code = er_table_field(r, idx[1], &ulen);
		if (add_account(m, account, alen, code, ulen) < 0) {
			got = 0;
			status = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
	}
	status = er_table_done(r, got, status);
	if (status != 0) {
		er_partition_map_free(m);
		return status;
	}
	*out = m;
	return 0;
}

const char *
er_partition_map_code(const er_partition_map *m, const char *account, size_t len, size_t *ulen)
{
	long i = er_strmap_find(m->accounts, account, len);
	if (i < 0) {
		*ulen = 0;
		return "";
	}
	*ulen = strlen(m->codes[i]);
	return m->codes[i];
}

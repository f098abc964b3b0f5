/* profile_realname: id + phone pairs with their names. */
#include "credit/profile_realname.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "data/ident.h"
#include "lib/strmap.h"
#include "lib/table.h"
#include "lib/vec.h"

struct er_profile_realname {
	er_strmap *pairs; /* "id\037phone" */
	er_strmap *ids;   /* ids alone, to tell "unknown id" from "other phone" */
	char **names;     /* by pair, NULL when the registry has no name */
	size_t cap;
};

/* "id\037phone" in BUF, both in their compared forms (er_ident_norm_subject and
 * er_ident_norm_phone); *IDKEY the length of the id part. 0 when too long. */
static size_t
pair_key(char *buf, const char *id, size_t idlen, const char *phone, size_t phonelen, size_t *idkey)
{
	if (idlen + phonelen + 2 > ER_ERRLEN)
		return 0;
	*idkey = er_ident_norm_subject(id, idlen, buf);
	buf[*idkey] = '\037';
	return *idkey + 1 + er_ident_norm_phone(phone, phonelen, buf + *idkey + 1);
}

int
er_profile_realname_load(const struct er_diag *d, er_profile_realname **out, const char *path,
                         const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"id_number", "phone", "?name"};
	long idx[3];
	int open_st = 0;
	*out = NULL;
	er_reader *r;
	open_st = er_table_open(&r, path, o, cols, 3, idx, err);
	if (!r)
		return open_st;
	er_profile_realname *rn = calloc(1, sizeof *rn);
	if (rn) {
		rn->pairs = er_strmap_new();
		rn->ids = er_strmap_new();
	}
	int st = 0;
	if (!rn || !rn->pairs || !rn->ids)
		st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
	char key[ER_ERRLEN];
	int got = 0;
	while (st == 0 && (got = er_table_next(d, r, "malformed row: ", errors, err)) == 1) {
		size_t il, pl, nl;
		const char *id = er_table_field(r, idx[0], &il);
		const char *phone = er_table_field(r, idx[1], &pl);
		const char *name = er_table_field(r, idx[2], &nl);
		size_t idkey = 0;
		size_t kl = pair_key(key, id, il, phone, pl, &idkey);
		if (il == 0 || pl == 0 || kl == 0) {
			er_table_warn(d, r, il == 0 ? "id_number" : "phone", "empty or too long identity");
			(*errors)++;
			continue;
		}
		long k = er_strmap_intern(rn->pairs, key, kl, NULL);
		if (k < 0 || er_strmap_intern(rn->ids, key, idkey, NULL) < 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		if ((size_t)k >= rn->cap &&
		    er_grow_zeroed(&rn->names, &rn->cap, (size_t)k + 1, sizeof *rn->names) < 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		if (nl > 0 && !rn->names[k]) {
			rn->names[k] = strdup(name);
			if (!rn->names[k]) {
				st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
				break;
			}
		}
	}
	st = er_table_done(r, got, st);
	if (st != 0) {
		er_profile_realname_free(rn);
		return st;
	}
	*out = rn;
	return 0;
}

int
er_profile_realname_check(const er_profile_realname *rn, const char *id, size_t idlen, const char *phone,
                          size_t phonelen, const char *name, char *why)
{
	char key[ER_ERRLEN];
	size_t idkey = 0;
	size_t kl = pair_key(key, id, idlen, phone, phonelen, &idkey);
	long k = kl ? er_strmap_find(rn->pairs, key, kl) : -1;
	if (k < 0) {
		if (!kl || er_strmap_find(rn->ids, key, idkey) < 0)
			return er_fail(why, 0, "id_number not in the real-name registry");
		return er_fail(why, 0, "phone not registered to this id_number");
	}
	const char *registered = (size_t)k < rn->cap ? rn->names[k] : NULL;
	if (registered && name && name[0] && strcmp(registered, name) != 0)
		return er_fail(why, 0, "name differs from the real-name registry");
	return 1;
}

void
er_profile_realname_free(er_profile_realname *rn)
{
	if (!rn)
		return;
	size_t n = rn->pairs ? er_strmap_size(rn->pairs) : 0;
	for (size_t i = 0; i < n && i < rn->cap; i++)
		free(rn->names[i]);
	free(rn->names);
	er_strmap_free(rn->pairs);
	er_strmap_free(rn->ids);
	free(rn);
}

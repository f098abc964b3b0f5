/* codes: a field index byte and the raw text are the key of one string map; the
 * canonical values sit in a parallel array. */
#include "data/codes.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/reader.h"
#include "lib/strmap.h"
#include "lib/vec.h"

struct er_codes {
	er_strmap *keys;
	char **canon;
	size_t ncanon, capcanon;
	char *keybuf;
	size_t keycap;
};

/* 1 when some table has a field NAME. */
static int
known_field(const char *name)
{
	for (int k = 0; k < ER_KIND_COUNT; k++)
		if (er_schema_field_index(er_schema_get((enum er_kind)k), name) >= 0)
			return 1;
	return 0;
}

/* 1 when a field NAME of another table than S takes CODE: status is an account's in
 * accounts and a case's in inspections, and one codes file serves both. */
static int
code_of_other_table(const struct er_schema *s, const char *name, const char *code)
{
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		const struct er_schema *o = er_schema_get((enum er_kind)k);
		long f = er_schema_field_index(o, name);
		if (o != s && f >= 0 && o->fields[f].type == ER_T_ENUM && er_schema_enum_code(&o->fields[f], code))
			return 1;
	}
	return 0;
}

/* The key of RAW in field F in c->keybuf; its length, or 0 when out of memory. */
static size_t
make_key(er_codes *c, size_t f, const char *raw, size_t len)
{
	if (ER_GROW(c->keybuf, c->keycap, len + 1) < 0)
		return 0;
	c->keybuf[0] = (char)(f + 1);
	memcpy(c->keybuf + 1, raw, len);
	return len + 1;
}

/* Adds one row of the file. Returns ER_OK, ER_EUSAGE (ERR set) or ER_ENOMEM. */
static int
add_row(er_codes *c, const struct er_schema *s, er_reader *r, const long col[3], char *err)
{
	const char *field = er_reader_field(r, (size_t)col[0]);
	const char *raw = er_reader_field(r, (size_t)col[1]);
	const char *canon = er_reader_field(r, (size_t)col[2]);
	char where[ER_WHERELEN];
	long f = er_schema_field_index(s, field);
	if (f < 0) {
		if (known_field(field))
			return ER_OK;
		return er_fail(err, ER_EUSAGE, "unknown field '%s' in a codes file%s", field,
		               er_reader_where(r, "field", where, sizeof where));
	}
	const struct er_field *fd = &s->fields[f];
	if (fd->type != ER_T_ENUM && fd->type != ER_T_TEXT)
		return er_fail(err, ER_EUSAGE, "field '%s' has no codes to map%s", field,
		               er_reader_where(r, "field", where, sizeof where));
	if (!*raw || !*canon)
		return er_fail(err, ER_EUSAGE, "empty raw or canonical value in a codes file%s",
		               er_reader_where(r, *raw ? "canonical" : "raw", where, sizeof where));
	const char *code = canon;
	if (fd->type == ER_T_ENUM && !(code = er_schema_enum_code(fd, canon)) && code_of_other_table(s, field, canon))
		return ER_OK;
	if (!code)
		return er_fail(err, ER_EUSAGE, "bad canonical %s '%s' in a codes file%s", field, canon,
		               er_reader_where(r, "canonical", where, sizeof where));
	size_t n = make_key(c, (size_t)f, raw, strlen(raw));
	int added;
	long i = n ? er_strmap_intern(c->keys, c->keybuf, n, &added) : -1;
	if (i < 0)
		return ER_ENOMEM;
	if (!added)
		return er_fail(err, ER_EUSAGE, "%s '%s' listed twice in a codes file%s", field, raw,
		               er_reader_where(r, "raw", where, sizeof where));
	if (ER_GROW(c->canon, c->capcanon, (size_t)i + 1) < 0 || !(c->canon[i] = strdup(code)))
		return ER_ENOMEM;
	c->ncanon = (size_t)i + 1;
	return ER_OK;
}

int
er_codes_load(er_codes **out, const char *path, const struct er_schema *s, char *err)
{
	*out = NULL;
	er_codes *c = calloc(1, sizeof *c);
	if (!c || !(c->keys = er_strmap_new())) {
		free(c);
		return ER_ENOMEM;
	}
	struct er_reader_opts ro;
	memset(&ro, 0, sizeof ro);
	int st = ER_OK;
	er_reader *r;
	st = er_reader_open1(&r, path, &ro, err);
	if (!r) {
		er_codes_free(c);
		return st;
	}
	static const char *const names[3] = {"field", "raw", "canonical"};
	long col[3];
	for (int k = 0; k < 3 && st == ER_OK; k++)
		if ((col[k] = er_reader_require(r, names[k], err)) < 0)
			st = ER_EUSAGE;
	for (int rc; st == ER_OK && (rc = er_reader_next(r)) != 0;) {
		if (rc == ER_READ_FAIL || rc == ER_ROW_BAD) {
			char where[ER_WHERELEN];
			st = er_fail(err, rc == ER_READ_FAIL ? er_reader_fail_status(r) : ER_EUSAGE, "%s%s",
			             er_reader_error(r), er_reader_where(r, NULL, where, sizeof where));
			break;
		}
		st = add_row(c, s, r, col, err);
	}
	er_reader_close(r);
	if (st != ER_OK) {
		er_codes_free(c);
		return st;
	}
	*out = c;
	return ER_OK;
}

const char *
er_codes_map(const er_codes *c, size_t f, const char *raw, size_t len)
{
	char key[256];
	if (!c || len + 1 > sizeof key)
		return NULL;
	key[0] = (char)(f + 1);
	memcpy(key + 1, raw, len);
	long i = er_strmap_find(c->keys, key, len + 1);
	return i >= 0 ? c->canon[i] : NULL;
}

void
er_codes_free(er_codes *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->ncanon; i++)
		free(c->canon[i]);
	free(c->canon);
	free(c->keybuf);
	er_strmap_free(c->keys);
	free(c);
}

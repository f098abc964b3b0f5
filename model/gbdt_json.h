/* gbdt_json: a small JSON reader for XGBoost's model export (strict RFC 8259 syntax).
 * Strings are kept as raw slices of the input (escapes are not decoded: the keys read here
 * have none). Numbers are doubles. */
#ifndef ER_GBDT_JSON_H
#define ER_GBDT_JSON_H

#include <stddef.h>

enum er_gbdt_json_type {
	ER_JSON_NULL, ER_JSON_BOOL, ER_JSON_NUMBER, ER_JSON_STRING, ER_JSON_ARRAY, ER_JSON_OBJECT
};

struct er_gbdt_json {
	enum er_gbdt_json_type type;
	double number;                  /* NUMBER; BOOL: 0 or 1 */
	const char *str;                /* STRING: raw slice, not NUL-terminated */
	size_t len;                     /* STRING: slice length; ARRAY/OBJECT: members */
	struct er_gbdt_json *items;     /* ARRAY/OBJECT members; owned */
	const char **keys;              /* OBJECT: raw key slices; owned array */
	size_t *keylens;                /* OBJECT: key lengths; owned array */
};

/* Parses TEXT[0..LEN-1] (which must outlive the result) into *OUT. Returns 0, or ER_EDATA
 * (syntax error, with the byte offset in ERR) or ER_ENOMEM. Free with er_gbdt_json_free. */
int er_gbdt_json_parse(const char *text, size_t len, struct er_gbdt_json *out, char *err);

/* The member KEY of object V, or NULL when V is not an object or has no such key. */
const struct er_gbdt_json *er_gbdt_json_get(const struct er_gbdt_json *v, const char *key);

/* Frees what V owns (not V itself). V may be NULL. */
void er_gbdt_json_free(struct er_gbdt_json *v);

#endif

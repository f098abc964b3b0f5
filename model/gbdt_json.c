/* gbdt_json: recursive-descent JSON parser into a small tree. */
#include "model/gbdt_json.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"

struct parser {
	const char *s, *end;
	const char *start;
	char *err;
	int depth;
};

static void skip_ws(struct parser *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int syntax(struct parser *p, const char *what)
{
	return er_fail(p->err, ER_EDATA, "bad json: %s at byte %zu", what, (size_t)(p->s - p->start));
}

static int parse_string(struct parser *p, const char **str, size_t *len)
{
	p->s++; /* the opening quote */
	const char *b = p->s;
	while (p->s < p->end && *p->s != '"') {
		if ((unsigned char)*p->s < 0x20)
			return syntax(p, "control character in a string");
		if (*p->s == '\\') {
			p->s++;
			if (p->s >= p->end)
				break;
		}
		p->s++;
	}
	if (p->s >= p->end)
		return syntax(p, "unterminated string");
	*str = b;
	*len = (size_t)(p->s - b);
	p->s++;
	return 0;
}

static int parse_value(struct parser *p, struct er_gbdt_json *v);

/* Grows the member arrays of V to hold at least N+1 members. */
static int reserve(struct er_gbdt_json *v, size_t *cap, int object)
{
	if (v->len < *cap)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 8;
	struct er_gbdt_json *items = realloc(v->items, ncap * sizeof *items);
	if (!items)
		return -1;
	v->items = items;
	if (object) {
		const char **keys = realloc(v->keys, ncap * sizeof *keys);
		if (!keys)
			return -1;
		v->keys = keys;
		size_t *keylens = realloc(v->keylens, ncap * sizeof *keylens);
		if (!keylens)
			return -1;
		v->keylens = keylens;
	}
	*cap = ncap;
	return 0;
}

static int parse_container(struct parser *p, struct er_gbdt_json *v, int object)
{
	char close = object ? '}' : ']';
	size_t cap = 0;
	v->type = object ? ER_JSON_OBJECT : ER_JSON_ARRAY;
	if (++p->depth > 200)
		return syntax(p, "nesting too deep");
	p->s++;
	skip_ws(p);
	if (p->s < p->end && *p->s == close) {
		p->s++;
		p->depth--;
		return 0;
	}
	for (;;) {
		if (reserve(v, &cap, object) < 0)
			return er_fail(p->err, ER_ENOMEM, "out of memory reading json");
		skip_ws(p);
		if (object) {
			if (p->s >= p->end || *p->s != '"')
				return syntax(p, "expected a key");
			int rc = parse_string(p, &v->keys[v->len], &v->keylens[v->len]);
			if (rc)
				return rc;
			skip_ws(p);
			if (p->s >= p->end || *p->s != ':')
				return syntax(p, "expected ':'");
			p->s++;
		}
		struct er_gbdt_json *item = &v->items[v->len];
		memset(item, 0, sizeof *item);
		v->len++;
		int rc = parse_value(p, item);
		if (rc)
			return rc;
		skip_ws(p);
		if (p->s < p->end && *p->s == ',') {
			p->s++;
			continue;
		}
		if (p->s < p->end && *p->s == close) {
			p->s++;
			p->depth--;
			return 0;
		}
		return syntax(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int literal(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(p->end - p->s) < n || memcmp(p->s, word, n) != 0)
		return -1;
	p->s += n;
	return 0;
}

static int parse_value(struct parser *p, struct er_gbdt_json *v)
{
	skip_ws(p);
	if (p->s >= p->end)
		return syntax(p, "unexpected end");
	switch (*p->s) {
	case '{':
		return parse_container(p, v, 1);
	case '[':
		return parse_container(p, v, 0);
	case '"':
		v->type = ER_JSON_STRING;
		return parse_string(p, &v->str, &v->len);
	case 't':
		v->type = ER_JSON_BOOL;
		v->number = 1;
		return literal(p, "true") ? syntax(p, "bad literal") : 0;
	case 'f':
		v->type = ER_JSON_BOOL;
		return literal(p, "false") ? syntax(p, "bad literal") : 0;
	case 'n':
		v->type = ER_JSON_NULL;
		return literal(p, "null") ? syntax(p, "bad literal") : 0;
	default: {
		const char *b = p->s;
		int plain = 1; /* digits only, after an optional minus */
		if (p->s < p->end && *p->s == '-')
			p->s++;
		for (; p->s < p->end; p->s++) {
			char c = *p->s;
			if (c >= '0' && c <= '9')
				continue;
			if (c != '+' && c != '-' && c != '.' && c != 'e' && c != 'E')
				break;
			plain = 0;
		}
		v->type = ER_JSON_NUMBER;
		size_t nd = (size_t)(p->s - b) - (*b == '-');
		/* Most of a model's numbers are node indexes: small integers need no float parse
		 * (a leading zero is left to the strict parser, which refuses it). */
		if (plain && nd > 0 && nd <= 15 && (nd == 1 || b[*b == '-'] != '0')) {
			double x = 0;
			for (const char *q = b + (*b == '-'); q < p->s; q++)
				x = x * 10 + (*q - '0');
			v->number = *b == '-' ? -x : x;
			return 0;
		}
		if (p->s == b || er_num_parse(b, (size_t)(p->s - b), &v->number) != ER_NUM_OK) {
			p->s = b;
			return syntax(p, "bad number");
		}
		return 0;
	}
	}
}

int er_gbdt_json_parse(const char *text, size_t len, struct er_gbdt_json *out, char *err)
{
	struct parser p = {text, text + len, text, err, 0};
	memset(out, 0, sizeof *out);
	int rc = parse_value(&p, out);
	if (rc == 0) {
		skip_ws(&p);
		if (p.s != p.end)
			rc = syntax(&p, "trailing text");
	}
	if (rc)
		er_gbdt_json_free(out);
	return rc;
}

const struct er_gbdt_json *er_gbdt_json_get(const struct er_gbdt_json *v, const char *key)
{
	if (!v || v->type != ER_JSON_OBJECT)
		return NULL;
	size_t n = strlen(key);
	for (size_t i = 0; i < v->len; i++)
		if (v->keylens[i] == n && memcmp(v->keys[i], key, n) == 0)
			return &v->items[i];
	return NULL;
}

void er_gbdt_json_free(struct er_gbdt_json *v)
{
	if (!v)
		return;
	if (v->type == ER_JSON_ARRAY || v->type == ER_JSON_OBJECT) {
		for (size_t i = 0; i < v->len; i++)
			er_gbdt_json_free(&v->items[i]);
		free(v->items);
		free(v->keys);
		free(v->keylens);
	}
	memset(v, 0, sizeof *v);
}

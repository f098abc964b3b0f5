/* jsonl: JSON lines written and read back. The reader is a strict recursive descent over one
 * line, so an audit file that was cut or edited by hand is refused at the line, not misread. */
#include "lib/jsonl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"

/* A comma unless the member is the first of its object or array. */
static int
sep(struct er_buf *b)
{
	char last = b->len ? b->p[b->len - 1] : '{';
	return last == '{' || last == '[' ? 0 : er_buf_add(b, ",", 1);
}

static int
quoted(struct er_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t from = 0;
	if (er_buf_add(b, "\"", 1) < 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		char esc[7] = {'\\', (char)c, 0};
		size_t n = 2;
		if (c == '\n')
			esc[1] = 'n';
		else if (c == '\t')
			esc[1] = 't';
		else if (c == '\r')
			esc[1] = 'r';
		else if (c < 0x20) {
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		if (er_buf_add(b, s + from, i - from) < 0 || er_buf_add(b, esc, n) < 0)
			return -1;
		from = i + 1;
	}
	return er_buf_add(b, s + from, len - from) < 0 || er_buf_add(b, "\"", 1) < 0 ? -1 : 0;
}

/* The separator and "KEY": of a member (nothing but the separator for an array element). */
static int
member(struct er_buf *b, const char *key)
{
	if (sep(b) < 0)
		return -1;
	return key && (quoted(b, key, strlen(key)) < 0 || er_buf_add(b, ":", 1) < 0) ? -1 : 0;
}

int
er_jsonl_begin(struct er_buf *b)
{
	return er_buf_add(b, "{", 1);
}

int
er_jsonl_end(struct er_buf *b)
{
	return er_buf_add(b, "}\n", 2);
}

int
er_jsonl_open(struct er_buf *b, const char *key, char kind)
{
	return member(b, key) < 0 ? -1 : er_buf_add(b, &kind, 1);
}

int
er_jsonl_close(struct er_buf *b, char kind)
{
	return er_buf_add(b, &kind, 1);
}

int
er_jsonl_str(struct er_buf *b, const char *key, const char *s, size_t len)
{
	return member(b, key) < 0 ? -1 : quoted(b, s, len);
}

int
er_jsonl_num(struct er_buf *b, const char *key, double v)
{
	char t[ER_NUM_BUFLEN];
	if (member(b, key) < 0)
		return -1;
	if (!isfinite(v))
		return er_buf_add(b, "null", 4);
	return er_buf_add(b, t, er_num_format(t, v));
}

int
er_jsonl_int(struct er_buf *b, const char *key, long long v)
{
	return member(b, key) < 0 ? -1 : er_buf_addf(b, "%lld", v);
}

/* The reader. */
struct in {
	char *p, *start, *end;
	char *err;
};

static int
fail(struct in *in, const char *what)
{
	snprintf(in->err, ER_ERRLEN, "%s at byte %zu", what, (size_t)(in->p - in->start) + 1);
	return -1;
}

static void
space(struct in *in)
{
	while (in->p < in->end && (*in->p == ' ' || *in->p == '\t' || *in->p == '\r' || *in->p == '\n'))
		in->p++;
}

static int
hex4(const char *s, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		*v = *v << 4 | (unsigned)d;
	}
	return 0;
}

/* Writes code point U as UTF-8 at *OUT. */
static void
utf8(char **out, unsigned u)
{
	unsigned char *o = (unsigned char *)*out;
	if (u < 0x80) {
		*o++ = (unsigned char)u;
	} else if (u < 0x800) {
		*o++ = (unsigned char)(0xc0 | u >> 6);
		*o++ = (unsigned char)(0x80 | (u & 0x3f));
	} else if (u < 0x10000) {
		*o++ = (unsigned char)(0xe0 | u >> 12);
		*o++ = (unsigned char)(0x80 | (u >> 6 & 0x3f));
		*o++ = (unsigned char)(0x80 | (u & 0x3f));
	} else {
		*o++ = (unsigned char)(0xf0 | u >> 18);
		*o++ = (unsigned char)(0x80 | (u >> 12 & 0x3f));
		*o++ = (unsigned char)(0x80 | (u >> 6 & 0x3f));
		*o++ = (unsigned char)(0x80 | (u & 0x3f));
	}
	*out = (char *)o;
}

/* A string at IN->p (the opening quote), decoded in place into *S, *LEN: the decoded text is
 * never longer than the escaped one, so it fits where the escapes were. */
static int
string(struct in *in, const char **s, size_t *len)
{
	char *out = ++in->p;
	*s = out;
	for (;;) {
		if (in->p >= in->end)
			return fail(in, "unterminated string");
		unsigned char c = (unsigned char)*in->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(in, "control character in a string");
		if (c != '\\') {
			*out++ = *in->p++;
			continue;
		}
		if (in->end - in->p < 2)
			return fail(in, "unterminated string");
		char e = in->p[1];
		const char *simple = strchr("\"\\/bfnrt", e);
		if (e && simple) {
			static const char to[] = "\"\\/\b\f\n\r\t";
			*out++ = to[simple - "\"\\/bfnrt"];
			in->p += 2;
			continue;
		}
		unsigned u, lo;
		if (e != 'u' || in->end - in->p < 6 || hex4(in->p + 2, &u))
			return fail(in, "bad escape in a string");
		in->p += 6;
		if (u >= 0xdc00 && u < 0xe000)
			return fail(in, "lone low surrogate in a string");
		if (u >= 0xd800 && u < 0xdc00) {
			if (in->end - in->p < 6 || in->p[0] != '\\' || in->p[1] != 'u' || hex4(in->p + 2, &lo) ||
			    lo < 0xdc00 || lo >= 0xe000)
				return fail(in, "lone high surrogate in a string");
			in->p += 6;
			u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
		}
		utf8(&out, u);
	}
	*len = (size_t)(out - *s);
	in->p++;
	return 0;
}

static int
number(struct in *in)
{
	char *p = in->p;
	if (p < in->end && *p == '-')
		p++;
	if (p >= in->end || *p < '0' || *p > '9')
		return fail(in, "bad value");
	if (*p == '0')
		p++;
	else
		while (p < in->end && *p >= '0' && *p <= '9')
			p++;
	if (p < in->end && *p == '.') {
		if (++p >= in->end || *p < '0' || *p > '9')
			return fail(in, "bad number");
		while (p < in->end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < in->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < in->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= in->end || *p < '0' || *p > '9')
			return fail(in, "bad number");
		while (p < in->end && *p >= '0' && *p <= '9')
			p++;
	}
	in->p = p;
	return 0;
}

static int value(struct in *in, int depth, struct er_jsonl_val *v);

/* An object (OPEN '{') or array ('['); with KEYS, the members asked for go to OUT. */
static int
container(struct in *in, int depth, const char *const *keys, size_t nkeys, struct er_jsonl_val *out)
{
	char open = *in->p, close = open == '{' ? '}' : ']';
	if (depth > 64)
		return fail(in, "nested too deep");
	in->p++;
	space(in);
	if (in->p < in->end && *in->p == close) {
		in->p++;
		return 0;
	}
	for (;;) {
		const char *k = NULL;
		size_t klen = 0;
		space(in);
		if (open == '{') {
			if (in->p >= in->end || *in->p != '"')
				return fail(in, "expected a member name");
			if (string(in, &k, &klen))
				return -1;
			space(in);
			if (in->p >= in->end || *in->p != ':')
				return fail(in, "expected ':'");
			in->p++;
			space(in);
		}
		struct er_jsonl_val v;
		if (value(in, depth + 1, &v))
			return -1;
		for (size_t i = 0; k && i < nkeys; i++)
			if (strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0)
				out[i] = v;
		space(in);
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		if (in->p < in->end && *in->p == close) {
			in->p++;
			return 0;
		}
		return fail(in, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int
value(struct in *in, int depth, struct er_jsonl_val *v)
{
	char *at = in->p;
	if (in->p >= in->end)
		return fail(in, "missing value");
	v->type = ER_JSONL_OTHER;
	if (*in->p == '"') {
		v->type = ER_JSONL_STRING;
		return string(in, &v->s, &v->len);
	}
	if (*in->p == '{' || *in->p == '[') {
		if (container(in, depth, NULL, 0, NULL))
			return -1;
	} else if (*in->p == '-' || (*in->p >= '0' && *in->p <= '9')) {
		v->type = ER_JSONL_NUMBER;
		if (number(in))
			return -1;
	} else {
		static const char *const words[] = {"true", "false", "null"};
		size_t i = 0;
		for (; i < 3; i++) {
			size_t n = strlen(words[i]);
			if ((size_t)(in->end - in->p) >= n && memcmp(in->p, words[i], n) == 0) {
				in->p += n;
				break;
			}
		}
		if (i == 3)
			return fail(in, "bad value");
	}
	v->s = at;
	v->len = (size_t)(in->p - at);
	return 0;
}

int
er_jsonl_parse(char *line, size_t len, const char *const *keys, size_t nkeys, struct er_jsonl_val *out, char *err)
{
	struct in in = {line, line, line + len, err};
	for (size_t i = 0; i < nkeys; i++)
		out[i] = (struct er_jsonl_val){ER_JSONL_ABSENT, NULL, 0};
	space(&in);
	if (in.p >= in.end || *in.p != '{')
		return fail(&in, "not a JSON object");
	if (container(&in, 0, keys, nkeys, out))
		return -1;
	space(&in);
	if (in.p != in.end)
		return fail(&in, "text after the object");
	return 0;
}

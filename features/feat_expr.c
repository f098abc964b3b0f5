/* feat_expr: expressions compiled to a postfix program run on a small stack. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/feat_expr.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/utf8.h"

enum op { OP_COL, OP_CONST, OP_ADD, OP_SUB, OP_MUL, OP_DIV };

struct step {
	enum op op;
	double constant;
	char *name;  /* OP_COL */
	long column; /* bound index, -1 before binding */
};

struct er_feat_expr {
	struct step *steps;
	size_t n, cap;
	size_t depth; /* stack slots the program needs */
	double *stack;
};

struct parser {
	const char *text, *p;
	er_feat_expr *e;
	char *err;
	size_t depth, max_depth;
	size_t nest; /* open parentheses: the parser recurses once per level */
};

/* Deeper nesting is refused: each level is a recursion of the parser, and no formula a user
 * writes needs more. */
#define EXPR_MAX_NEST 100

static int expr(struct parser *ps);

static int
emit(struct parser *ps, struct step s)
{
	er_feat_expr *e = ps->e;
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 8;
		struct step *grown = realloc(e->steps, cap * sizeof *grown);
		if (!grown) {
			free(s.name);
			return er_fail(ps->err, ER_ENOMEM, "out of memory");
		}
		e->steps = grown;
		e->cap = cap;
	}
	e->steps[e->n++] = s;
	/* an operand pushes one value, an operator pops two and pushes one */
	if (s.op == OP_COL || s.op == OP_CONST) {
		if (++ps->depth > ps->max_depth)
			ps->max_depth = ps->depth;
	} else {
		ps->depth--;
	}
	return 0;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ')
		ps->p++;
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

/* primary: NAME | NUMBER | ( expr ) */
static int
primary(struct parser *ps)
{
	skip_space(ps);
	const char *start = ps->p;
	if (*ps->p == '(') {
		if (++ps->nest > EXPR_MAX_NEST)
			return er_fail(ps->err, ER_EUSAGE, "parentheses nested deeper than %d in expression '%.60s'",
			               EXPR_MAX_NEST, ps->text);
		ps->p++;
		int r = expr(ps);
		if (r)
			return r;
		ps->nest--;
		skip_space(ps);
		if (*ps->p != ')')
			return er_fail(ps->err, ER_EUSAGE, "missing ')' at offset %zu in expression '%s'",
			               (size_t)(ps->p - ps->text), ps->text);
		ps->p++;
		return 0;
	}
	while (is_name_char((unsigned char)*ps->p))
		ps->p++;
	size_t len = (size_t)(ps->p - start);
	if (len == 0)
		return er_fail(ps->err, ER_EUSAGE, "expected a column or a number at offset %zu in expression '%s'",
		               (size_t)(start - ps->text), ps->text);
	if (isdigit((unsigned char)*start)) {
		double v;
		if (er_num_parse(start, len, &v) != ER_NUM_OK)
			return er_fail(ps->err, ER_EUSAGE, "bad number '%.*s' in expression '%s'", (int)len, start,
			               ps->text);
		return emit(ps, (struct step){OP_CONST, v, NULL, -1});
	}
	char *name = strndup(start, len);
	if (!name)
		return er_fail(ps->err, ER_ENOMEM, "out of memory");
	return emit(ps, (struct step){OP_COL, 0, name, -1});
}

/* term: primary (( * | / ) primary)* */
static int
term(struct parser *ps)
{
	int r = primary(ps);
	for (;;) {
		if (r)
			return r;
		skip_space(ps);
		char c = *ps->p;
		if (c != '*' && c != '/')
			return 0;
		ps->p++;
		r = primary(ps);
		if (!r)
			r = emit(ps, (struct step){c == '*' ? OP_MUL : OP_DIV, 0, NULL, -1});
	}
}

/* expr: term (( + | - ) term)* */
static int
expr(struct parser *ps)
{
	int r = term(ps);
	for (;;) {
		if (r)
			return r;
		skip_space(ps);
		char c = *ps->p;
		if (c != '+' && c != '-')
			return 0;
		ps->p++;
		r = term(ps);
		if (!r)
			r = emit(ps, (struct step){c == '+' ? OP_ADD : OP_SUB, 0, NULL, -1});
	}
}

int
er_feat_expr_parse(const char *text, er_feat_expr **out, char *err)
{
	*out = NULL;
	er_feat_expr *e = calloc(1, sizeof *e);
	if (!e)
		return er_fail(err, ER_ENOMEM, "out of memory");
	struct parser ps = {text, text, e, err, 0, 0, 0};
	int r = expr(&ps);
	if (!r) {
		skip_space(&ps);
		if (*ps.p)
			r = er_fail(err, ER_EUSAGE, "unexpected '%c' at offset %zu in expression '%s'", *ps.p,
			            (size_t)(ps.p - text), text);
	}
	if (!r) {
		e->depth = ps.max_depth;
		e->stack = malloc((e->depth ? e->depth : 1) * sizeof *e->stack);
		if (!e->stack)
			r = er_fail(err, ER_ENOMEM, "out of memory");
	}
	if (r) {
		er_feat_expr_free(e);
		return r;
	}
	*out = e;
	return 0;
}

const char *
er_feat_expr_missing(const er_feat_expr *e, const er_reader *r)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->steps[i].op == OP_COL && er_reader_col(r, e->steps[i].name) < 0)
			return e->steps[i].name;
	return NULL;
}

int
er_feat_expr_bind(er_feat_expr *e, const er_reader *r)
{
	if (er_feat_expr_missing(e, r))
		return 0;
	for (size_t i = 0; i < e->n; i++)
		if (e->steps[i].op == OP_COL)
			e->steps[i].column = er_reader_col(r, e->steps[i].name);
	return 1;
}

int
er_feat_expr_eval(const er_feat_expr *e, const er_reader *r, double *v, char *err)
{
	size_t top = 0;
	double *s = e->stack;
	for (size_t i = 0; i < e->n; i++) {
		const struct step *st = &e->steps[i];
		switch (st->op) {
		case OP_COL: {
			const char *f = er_reader_field(r, (size_t)st->column);
			size_t len = er_reader_field_len(r, (size_t)st->column);
			double x = NAN;
			int parsed = er_reader_is_na(r, f, len) ? ER_NUM_EMPTY : er_num_parse(f, len, &x);
			if (parsed != ER_NUM_OK && parsed != ER_NUM_EMPTY) { /* blanks only: missing */
				char shown[ER_UTF8_EXCERPT + 4];
				return er_fail(err, ER_EDATA, "not a number '%s' in field %s",
				               er_utf8_excerpt(f, len, shown, sizeof shown), st->name);
			}
			s[top++] = x;
			break;
		}
		case OP_CONST: s[top++] = st->constant; break;
		default: {
			double b = s[--top], a = s[top - 1];
			s[top - 1] = st->op == OP_ADD ? a + b
				: st->op == OP_SUB    ? a - b
				: st->op == OP_MUL    ? a * b
				: b == 0              ? NAN
						      : a / b;
		}
		}
	}
	/* a result beyond a double's range (1e308*10) is no number either: as infinity it would
	 * count as a value and leave its mean, max and sum empty */
	*v = isinf(s[0]) ? NAN : s[0];
	return 0;
}

void
er_feat_expr_free(er_feat_expr *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++)
		free(e->steps[i].name);
	free(e->steps);
	free(e->stack);
	free(e);
}

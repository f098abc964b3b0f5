/* rule_cond: a recursive-descent parser into a small tree, and a three-valued evaluator. */
#include "rules/rule_cond.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/utf8.h"
#include "lib/vec.h"

enum node_kind { N_ATOM, N_AND, N_OR, N_NOT };

enum cond_op { OP_INTERVAL, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_IN, OP_NOTIN };

/* A literal on the right of a test: its text, and its number when it is one. */
struct literal {
	char *text;
	size_t len;
	int is_num;
	double num;
};

struct atom {
	size_t name;
	enum cond_op op;
	double lo, hi; /* OP_INTERVAL: -inf/+inf when unbounded */
	int lo_incl, hi_incl;
	struct literal rhs;    /* comparisons */
	struct literal *items; /* OP_IN, OP_NOTIN */
	size_t nitems;
};

struct node {
	enum node_kind kind;
	size_t a, b; /* children, or a = atom index */
};

struct er_rule_cond {
	struct node *nodes;
	size_t nnodes, nodes_cap;
	struct atom *atoms;
	size_t natoms, atoms_cap;
	char **names;
	size_t *slots;
	size_t nnames, names_cap, slots_cap;
	size_t root;
};

struct parser {
	const char *text;
	const char *p;
	const char *subject;
	er_rule_cond *c;
	char *err;
	int failed;
};

static int
fail_at(struct parser *ps, const char *what)
{
	if (!ps->failed)
		er_fail(ps->err, ER_EDATA, "%s at byte %zu of '%s'", what, (size_t)(ps->p - ps->text) + 1, ps->text);
	ps->failed = 1;
	return -1;
}

static int
oom(struct parser *ps)
{
	if (!ps->failed)
		er_fail(ps->err, ER_ENOMEM, "out of memory");
	ps->failed = 1;
	return -1;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int
is_name_byte(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		ch == '.' || ch == ':' || ch >= 0x80;
}

/* Appends a node; returns its index or (size_t)-1 when out of memory. */
static size_t
add_node(struct parser *ps, enum node_kind kind, size_t a, size_t b)
{
	er_rule_cond *c = ps->c;
	if (ER_GROW(c->nodes, c->nodes_cap, c->nnodes + 1) < 0) {
		oom(ps);
		return (size_t)-1;
	}
	c->nodes[c->nnodes] = (struct node){kind, a, b};
	return c->nnodes++;
}

/* Index of NAME[0..LEN-1] among the condition's names, added when new; (size_t)-1 on OOM. */
static size_t
intern_name(struct parser *ps, const char *name, size_t len)
{
	er_rule_cond *c = ps->c;
	for (size_t i = 0; i < c->nnames; i++)
		if (strlen(c->names[i]) == len && memcmp(c->names[i], name, len) == 0)
			return i;
	if (ER_GROW(c->names, c->names_cap, c->nnames + 1) < 0 || ER_GROW(c->slots, c->slots_cap, c->nnames + 1) < 0) {
		oom(ps);
		return (size_t)-1;
	}
	char *copy = malloc(len + 1);
	if (!copy) {
		oom(ps);
		return (size_t)-1;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	c->names[c->nnames] = copy;
	c->slots[c->nnames] = (size_t)-1;
	return c->nnames++;
}

/* Fills L from S[0..LEN-1]: the text, and the number when it is one (with an optional '%'). */
static int
make_literal(struct literal *l, const char *s, size_t len)
{
	l->text = malloc(len + 1);
	if (!l->text)
		return -1;
	memcpy(l->text, s, len);
	l->text[len] = '\0';
	l->len = len;
	l->is_num = 0;
	double v;
	if (len > 1 && s[len - 1] == '%') {
		if (er_num_parse(s, len - 1, &v) == ER_NUM_OK) {
			l->is_num = 1;
			l->num = v / 100.0;
		}
	} else if (er_num_parse(s, len, &v) == ER_NUM_OK) {
		l->is_num = 1;
		l->num = v;
	}
	return 0;
}

/* Reads a literal into OUT: "quoted" text (never a number), or the bytes up to a blank or one
 * of STOPS. Returns 0, or -1 after reporting the problem; OUT is only set on success. */
static int
read_literal(struct parser *ps, const char *stops, struct literal *out)
{
	skip_space(ps);
	if (*ps->p == '"') {
		ps->p++;
		size_t cap = 16, n = 0;
		char *tmp = malloc(cap);
		if (!tmp)
			return oom(ps);
		for (;;) {
			if (*ps->p == '\0') {
				free(tmp);
				return fail_at(ps, "unterminated quoted text");
			}
			if (*ps->p == '"') {
				if (ps->p[1] != '"')
					break;
				ps->p++;
			}
			if (ER_GROW(tmp, cap, n + 2) < 0) {
				free(tmp);
				return oom(ps);
			}
			tmp[n++] = *ps->p++;
		}
		ps->p++;
		int rc = make_literal(out, tmp, n);
		free(tmp);
		if (rc < 0)
			return oom(ps);
		out->is_num = 0; /* quoted means text, even "1" */
		return 0;
	}
	const char *start = ps->p;
	while (*ps->p && *ps->p != ' ' && *ps->p != '\t' && strchr(stops, *ps->p) == NULL)
		ps->p++;
	const char *end = ps->p;
	if (end == start)
		return fail_at(ps, "expected a value");
	if (make_literal(out, start, (size_t)(end - start)) < 0)
		return oom(ps);
	return 0;
}

static struct atom *
new_atom(struct parser *ps, size_t name)
{
	er_rule_cond *c = ps->c;
	if (ER_GROW(c->atoms, c->atoms_cap, c->natoms + 1) < 0) {
		oom(ps);
		return NULL;
	}
	struct atom *a = &c->atoms[c->natoms++];
	memset(a, 0, sizeof *a);
	a->name = name;
	return a;
}

/* An interval end: a number, or nothing (unbounded). Returns 1 bound, 0 unbounded, -1 error. */
static int
read_bound(struct parser *ps, const char *stops, double *v)
{
	skip_space(ps);
	const char *start = ps->p;
	while (*ps->p && *ps->p != ' ' && *ps->p != '\t' && strchr(stops, *ps->p) == NULL)
		ps->p++;
	size_t len = (size_t)(ps->p - start);
	skip_space(ps);
	if (len == 0)
		return 0;
	struct literal l;
	if (make_literal(&l, start, len) < 0)
		return oom(ps);
	int ok = l.is_num;
	double num = l.num;
	free(l.text);
	if (!ok) {
		ps->p = start;
		return fail_at(ps, "expected a number");
	}
	*v = num;
	return 1;
}

/* Does an interval start here? Only a '[' or '(' followed by a number or ',' can be one, so
 * "(x>1 | y<2)" stays a group. */
static int
looks_like_interval(const char *p)
{
	if (*p != '[' && *p != '(')
		return 0;
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == ',' || *p == '-' || *p == '+' || *p == '.' || (*p >= '0' && *p <= '9');
}

static int
parse_interval(struct parser *ps, struct atom *a)
{
	const char *start = ps->p;
	a->op = OP_INTERVAL;
	a->lo_incl = *ps->p == '[';
	ps->p++;
	int has_lo = read_bound(ps, ",", &a->lo);
	if (has_lo < 0)
		return -1;
	if (*ps->p != ',')
		return fail_at(ps, "expected ',' in an interval");
	ps->p++;
	int has_hi = read_bound(ps, ")]", &a->hi);
	if (has_hi < 0)
		return -1;
	if (*ps->p != ')' && *ps->p != ']')
		return fail_at(ps, "expected ')' or ']' to close an interval");
	a->hi_incl = *ps->p == ']';
	ps->p++;
	if (!has_lo) {
		a->lo = -INFINITY;
		a->lo_incl = 0;
	}
	if (!has_hi) {
		a->hi = INFINITY;
		a->hi_incl = 0;
	}
	/* these faults are the whole interval's: point at its start, not past its end */
	if (!has_lo && !has_hi) {
		ps->p = start;
		return fail_at(ps, "an interval needs at least one end");
	}
	if (a->lo > a->hi || (a->lo == a->hi && !(a->lo_incl && a->hi_incl))) {
		ps->p = start;
		return fail_at(ps, "empty interval");
	}
	return 0;
}

static int
parse_list(struct parser *ps, struct atom *a)
{
	/* ps->p is just past '(' */
	size_t cap = 0;
	for (;;) {
		skip_space(ps);
		if (ER_GROW(a->items, cap, a->nitems + 1) < 0)
			return oom(ps);
		/* count the item only once it is filled, so a failure frees what exists */
		struct literal item;
		if (read_literal(ps, ",)", &item) < 0)
			return -1;
		a->items[a->nitems++] = item;
		skip_space(ps);
		if (*ps->p == ',') {
			ps->p++;
			continue;
		}
		if (*ps->p == ')') {
			ps->p++;
			return 0;
		}
		return fail_at(ps, "expected ',' or ')' in a list");
	}
}

/* "in(" or "in (" at P: returns the byte count up to and including '(' , else 0. */
static size_t
starts_in_list(const char *p)
{
	if (p[0] != 'i' || p[1] != 'n')
		return 0;
	size_t n = 2;
	while (p[n] == ' ' || p[n] == '\t')
		n++;
	return p[n] == '(' ? n + 1 : 0;
}

static size_t parse_or(struct parser *ps);

static size_t
parse_atom(struct parser *ps)
{
	skip_space(ps);
	size_t name;
	const char *start = ps->p;
	if (starts_in_list(ps->p) == 0 && is_name_byte((unsigned char)*ps->p)) {
		while (is_name_byte((unsigned char)*ps->p))
			ps->p++;
		name = intern_name(ps, start, (size_t)(ps->p - start));
		skip_space(ps);
	} else {
		if (!ps->subject || !*ps->subject) {
			fail_at(ps, "expected an indicator name");
			return (size_t)-1;
		}
		name = intern_name(ps, ps->subject, strlen(ps->subject));
	}
	if (name == (size_t)-1)
		return (size_t)-1;
	struct atom *a = new_atom(ps, name);
	if (!a)
		return (size_t)-1;
	size_t atom_index = ps->c->natoms - 1;
	const char *p = ps->p;
	size_t n;
	int rc;
	if (*p == '[' || *p == '(') {
		rc = parse_interval(ps, a);
	} else if ((n = starts_in_list(p)) > 0) {
		a->op = OP_IN;
		ps->p += n;
		rc = parse_list(ps, a);
	} else if (*p == '!' && (n = starts_in_list(p + 1)) > 0) {
		a->op = OP_NOTIN;
		ps->p += n + 1;
		rc = parse_list(ps, a);
	} else {
		size_t oplen = 1;
		if (p[0] == '>' && p[1] == '=') {
			a->op = OP_GE, oplen = 2;
		} else if (p[0] == '<' && p[1] == '=') {
			a->op = OP_LE, oplen = 2;
		} else if (p[0] == '=' && p[1] == '=') {
			a->op = OP_EQ, oplen = 2;
		} else if (p[0] == '!' && p[1] == '=') {
			a->op = OP_NE, oplen = 2;
		} else if (p[0] == '>') {
			a->op = OP_GT;
		} else if (p[0] == '<') {
			a->op = OP_LT;
		} else if (p[0] == '=') {
			a->op = OP_EQ;
		} else {
			fail_at(ps, "expected a comparison, an interval or in(...)");
			return (size_t)-1;
		}
		ps->p += oplen;
		const char *value_at = ps->p;
		rc = read_literal(ps, "&|()", &a->rhs);
		if (rc == 0 && a->op != OP_EQ && a->op != OP_NE && !a->rhs.is_num) {
			ps->p = value_at;
			skip_space(ps);
			rc = fail_at(ps, "expected a number");
		}
	}
	if (rc < 0)
		return (size_t)-1;
	return add_node(ps, N_ATOM, atom_index, 0);
}

static size_t
parse_unary(struct parser *ps)
{
	skip_space(ps);
	if (*ps->p == '!' && starts_in_list(ps->p + 1) == 0 && ps->p[1] != '=') {
		ps->p++;
		size_t inner = parse_unary(ps);
		if (inner == (size_t)-1)
			return inner;
		return add_node(ps, N_NOT, inner, 0);
	}
	if (*ps->p == '(' && !looks_like_interval(ps->p)) {
		ps->p++;
		size_t inner = parse_or(ps);
		if (inner == (size_t)-1)
			return inner;
		skip_space(ps);
		if (*ps->p != ')') {
			fail_at(ps, "expected ')'");
			return (size_t)-1;
		}
		ps->p++;
		return inner;
	}
	return parse_atom(ps);
}

static size_t
parse_and(struct parser *ps)
{
	size_t left = parse_unary(ps);
	for (;;) {
		if (left == (size_t)-1)
			return left;
		skip_space(ps);
		if (*ps->p != '&')
			return left;
		ps->p += ps->p[1] == '&' ? 2 : 1;
		size_t right = parse_unary(ps);
		if (right == (size_t)-1)
			return right;
		left = add_node(ps, N_AND, left, right);
	}
}

static size_t
parse_or(struct parser *ps)
{
	size_t left = parse_and(ps);
	for (;;) {
		if (left == (size_t)-1)
			return left;
		skip_space(ps);
		if (*ps->p != '|')
			return left;
		ps->p += ps->p[1] == '|' ? 2 : 1;
		size_t right = parse_and(ps);
		if (right == (size_t)-1)
			return right;
		left = add_node(ps, N_OR, left, right);
	}
}

er_rule_cond *
er_rule_cond_parse(const char *text, const char *subject, char *err)
{
	er_rule_cond *c = calloc(1, sizeof *c);
	if (!c) {
		er_fail(err, ER_ENOMEM, "out of memory");
		return NULL;
	}
	struct parser ps = {text, text, subject, c, err, 0};
	skip_space(&ps);
	if (*ps.p == '\0') {
		fail_at(&ps, "empty condition");
		er_rule_cond_free(c);
		return NULL;
	}
	size_t root = parse_or(&ps);
	if (root != (size_t)-1) {
		skip_space(&ps);
		if (*ps.p != '\0')
			fail_at(&ps, "unexpected text");
	}
	if (ps.failed || root == (size_t)-1) {
		er_rule_cond_free(c);
		return NULL;
	}
	c->root = root;
	return c;
}

size_t
er_rule_cond_nnames(const er_rule_cond *c)
{
	return c->nnames;
}

const char *
er_rule_cond_name(const er_rule_cond *c, size_t i)
{
	return i < c->nnames ? c->names[i] : NULL;
}

void
er_rule_cond_bind(er_rule_cond *c, size_t i, size_t slot)
{
	if (i < c->nnames)
		c->slots[i] = slot;
}

static int
literal_equals(const struct literal *l, const struct er_rule_value *v, int v_is_num, double vnum)
{
	if (l->is_num && v_is_num)
		return l->num == vnum;
	return l->len == v->len && memcmp(l->text, v->s, v->len) == 0;
}

/* BAND widens (or, negative, narrows) the numeric comparisons of the atom: see
 * er_rule_cond_eval_band. */
static int
eval_atom(const er_rule_cond *c, const struct atom *a, const struct er_rule_value *values, size_t nvalues, double band,
          char *err)
{
	size_t slot = c->slots[a->name];
	if (slot >= nvalues || values[slot].len == 0)
		return ER_RULE_NA;
	const struct er_rule_value *v = &values[slot];
	double x = 0;
	int is_num = er_num_parse(v->s, v->len, &x) == ER_NUM_OK;
	switch (a->op) {
	case OP_EQ: return literal_equals(&a->rhs, v, is_num, x) ? ER_RULE_HIT : ER_RULE_PASS;
	case OP_NE: return literal_equals(&a->rhs, v, is_num, x) ? ER_RULE_PASS : ER_RULE_HIT;
	case OP_IN:
	case OP_NOTIN: {
		int found = 0;
		for (size_t i = 0; i < a->nitems && !found; i++)
			found = literal_equals(&a->items[i], v, is_num, x);
		return (found == (a->op == OP_IN)) ? ER_RULE_HIT : ER_RULE_PASS;
	}
	default: break;
	}
	if (!is_num || isnan(x)) {
		char shown[ER_UTF8_EXCERPT + 4];
		er_fail(err, ER_EDATA, "not a number '%s' (indicator %s)",
		        er_utf8_excerpt(v->s, v->len, shown, sizeof shown), c->names[a->name]);
		return ER_RULE_BAD;
	}
	int hit;
	double lo = a->lo - band, hi = a->hi + band;
	switch (a->op) {
	case OP_LT: hit = x < a->rhs.num + band; break;
	case OP_LE: hit = x <= a->rhs.num + band; break;
	case OP_GT: hit = x > a->rhs.num - band; break;
	case OP_GE: hit = x >= a->rhs.num - band; break;
	default: hit = (a->lo_incl ? x >= lo : x > lo) && (a->hi_incl ? x <= hi : x < hi); break;
	}
	return hit ? ER_RULE_HIT : ER_RULE_PASS;
}

static int
eval_node(const er_rule_cond *c, size_t i, const struct er_rule_value *values, size_t nvalues, const double *band,
          double sign, char *err)
{
	const struct node *n = &c->nodes[i];
	int l, r;
	switch (n->kind) {
	case N_ATOM: {
		const struct atom *a = &c->atoms[n->a];
		size_t slot = c->slots[a->name];
		double b = band && slot < nvalues ? sign * band[slot] : 0;
		return eval_atom(c, a, values, nvalues, b, err);
	}
	case N_NOT:
		/* holding more easily under '!' means its operand holds less easily */
		l = eval_node(c, n->a, values, nvalues, band, -sign, err);
		if (l == ER_RULE_HIT)
			return ER_RULE_PASS;
		return l == ER_RULE_PASS ? ER_RULE_HIT : l;
	case N_AND:
		l = eval_node(c, n->a, values, nvalues, band, sign, err);
		if (l == ER_RULE_BAD || l == ER_RULE_PASS)
			return l;
		r = eval_node(c, n->b, values, nvalues, band, sign, err);
		if (r == ER_RULE_BAD || r == ER_RULE_PASS)
			return r;
		return (l == ER_RULE_NA || r == ER_RULE_NA) ? ER_RULE_NA : ER_RULE_HIT;
	case N_OR:
	default:
		l = eval_node(c, n->a, values, nvalues, band, sign, err);
		if (l == ER_RULE_BAD || l == ER_RULE_HIT)
			return l;
		r = eval_node(c, n->b, values, nvalues, band, sign, err);
		if (r == ER_RULE_BAD || r == ER_RULE_HIT)
			return r;
		return (l == ER_RULE_NA || r == ER_RULE_NA) ? ER_RULE_NA : ER_RULE_PASS;
	}
}

int
er_rule_cond_eval(const er_rule_cond *c, const struct er_rule_value *values, size_t nvalues, char *err)
{
	return eval_node(c, c->root, values, nvalues, NULL, 1, err);
}

int
er_rule_cond_eval_band(const er_rule_cond *c, const struct er_rule_value *values, size_t nvalues, const double *band,
                       char *err)
{
	return eval_node(c, c->root, values, nvalues, band, 1, err);
}

static void
free_literal(struct literal *l)
{
	free(l->text);
}

void
er_rule_cond_free(er_rule_cond *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->natoms; i++) {
		struct atom *a = &c->atoms[i];
		free_literal(&a->rhs);
		for (size_t j = 0; j < a->nitems; j++)
			free_literal(&a->items[j]);
		free(a->items);
	}
	free(c->atoms);
	free(c->nodes);
	for (size_t i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->slots);
	free(c);
}

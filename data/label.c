#include "data/label.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/hash.h"
#include "lib/num.h"
#include "lib/reader.h"

void er_label_init(struct er_label *l, const char *bad)
{
	l->bad = bad;
}

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

static int same_word(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* Two texts name the same label value when equal ignoring case, or equal as numbers
 * ("1" and "1.0"). */
static int same_value(const char *s, size_t len, const char *t)
{
	size_t tlen = strlen(t);
	double a, b;

	trim(&t, &tlen);
	if (len == tlen && strncasecmp(s, t, len) == 0)
		return 1;
	return er_num_parse(s, len, &a) == ER_NUM_OK && er_num_parse(t, tlen, &b) == ER_NUM_OK && a == b;
}

int er_label_parse(const struct er_label *l, const char *s, size_t len)
{
	static const char *const bad_words[] = {"bad", "true", "y", "yes"};
	static const char *const good_words[] = {"good", "false", "n", "no"};
	double v;
	size_t i;

	trim(&s, &len);
	if (len == 0)
		return ER_LABEL_MISSING;
	if (l != NULL && l->bad != NULL)
		return same_value(s, len, l->bad) ? ER_LABEL_BAD : ER_LABEL_GOOD;
	if (er_num_parse(s, len, &v) == ER_NUM_OK) {
		if (v == 1)
			return ER_LABEL_BAD;
		if (v == 0)
			return ER_LABEL_GOOD;
		return ER_LABEL_UNKNOWN;
	}
	for (i = 0; i < sizeof bad_words / sizeof bad_words[0]; i++) {
		if (same_word(s, len, bad_words[i]))
			return ER_LABEL_BAD;
		if (same_word(s, len, good_words[i]))
			return ER_LABEL_GOOD;
	}
	return ER_LABEL_UNKNOWN;
}

struct slot {
	char *id;          /* NULL: empty slot */
	size_t len;
	int label;
};

struct er_label_table {
	struct slot *slots;
	size_t cap;        /* power of two */
	size_t n;
};

static struct slot *find_slot(const er_label_table *t, const char *id, size_t len)
{
	size_t i = (size_t)er_hash64(id, len) & (t->cap - 1);

	while (t->slots[i].id != NULL) {
		if (t->slots[i].len == len && memcmp(t->slots[i].id, id, len) == 0)
			return &t->slots[i];
		i = (i + 1) & (t->cap - 1);
	}
	return &t->slots[i];
}

static int grow(er_label_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i;
	struct slot *old = t->slots;
	size_t oldcap = t->cap;

	t->slots = calloc(cap, sizeof *t->slots);
	if (t->slots == NULL) {
		t->slots = old;
		return -1;
	}
	t->cap = cap;
	for (i = 0; i < oldcap; i++)
		if (old[i].id != NULL)
			*find_slot(t, old[i].id, old[i].len) = old[i];
	free(old);
	return 0;
}

er_label_table *er_label_table_read(const char *path, const char *id_col, const char *label_col,
                                    const struct er_label *l, size_t *rejected, char *warn_msg,
                                    char *err, int *status)
{
	er_label_table *t;
	er_reader *r;
	long ic, lc;
	size_t nrej = 0;
	int rc, st = ER_OK;

	if (warn_msg != NULL)
		warn_msg[0] = '\0';
	r = er_reader_open1(path, NULL, err, &st);
	if (r == NULL) {
		if (status != NULL)
			*status = st;
		return NULL;
	}
	ic = er_reader_require(r, id_col, err);
	lc = ic < 0 ? -1 : er_reader_require(r, label_col, err);
	if (ic < 0 || lc < 0) {
		er_reader_close(r);
		if (status != NULL)
			*status = ER_EDATA;
		return NULL;
	}
	t = calloc(1, sizeof *t);
	if (t == NULL || grow(t) != 0)
		goto nomem;
	while ((rc = er_reader_next(r)) != 0) {
		const char *id, *why = NULL;
		size_t len;
		struct slot *s;
		int v;

		if (rc == ER_READ_FAIL) {
			er_fail(err, ER_EIO, "cannot read labels '%s': %s", er_reader_filename(r),
			        er_reader_error(r));
			er_reader_close(r);
			er_label_table_free(t);
			if (status != NULL)
				*status = ER_EIO;
			return NULL;
		}
		id = er_reader_field(r, (size_t)ic);
		len = er_reader_field_len(r, (size_t)ic);
		v = er_label_parse(l, er_reader_field(r, (size_t)lc), er_reader_field_len(r, (size_t)lc));
		if (rc == ER_ROW_BAD)
			why = er_reader_error(r);
		else if (len == 0)
			why = "empty id";
		else if (v == ER_LABEL_MISSING)
			why = "missing label";
		else if (v == ER_LABEL_UNKNOWN)
			why = "unknown label";
		if (why == NULL) {
			if (2 * (t->n + 1) > t->cap && grow(t) != 0)
				goto nomem;
			s = find_slot(t, id, len);
			if (s->id != NULL) {
				why = "duplicate id";
			} else {
				s->id = malloc(len + 1);
				if (s->id == NULL)
					goto nomem;
				memcpy(s->id, id, len);
				s->id[len] = '\0';
				s->len = len;
				s->label = v;
				t->n++;
			}
		}
		if (why != NULL) {
			if (nrej == 0 && warn_msg != NULL)
				snprintf(warn_msg, ER_ERRLEN, "%s '%s' (file %s, line %llu)", why, id,
				         er_reader_filename(r), (unsigned long long)er_reader_line(r));
			nrej++;
		}
	}
	er_reader_close(r);
	if (rejected != NULL)
		*rejected = nrej;
	return t;
nomem:
	er_reader_close(r);
	er_label_table_free(t);
	er_fail(err, ER_ENOMEM, "out of memory reading labels '%s'", path);
	if (status != NULL)
		*status = ER_ENOMEM;
	return NULL;
}

int er_label_table_get(const er_label_table *t, const char *id, size_t len)
{
	const struct slot *s = find_slot(t, id, len);

	return s->id != NULL ? s->label : ER_LABEL_MISSING;
}

size_t er_label_table_size(const er_label_table *t)
{
	return t->n;
}

void er_label_table_free(er_label_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->cap; i++)
		free(t->slots[i].id);
	free(t->slots);
	free(t);
}

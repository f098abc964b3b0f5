#include "data/label.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/strmap.h"
#include "lib/vec.h"
#include "lib/num.h"
#include "lib/reader.h"

void
er_label_init(struct er_label *l, const char *bad)
{
	l->bad = bad;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

static int
same_word(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

/* Two texts name the same label value when equal ignoring case, or equal as numbers
 * ("1" and "1.0"). */
static int
same_value(const char *s, size_t len, const char *t)
{
	size_t tlen = strlen(t);
	double a, b;

	trim(&t, &tlen);
	if (len == tlen && strncasecmp(s, t, len) == 0)
		return 1;
	return er_num_parse(s, len, &a) == ER_NUM_OK && er_num_parse(t, tlen, &b) == ER_NUM_OK && a == b;
}

int
er_label_parse(const struct er_label *l, const char *s, size_t len)
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

/* Ids in a strmap, the label of id I in labels[I]. */
struct er_label_table {
	er_strmap *ids;
	signed char *labels;
	size_t cap;
};

int
er_label_table_read(er_label_table **out, const char *path, const char *id_col, const char *label_col,
                    const struct er_label *l, size_t *rejected, char *warn_msg, char *err)
{
	er_label_table *t;
	er_reader *r;
	long ic, lc;
	size_t nrej = 0;
	int rc, st;

	*out = NULL;
	if (warn_msg != NULL)
		warn_msg[0] = '\0';
	if ((st = er_reader_open1(&r, path, NULL, err)) != 0)
		return st;
	ic = er_reader_require(r, id_col, err);
	lc = ic < 0 ? -1 : er_reader_require(r, label_col, err);
	if (ic < 0 || lc < 0) {
		er_reader_close(r);
		return ER_EDATA;
	}
	t = calloc(1, sizeof *t);
	if (t == NULL || (t->ids = er_strmap_new()) == NULL)
		goto nomem;
	while ((rc = er_reader_next(r)) != 0) {
		const char *id, *why = NULL, *field = id_col;
		size_t len;
		int v;

		if (rc == ER_READ_FAIL) {
			int fst = er_fail(err, er_reader_fail_status(r), "cannot read labels '%s': %s",
			                  er_reader_filename(r), er_reader_error(r));
			er_reader_close(r);
			er_label_table_free(t);
			return fst;
		}
		id = er_reader_field(r, (size_t)ic);
		len = er_reader_field_len(r, (size_t)ic);
		v = er_label_parse(l, er_reader_field(r, (size_t)lc), er_reader_field_len(r, (size_t)lc));
		if (rc == ER_ROW_BAD)
			why = er_reader_error(r);
		else if (len == 0)
			why = "empty id";
		else if (v == ER_LABEL_MISSING)
			why = "missing label", field = label_col;
		else if (v == ER_LABEL_UNKNOWN)
			why = "unknown label", field = label_col;
		if (why == NULL) {
			size_t n = er_strmap_size(t->ids);
			int added;
			long at;

			if (ER_GROW(t->labels, t->cap, n + 1) < 0 ||
			    (at = er_strmap_intern(t->ids, id, len, &added)) < 0)
				goto nomem;
			if (!added)
				why = "duplicate id";
			else
				t->labels[at] = (signed char)v;
		}
		if (why != NULL) {
			char where[ER_WHERELEN];

			/* a label is shown by its value and column, an id problem by the id */
			if (nrej == 0 && warn_msg != NULL)
				snprintf(warn_msg, ER_ERRLEN, "%s '%s'%s", why,
				         field == label_col ? er_reader_field(r, (size_t)lc) : id,
				         er_reader_where(r, rc == ER_ROW_BAD ? NULL : field, where, sizeof where));
			nrej++;
		}
	}
	er_reader_close(r);
	if (rejected != NULL)
		*rejected = nrej;
	*out = t;
	return 0;
nomem:
	er_reader_close(r);
	er_label_table_free(t);
	return er_fail(err, ER_ENOMEM, "out of memory reading labels '%s'", path);
}

int
er_label_table_get(const er_label_table *t, const char *id, size_t len)
{
	long at = er_strmap_find(t->ids, id, len);

	return at >= 0 ? t->labels[at] : ER_LABEL_MISSING;
}

long
er_label_table_find(const er_label_table *t, const char *id, size_t len, int *label)
{
	long at = er_strmap_find(t->ids, id, len);

	*label = at >= 0 ? t->labels[at] : ER_LABEL_MISSING;
	return at;
}

const char *
er_label_table_id(const er_label_table *t, size_t i, size_t *len)
{
	return er_strmap_key(t->ids, i, len);
}

int
er_label_table_label(const er_label_table *t, size_t i)
{
	return t->labels[i];
}

size_t
er_label_table_size(const er_label_table *t)
{
	return er_strmap_size(t->ids);
}

void
er_label_table_free(er_label_table *t)
{
	if (t == NULL)
		return;
	er_strmap_free(t->ids);
	free(t->labels);
	free(t);
}

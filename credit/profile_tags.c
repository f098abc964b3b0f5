/* profile_tags: synonyms, scenario and per-subject tag sums. */
#include "credit/profile_tags.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/strmap.h"
#include "lib/table.h"
#include "lib/vec.h"

struct subject_tags {
	double sum[ER_ATTR_COUNT];
	unsigned have;          /* bit per attribute */
	struct er_buf problems; /* "; "-separated, empty when none */
	uint64_t first_line;
	int used;
};

struct er_profile_tags {
	er_strmap *synonym_keys; /* "source\037tag" */
	er_strmap *canonical;    /* canonical names */
	long *synonym_to;        /* by synonym key: canonical number */
	size_t synonym_cap;
	int have_scenario;
	er_strmap *scenario_keys; /* canonical names of the scenario */
	int *scenario_attr;
	size_t scenario_cap;
	er_strmap *subjects;
	struct subject_tags *subject;
	size_t subject_cap;
	char *tags_path;
};

er_profile_tags *
er_profile_tags_new(void)
{
	er_profile_tags *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->synonym_keys = er_strmap_new();
	t->canonical = er_strmap_new();
	t->scenario_keys = er_strmap_new();
	t->subjects = er_strmap_new();
	if (!t->synonym_keys || !t->canonical || !t->scenario_keys || !t->subjects) {
		er_profile_tags_free(t);
		return NULL;
	}
	return t;
}

/* "a\037b" in BUF (ER_ERRLEN); returns the length, 0 when too long. */
static size_t
pair_key(char *buf, const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen + blen + 2 > ER_ERRLEN)
		return 0;
	memcpy(buf, a, alen);
	buf[alen] = '\037';
	memcpy(buf + alen + 1, b, blen);
	buf[alen + 1 + blen] = '\0';
	return alen + 1 + blen;
}

int
er_profile_tags_load_synonyms(const struct er_diag *d, er_profile_tags *t, const char *path,
                              const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"source", "tag", "canonical"};
	long idx[3];
	er_reader *r;
	int status = er_table_open(&r, path, o, cols, 3, idx, err);
	if (!r)
		return status;
	char key[ER_ERRLEN];
	int got;
	while ((got = er_table_next(d, r, "malformed row: ", errors, err)) == 1) {
		size_t sl, tl, cl;
		const char *s = er_table_field(r, idx[0], &sl);
		const char *tag = er_table_field(r, idx[1], &tl);
		const char *c = er_table_field(r, idx[2], &cl);
		if (tl == 0 || cl == 0) {
			er_table_warn(d, r, tl == 0 ? "tag" : "canonical", "empty synonym");
			(*errors)++;
			continue;
		}
		size_t kl = pair_key(key, s, sl, tag, tl);
		if (kl == 0) {
			er_table_warn(d, r, "tag", "synonym too long");
			(*errors)++;
			continue;
		}
		int added;
		long k = er_strmap_intern(t->synonym_keys, key, kl, &added);
		long cn = er_strmap_intern(t->canonical, c, cl, NULL);
		if (k < 0 || cn < 0 ||
		    er_grow_zeroed(&t->synonym_to, &t->synonym_cap, (size_t)k + 1, sizeof *t->synonym_to)) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		if (!added && t->synonym_to[k] != cn) {
			er_table_warn(d, r, "canonical", "second canonical tag '%s' for tag '%s'", c, tag);
			(*errors)++;
			continue;
		}
		t->synonym_to[k] = cn;
	}
	return er_table_done(r, got, status);
}

int
er_profile_tags_load_scenario(const struct er_diag *d, er_profile_tags *t, const char *path, const char *name,
                              const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"scenario", "canonical", "attribute"};
	long idx[3];
	er_reader *r;
	int status = er_table_open(&r, path, o, cols, 3, idx, err);
	if (!r)
		return status;
	t->have_scenario = 1;
	int got;
	while ((got = er_table_next(d, r, "malformed row: ", errors, err)) == 1) {
		size_t cl;
		if (strcmp(er_table_field(r, idx[0], NULL), name) != 0)
			continue;
		const char *c = er_table_field(r, idx[1], &cl);
		const char *a = er_table_field(r, idx[2], NULL);
		int attr = er_profile_attr_parse(a);
		if (attr < 0) {
			er_table_warn(d, r, "attribute", "unknown attribute '%s'", a);
			(*errors)++;
			continue;
		}
		long k = er_strmap_intern(t->scenario_keys, c, cl, NULL);
		if (k < 0 ||
		    er_grow_zeroed(&t->scenario_attr, &t->scenario_cap, (size_t)k + 1, sizeof *t->scenario_attr)) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		t->scenario_attr[k] = attr + 1;
	}
	return er_table_done(r, got, status);
}

/* The attribute a raw tag feeds, or -1. */
static int
tag_attribute(const er_profile_tags *t, const char *source, size_t sl, const char *tag, size_t tl)
{
	char key[ER_ERRLEN];
	const char *canon = tag;
	size_t canon_len = tl;
	size_t kl = pair_key(key, source, sl, tag, tl);
	long k = kl ? er_strmap_find(t->synonym_keys, key, kl) : -1;
	if (k >= 0) {
		canon = er_strmap_key(t->canonical, (size_t)t->synonym_to[k], NULL);
		canon_len = strlen(canon);
	}
	if (t->have_scenario) {
		long s = er_strmap_find(t->scenario_keys, canon, canon_len);
		return s >= 0 ? t->scenario_attr[s] - 1 : -1;
	}
	if (canon_len >= ER_ERRLEN)
		return -1;
	memcpy(key, canon, canon_len);
	key[canon_len] = '\0';
	return er_profile_attr_parse(key);
}

static int
add_problem(struct subject_tags *s, const char *text)
{
	return er_buf_addf(&s->problems, "%s%s", s->problems.len ? "; " : "", text);
}

int
er_profile_tags_load(const struct er_diag *d, er_profile_tags *t, const char *path, const struct er_reader_opts *o,
                     unsigned long *errors, unsigned long *ignored, char *err)
{
	static const char *const cols[] = {"subject_id", "source", "tag", "value"};
	long idx[4];
	free(t->tags_path);
	t->tags_path = strdup(path);
	if (!t->tags_path)
		return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
	er_reader *r;
	int status = er_table_open(&r, path, o, cols, 4, idx, err);
	if (!r)
		return status;
	const char *id;
	size_t il;
	int got;
	while ((got = er_table_next_keyed(d, r, idx[0], "subject_id", errors, &id, &il, err)) == 1) {
		size_t sl, tl, vl;
		const char *source = er_table_field(r, idx[1], &sl);
		const char *tag = er_table_field(r, idx[2], &tl);
		const char *value = er_table_field(r, idx[3], &vl);
		int attr = tag_attribute(t, source, sl, tag, tl);
		if (attr < 0) {
			(*ignored)++;
			continue;
		}
		int added;
		long k = er_strmap_intern(t->subjects, id, il, &added);
		if (k < 0 || er_grow_zeroed(&t->subject, &t->subject_cap, (size_t)k + 1, sizeof *t->subject)) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		struct subject_tags *s = &t->subject[k];
		if (added)
			s->first_line = er_reader_line(r);
		double v;
		char why[ER_ERRLEN];
		if (er_profile_attr_value(attr, value, vl, &v, why) != 0) {
			er_table_warn(d, r, "value", "bad value '%s' of tag '%s': %s", value, tag, why);
			(*errors)++;
			char text[ER_ERRLEN];
			snprintf(text, sizeof text, "tag %.100s (line %llu): %.200s", tag,
			         (unsigned long long)er_reader_line(r), why);
			if (add_problem(s, text) != 0) {
				status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
				break;
			}
			continue;
		}
		unsigned bit = 1u << attr;
		if (attr == ER_ATTR_PRIORITY_LEVEL)
			s->sum[attr] = (s->have & bit) && s->sum[attr] > v ? s->sum[attr] : v;
		else
			s->sum[attr] = (s->have & bit) ? s->sum[attr] + v : v;
		s->have |= bit;
	}
	return er_table_done(r, got, status);
}

int
er_profile_tags_apply(er_profile_tags *t, const char *id, size_t len, double attr[ER_ATTR_COUNT], char *problems)
{
	long k = er_strmap_find(t->subjects, id, len);
	if (k < 0)
		return 0;
	struct subject_tags *s = &t->subject[k];
	s->used = 1;
	for (int a = 0; a < ER_ATTR_COUNT; a++)
		if ((s->have & (1u << a)) && isnan(attr[a]))
			attr[a] = s->sum[a];
	if (s->problems.len)
		er_profile_problem(problems, "%s", s->problems.p);
	return 1;
}

unsigned long
er_profile_tags_report_unused(const struct er_diag *d, const er_profile_tags *t, int mask_pii)
{
	char shown[256];
	unsigned long n = 0;
	size_t count = er_strmap_size(t->subjects);
	for (size_t k = 0; k < count; k++) {
		if (t->subject[k].used)
			continue;
		const char *id = er_strmap_key(t->subjects, k, NULL);
		er_profile_shown_id(id, strlen(id), mask_pii, shown, sizeof shown);
		char where[ER_WHERELEN];
		er_diag_msg(d, "tags for unknown subject '%s'%s", shown,
		            er_where(where, sizeof where, t->tags_path ? t->tags_path : "tags",
		                     t->subject[k].first_line, NULL));
		n++;
	}
	return n;
}

void
er_profile_tags_free(er_profile_tags *t)
{
	if (!t)
		return;
	er_strmap_free(t->synonym_keys);
	er_strmap_free(t->canonical);
	er_strmap_free(t->scenario_keys);
	if (t->subject) {
		size_t count = er_strmap_size(t->subjects);
		for (size_t k = 0; k < count; k++)
			er_buf_release(&t->subject[k].problems);
	}
	er_strmap_free(t->subjects);
	free(t->synonym_to);
	free(t->scenario_attr);
	free(t->subject);
	free(t->tags_path);
	free(t);
}

/* eval_audit: er-eval --audit: the decisions and alerts on record (lib/audit.h's JSON lines,
 * from er-decide --audit or er-alert --audit) joined on id to the outcomes that came later.
 * For each group of lines (every line, then by decision, by alert level and by grade) it
 * writes rows, labelled, unlabelled, bads and the bad rate: how often what was accepted, sent
 * to review or rejected (or alerted red, orange, ...) went bad. An id on record twice (two
 * runs appended to one file) counts once, as its last line says: a later decision replaces an
 * earlier one. A line that is not a JSON object or has no id is reported and left out. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/label.h"
#include "lib/diag.h"
#include "lib/err.h"
#include "lib/jsonl.h"
#include "lib/strmap.h"
#include "lib/writer.h"
#include "model/eval_run.h"

/* The members of a line used: the id (or --id), what was decided, and the grade. */
enum { KEY_ID, KEY_DECISION, KEY_LEVEL, KEY_GRADE, NKEYS };

/* What the file says of each id (index as in IDS): interned values of DECISION, LEVEL, GRADE
 * (-1: the line had none). */
struct audit {
	er_strmap *ids, *vals;
	long (*of)[NKEYS - 1];
	size_t cap, superseded;
};

/* Keeps the last line's values for ID. Returns 0 or ER_ENOMEM. */
static int
keep(struct audit *a, const struct er_jsonl_val *v)
{
	int added;
	long k = er_strmap_intern(a->ids, v[KEY_ID].s, v[KEY_ID].len, &added);
	if (k < 0)
		return ER_ENOMEM;
	if ((size_t)k >= a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 1024;
		long(*of)[NKEYS - 1] = realloc(a->of, cap * sizeof *of);
		if (!of)
			return ER_ENOMEM;
		a->of = of, a->cap = cap;
	}
	a->superseded += !added;
	for (int j = 1; j < NKEYS; j++) {
		/* a value that is not a string (null, a number) is kept as written */
		long x = v[j].type == ER_JSONL_ABSENT ? -1 : er_strmap_intern(a->vals, v[j].s, v[j].len, NULL);
		if (v[j].type != ER_JSONL_ABSENT && x < 0)
			return ER_ENOMEM;
		a->of[k][j - 1] = x;
	}
	return 0;
}

/* Reads the audit file into A. Returns 0 or an er_status with ERR; bad lines counted. */
static int
read_audit(const struct er_eval_opts *o, struct audit *a, struct er_eval_counts *c, char *err)
{
	const char *keys[NKEYS] = {o->id_col ? o->id_col : "id", "decision", "level", "grade"};
	int is_stdin = strcmp(o->audit, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(o->audit, "r");
	char *line = NULL, why[ER_ERRLEN];
	size_t cap = 0, no = 0;
	ssize_t len;
	int st = 0;
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", o->audit, strerror(errno));
	while (!st && (len = getline(&line, &cap, f)) >= 0) {
		struct er_jsonl_val v[NKEYS];
		no++;
		c->rows++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (er_jsonl_parse(line, (size_t)len, keys, NKEYS, v, why) == 0 &&
		    (v[KEY_ID].type != ER_JSONL_STRING || v[KEY_ID].len == 0))
			snprintf(why, sizeof why, "no member '%s' with an id", keys[KEY_ID]);
		else if (v[KEY_ID].type == ER_JSONL_STRING && v[KEY_ID].len) {
			if (keep(a, v))
				st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", o->audit);
			continue;
		}
		if (c->rejected++ < 10)
			er_diag_msg(o->diag, "bad audit line: %s (file %s, line %zu)", why, o->audit, no);
	}
	if (!st && ferror(f))
		st = er_fail(err, ER_EIO, "cannot read '%s': %s", o->audit, strerror(errno));
	free(line);
	if (!is_stdin)
		fclose(f);
	return st;
}

/* Counts of one group. */
struct tally {
	size_t rows, labelled, bads;
};

static int
by_name(const void *x, const void *y, void *m)
{
	long a = *(const long *)x, b = *(const long *)y;
	return strcmp(er_strmap_key(m, (size_t)a, NULL), er_strmap_key(m, (size_t)b, NULL));
}

static void
row(er_writer *w, const char *group, const char *value, const struct tally *t)
{
	er_writer_str(w, group);
	er_writer_str(w, value);
	er_writer_int(w, (long long)t->rows);
	er_writer_int(w, (long long)t->labelled);
	er_writer_int(w, (long long)(t->rows - t->labelled));
	er_writer_int(w, (long long)t->bads);
	er_writer_double(w, t->labelled ? (double)t->bads / (double)t->labelled : NAN);
	er_writer_end_row(w);
}

/* Writes the table: (all), then each group's values in name order. */
static int
write_table(const struct er_eval_opts *o, const struct audit *a, const signed char *y, char *err)
{
	static const char *const groups[NKEYS - 1] = {"decision", "level", "grade"};
	static const char *const head[] = {"group", "value", "rows", "labelled", "unlabelled", "bads", "bad_rate"};
	size_t n = er_strmap_size(a->ids), nv = er_strmap_size(a->vals);
	struct tally all = {0}, *t = calloc(nv ? nv : 1, sizeof *t);
	long *order = malloc((nv ? nv : 1) * sizeof *order);
	er_writer *w = er_writer_open(1, "stdout", &o->io->out);
	int st = 0;
	if (!t || !order || !w) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto out;
	}
	er_writer_row(w, head, sizeof head / sizeof *head);
	for (size_t i = 0; i < n; i++) {
		all.rows++, all.labelled += y[i] >= 0, all.bads += y[i] == 1;
	}
	row(w, "(all)", "", &all);
	for (int j = 0; j < NKEYS - 1; j++) {
		size_t m = 0;
		memset(t, 0, (nv ? nv : 1) * sizeof *t);
		for (size_t i = 0; i < n; i++) {
			long v = a->of[i][j];
			if (v < 0)
				continue;
			if (t[v].rows++ == 0)
				order[m++] = v;
			t[v].labelled += y[i] >= 0, t[v].bads += y[i] == 1;
		}
		qsort_r(order, m, sizeof *order, by_name, a->vals);
		for (size_t k = 0; k < m; k++)
			row(w, groups[j], er_strmap_key(a->vals, (size_t)order[k], NULL), &t[order[k]]);
	}
	if (er_writer_flush(w))
		st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
out:
	if (w && er_writer_close(w) && !st)
		st = er_fail(err, ER_EIO, "write error 'stdout'");
	free(t), free(order);
	return st;
}

int
er_eval_audit(const struct er_eval_opts *o, struct er_eval_counts *c, char *err)
{
	struct audit a = {er_strmap_new(), er_strmap_new(), NULL, 0, 0};
	er_label_table *lt = NULL;
	signed char *y = NULL;
	int st = 0;
	memset(c, 0, sizeof *c);
	if (!a.ids || !a.vals) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto out;
	}
	if (o->labels) {
		char warn[ER_ERRLEN];
		struct er_label l;
		er_label_init(&l, NULL);
		l.missing_ok = 1;
		if ((st = er_label_table_read(&lt, o->labels, "id", "label", &l, &c->label_rejected, warn, err)))
			goto out;
		if (c->label_rejected)
			er_diag_msg(o->diag, "%zu label rows left out, first: %s", c->label_rejected, warn);
	}
	if ((st = read_audit(o, &a, c, err)))
		goto out;
	size_t n = er_strmap_size(a.ids), matched = 0;
	if (!(y = malloc(n ? n : 1))) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *id = er_strmap_key(a.ids, i, &len);
		int v = lt ? er_label_table_get(lt, id, len) : ER_LABEL_MISSING;
		y[i] = (signed char)(v == ER_LABEL_MISSING ? -1 : v);
		matched += v != ER_LABEL_MISSING;
		if (v == ER_LABEL_MISSING && c->unlabelled++ == 0)
			snprintf(c->first_unlabelled, sizeof c->first_unlabelled, "%.*s", (int)(len > 100 ? 100 : len),
			         id);
	}
	c->labels_unused = lt ? er_label_table_size(lt) - matched : 0;
	c->superseded = a.superseded;
	st = write_table(o, &a, y, err);
out:
	er_strmap_free(a.ids), er_strmap_free(a.vals);
	free(a.of), free(y);
	er_label_table_free(lt);
	return st;
}

/* profile_enterprise: indicators and grades of enterprises by id. */
#include "credit/profile_enterprise.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/strmap.h"
#include "lib/table.h"
#include "lib/utf8.h"
#include "model/grade.h"
#include "lib/vec.h"

struct er_profile_enterprise {
	er_strmap *ids;
	struct er_profile_features *f;
	size_t cap;
};

er_profile_enterprise *
er_profile_enterprise_new(void)
{
	er_profile_enterprise *e = calloc(1, sizeof *e);
	if (!e)
		return NULL;
	e->ids = er_strmap_new();
	if (!e->ids) {
		free(e);
		return NULL;
	}
	return e;
}

/* The entity ID, added with everything unknown when new; NULL when out of memory. */
static struct er_profile_features *
entity(er_profile_enterprise *e, const char *id, size_t len)
{
	int added;
	long k = er_strmap_intern(e->ids, id, len, &added);
	if (k < 0)
		return NULL;
	if (ER_GROW(e->f, e->cap, (size_t)k + 1) < 0)
		return NULL;
	struct er_profile_features *x = &e->f[k];
	if (added) {
		x->kwh_mean_12m = x->months_covered_12m = x->late_count_12m = x->on_time_rate_12m = NAN;
		x->grade = -1;
	}
	return x;
}

/* The columns er-features output is read by: the id, then the indicators in the order of
 * struct er_profile_features's fields they fill in load. */
static const char *const feature_cols[] = {"id", "?usage.kwh_mean_12m", "?usage.months_covered_12m",
                                           "?pay.late_count_12m", "?pay.on_time_rate_12m"};
enum { INDICATORS = 4 };

/* Parses the current row's indicators into V (NAN when empty or bad; a bad one is reported
 * and counted). */
static void
read_indicators(const struct er_diag *d, const er_reader *r, const long *idx, double v[INDICATORS],
                unsigned long *errors)
{
	for (int i = 0; i < INDICATORS; i++) {
		size_t vl;
		const char *s = er_table_field(r, idx[i + 1], &vl);
		v[i] = NAN;
		if (vl == 0)
			continue;
		double num;
		int res = er_num_parse(s, vl, &num);
		if (res != ER_NUM_OK || num < 0) {
			char shown[ER_UTF8_EXCERPT + 4];
			er_table_warn(d, r, feature_cols[i + 1] + 1, "bad indicator '%s': %s",
			              er_utf8_excerpt(s, vl, shown, sizeof shown),
			              res != ER_NUM_OK ? er_num_strerror(res) : "negative");
			(*errors)++;
			continue;
		}
		v[i] = num;
	}
}

/* Parses the current row's grade into *GRADE; -1 when bad (reported and counted). */
static int
read_grade(const struct er_diag *d, const er_reader *r, long idx, int *grade, unsigned long *errors)
{
	size_t gl;
	const char *g = er_table_field(r, idx, &gl);
	*grade = er_grade_parse(g, gl);
	if (*grade >= 0)
		return 0;
	char shown[ER_UTF8_EXCERPT + 4];
	er_table_warn(d, r, "grade", "bad grade '%s'", er_utf8_excerpt(g, gl, shown, sizeof shown));
	(*errors)++;
	return -1;
}

/* Reads er-features output (SCORES 0) or er-score output (SCORES 1) PATH into E. */
static int
load(const struct er_diag *d, er_profile_enterprise *e, const char *path, const struct er_reader_opts *o, int scores,
     unsigned long *errors, char *err)
{
	static const char *const score_cols[] = {"id", "grade"};
	long idx[INDICATORS + 1];
	er_reader *r;
	int status =
		er_table_open(&r, path, o, scores ? score_cols : feature_cols, scores ? 2 : INDICATORS + 1, idx, err);
	if (!r)
		return status;
	const char *id;
	size_t il;
	int got;
	while ((got = er_table_next_keyed(d, r, idx[0], "id", errors, &id, &il, err)) == 1) {
		double v[INDICATORS];
		int grade = -1;
		if (scores ? read_grade(d, r, idx[1], &grade, errors) != 0 : (read_indicators(d, r, idx, v, errors), 0))
			continue;
		struct er_profile_features *x = entity(e, id, il);
		if (!x) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		if (scores) {
			x->grade = grade;
			continue;
		}
		double *dst[INDICATORS] = {&x->kwh_mean_12m, &x->months_covered_12m, &x->late_count_12m,
		                           &x->on_time_rate_12m};
		for (int i = 0; i < INDICATORS; i++)
			*dst[i] = v[i];
	}
	return er_table_done(r, got, status);
}

int
er_profile_enterprise_load_features(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                    const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	return load(d, e, path, o, 0, errors, err);
}

int
er_profile_enterprise_load_scores(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                  const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	return load(d, e, path, o, 1, errors, err);
}

size_t
er_profile_enterprise_count(const er_profile_enterprise *e)
{
	return er_strmap_size(e->ids);
}

const char *
er_profile_enterprise_id(const er_profile_enterprise *e, size_t i)
{
	return i < er_strmap_size(e->ids) ? er_strmap_key(e->ids, i, NULL) : NULL;
}

const struct er_profile_features *
er_profile_enterprise_get(const er_profile_enterprise *e, size_t i)
{
	return &e->f[i];
}

long
er_profile_enterprise_find(const er_profile_enterprise *e, const char *id, size_t len)
{
	return er_strmap_find(e->ids, id, len);
}

void
er_profile_enterprise_free(er_profile_enterprise *e)
{
	if (!e)
		return;
	er_strmap_free(e->ids);
	free(e->f);
	free(e);
}

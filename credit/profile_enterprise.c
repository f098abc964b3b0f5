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

int
er_profile_enterprise_load_features(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                    const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"id", "?usage.kwh_mean_12m", "?usage.months_covered_12m",
	                                   "?pay.late_count_12m", "?pay.on_time_rate_12m"};
	long idx[5];
	int status = 0;
	er_reader *r;
	status = er_table_open(&r, path, o, cols, 5, idx, err);
	if (!r)
		return status;
	while (er_table_next(d, r, "malformed row: ", errors, err, &status) == 1) {
		size_t il;
		const char *id = er_table_field(r, idx[0], &il);
		if (il == 0) {
			er_table_warn(d, r, "id", "empty id");
			(*errors)++;
			continue;
		}
		struct er_profile_features *x = entity(e, id, il);
		if (!x) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		double *dst[4] = {&x->kwh_mean_12m, &x->months_covered_12m, &x->late_count_12m, &x->on_time_rate_12m};
		for (int i = 0; i < 4; i++) {
			size_t vl;
			const char *v = er_table_num_field(r, idx[i + 1], &vl);
			*dst[i] = NAN;
			if (vl == 0)
				continue;
			double num;
			int res = er_num_parse(v, vl, &num);
			if (res != ER_NUM_OK || num < 0) {
				char shown[ER_UTF8_EXCERPT + 4];
				er_table_warn(d, r, cols[i + 1] + 1, "bad indicator '%s': %s",
				              er_utf8_excerpt(v, vl, shown, sizeof shown),
				              res != ER_NUM_OK ? er_num_strerror(res) : "negative");
				(*errors)++;
				continue;
			}
			*dst[i] = num;
		}
	}
	er_reader_close(r);
	return status;
}

int
er_profile_enterprise_load_scores(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                  const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"id", "grade"};
	long idx[2];
	int status = 0;
	er_reader *r;
	status = er_table_open(&r, path, o, cols, 2, idx, err);
	if (!r)
		return status;
	while (er_table_next(d, r, "malformed row: ", errors, err, &status) == 1) {
		size_t il, gl;
		const char *id = er_table_field(r, idx[0], &il);
		const char *g = er_table_field(r, idx[1], &gl);
		int grade = er_grade_parse(g, gl);
		if (il == 0 || grade < 0) {
			char shown[ER_UTF8_EXCERPT + 4];
			er_table_warn(d, r, il == 0 ? "id" : "grade", il == 0 ? "empty id" : "bad grade '%s'",
			              er_utf8_excerpt(g, gl, shown, sizeof shown));
			(*errors)++;
			continue;
		}
		struct er_profile_features *x = entity(e, id, il);
		if (!x) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		x->grade = grade;
	}
	er_reader_close(r);
	return status;
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

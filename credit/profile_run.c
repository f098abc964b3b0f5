/* profile_run: joins subjects, tags, real-name registry and enterprise indicators into
 * profile rows. Side tables are loaded first; subjects stream. */
#include "credit/profile_run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "credit/profile.h"
#include "credit/profile_enterprise.h"
#include "credit/profile_realname.h"
#include "lib/cli.h"
#include "lib/table.h"
#include "credit/profile_tags.h"
#include "lib/progress.h"
#include "lib/utf8.h"
#include "lib/writer.h"

static const char *const out_cols[] = {"subject_id",    "identity_ok",  "priority_level", "monthly_income",
                                       "monthly_spend", "monthly_flow", "debt_service",   "max_capacity",
                                       "min_capacity",  "completed",    "uncompleted",    "problems"};
#define NOUT (sizeof out_cols / sizeof out_cols[0])

/* Output column of each attribute, in enum er_profile_attr order. */
static const char *const attr_cols[ER_ATTR_COUNT] = {"monthly_income", "monthly_spend", "monthly_flow", "debt_service",
                                                     "priority_level", "completed",     "uncompleted"};

struct run {
	const struct er_profile_opts *o;
	er_writer *w;
	er_profile_tags *tags;
	er_profile_realname *realname;
	er_profile_enterprise *ent;
	unsigned char *ent_done; /* by enterprise: already written from a subject row */
	unsigned long *errors;
};

static int
put_money(er_writer *w, double v)
{
	return er_writer_double(w, er_profile_cents(v));
}

static int
write_profile(struct run *run, const char *id, size_t idlen, int identity_ok, double attr[ER_ATTR_COUNT],
              const char *problems)
{
	double mx, mn;
	er_profile_capacity(run->o->policy, attr, &mx, &mn);
	er_writer *w = run->w;
	char shown[256];
	er_profile_shown_id(id, idlen, run->o->mask_pii, shown, sizeof shown);
	int rc = 0;
	rc |= er_writer_str(w, shown);
	rc |= er_writer_int(w, identity_ok);
	rc |= er_writer_double(w, attr[ER_ATTR_PRIORITY_LEVEL]);
	rc |= put_money(w, attr[ER_ATTR_INCOME]);
	rc |= put_money(w, attr[ER_ATTR_SPEND]);
	rc |= put_money(w, attr[ER_ATTR_FLOW]);
	rc |= put_money(w, attr[ER_ATTR_DEBT_SERVICE]);
	rc |= put_money(w, mx);
	rc |= put_money(w, mn);
	rc |= er_writer_double(w, attr[ER_ATTR_COMPLETED]);
	rc |= er_writer_double(w, attr[ER_ATTR_UNCOMPLETED]);
	rc |= er_writer_str(w, problems);
	rc |= er_writer_end_row(w);
	return rc;
}

/* Fills the enterprise attributes of ID when indicators or a grade are known for it. */
static void
apply_enterprise(struct run *run, const char *id, size_t len, double attr[ER_ATTR_COUNT], char *problems)
{
	if (!run->ent)
		return;
	long k = er_profile_enterprise_find(run->ent, id, len);
	if (k < 0)
		return;
	run->ent_done[k] = 1;
	er_profile_from_features(run->o->policy, er_profile_enterprise_get(run->ent, (size_t)k), attr, problems);
}

static int
load_side_tables(struct run *run, char *err)
{
	const struct er_profile_opts *o = run->o;
	const struct er_reader_opts *ro = &o->io->in;
	int st;
	if (o->identity) {
		if ((st = er_profile_realname_load(o->diag, &run->realname, o->identity, ro, run->errors, err)) != 0)
			return st;
	}
	if (o->tags) {
		run->tags = er_profile_tags_new();
		if (!run->tags)
			return er_fail(err, ER_ENOMEM, "out of memory");
		if (o->synonyms &&
		    (st = er_profile_tags_load_synonyms(o->diag, run->tags, o->synonyms, ro, run->errors, err)))
			return st;
		if (o->scenario &&
		    (st = er_profile_tags_load_scenario(o->diag, run->tags, o->scenario, o->scenario_name, ro,
		                                        run->errors, err)))
			return st;
		unsigned long ignored = 0;
		if ((st = er_profile_tags_load(o->diag, run->tags, o->tags, ro, run->errors, &ignored, err)))
			return st;
		if (!o->io->quiet && ignored)
			er_diag_msg(o->diag, "%lu tags feed no attribute and were left out", ignored);
	}
	if (o->features || o->scores) {
		run->ent = er_profile_enterprise_new();
		if (!run->ent)
			return er_fail(err, ER_ENOMEM, "out of memory");
		if (o->features &&
		    (st = er_profile_enterprise_load_features(o->diag, run->ent, o->features, ro, run->errors, err)))
			return st;
		if (o->scores &&
		    (st = er_profile_enterprise_load_scores(o->diag, run->ent, o->scores, ro, run->errors, err)))
			return st;
		run->ent_done = calloc(er_profile_enterprise_count(run->ent) + 1, 1);
		if (!run->ent_done)
			return er_fail(err, ER_ENOMEM, "out of memory");
	}
	return 0;
}

static int
open_writer(struct run *run, const er_reader *r)
{
	if (run->w)
		return 0;
	if (r)
		er_cli_io_follow(run->o->io, r);
	run->w = er_writer_open(STDOUT_FILENO, "stdout", &run->o->io->out);
	if (!run->w)
		return ER_ENOMEM;
	if (er_writer_row(run->w, out_cols, NOUT) != 0)
		return ER_EIO;
	return 0;
}

/* Streams the subject files, one profile row each. */
static int
run_subjects(struct run *run, unsigned long *rows, char *err)
{
	const struct er_profile_opts *o = run->o;
	int st = 0;
	er_reader *r;
	st = er_reader_open(&r, o->subjects, o->nsubjects, &o->io->in, err);
	if (!r)
		return st;
	long c_id = er_reader_require(r, "subject_id", err);
	if (c_id < 0 && er_reader_ncols(r) > 0) {
		er_reader_close(r);
		return ER_EIO;
	}
	long c_idnum = er_reader_col(r, "id_number");
	long c_phone = er_reader_col(r, "phone");
	long c_name = er_reader_col(r, "name");
	long c_attr[ER_ATTR_COUNT];
	for (int a = 0; a < ER_ATTR_COUNT; a++) {
		c_attr[a] = er_reader_col(r, attr_cols[a]);
		if (c_attr[a] < 0)
			c_attr[a] = er_reader_col(r, er_profile_attr_name(a));
	}
	if ((st = open_writer(run, r)) != 0) {
		er_reader_close(r);
		return st == ER_EIO ? er_fail(err, ER_EIO, "%s", er_writer_error(run->w)) : ER_ENOMEM;
	}
	struct er_progress prog;
	er_progress_start(&prog, o->io->progress, er_reader_size(r));
	int got;
	while ((got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL) {
			st = er_fail(err, er_reader_fail_status(r), "%s", er_reader_error(r));
			break;
		}
		if (got == ER_ROW_BAD) {
			er_table_warn(o->diag, r, NULL, "malformed row: %s", er_reader_error(r));
			(*run->errors)++;
			continue;
		}
		size_t idlen;
		const char *id = er_table_field(r, c_id, &idlen);
		char problems[ER_PROFILE_PROBLEMLEN] = "";
		double attr[ER_ATTR_COUNT];
		for (int a = 0; a < ER_ATTR_COUNT; a++) {
			attr[a] = NAN;
			size_t vl;
			const char *v = er_table_num_field(r, c_attr[a], &vl);
			if (vl == 0)
				continue;
			char why[ER_ERRLEN];
			if (er_profile_attr_value(a, v, vl, &attr[a], why) != 0) {
				char shown[ER_UTF8_EXCERPT + 4];
				er_table_warn(o->diag, r, er_reader_colname(r, (size_t)c_attr[a]), "bad %s '%s': %s",
				              er_profile_attr_name(a), er_utf8_excerpt(v, vl, shown, sizeof shown),
				              why);
				er_profile_problem(problems, "%s: %s", er_profile_attr_name(a), why);
				(*run->errors)++;
			}
		}
		if (run->tags)
			er_profile_tags_apply(run->tags, id, idlen, attr, problems);
		apply_enterprise(run, id, idlen, attr, problems);
		size_t nl, pl;
		const char *idnum = er_table_field(r, c_idnum, &nl);
		const char *phone = er_table_field(r, c_phone, &pl);
		int ok = er_profile_identity(idnum, nl, phone, pl, o->today, problems);
		if (run->realname && nl > 0 && pl > 0) {
			char why[ER_ERRLEN];
			if (!er_profile_realname_check(run->realname, idnum, nl, phone, pl,
			                               er_table_field(r, c_name, NULL), why)) {
				er_profile_problem(problems, "%s", why);
				ok = 0;
			}
		}
		if (isnan(attr[ER_ATTR_INCOME]))
			er_profile_problem(problems, "no income: capacity unknown");
		if (write_profile(run, id, idlen, ok, attr, problems) != 0) {
			st = er_fail(err, ER_EIO, "%s", er_writer_error(run->w));
			break;
		}
		(*rows)++;
		er_progress_rows(&prog, r);
	}
	er_progress_end(&prog);
	er_reader_close(r);
	return st;
}

/* Enterprises known only from er-features / er-score output: their id is the
 * identity checked (a unified social credit code with --by enterprise). */
static int
run_enterprises(struct run *run, unsigned long *rows, char *err)
{
	size_t n = er_profile_enterprise_count(run->ent);
	for (size_t k = 0; k < n; k++) {
		if (run->ent_done[k])
			continue;
		const char *id = er_profile_enterprise_id(run->ent, k);
		size_t idlen = strlen(id);
		char problems[ER_PROFILE_PROBLEMLEN] = "";
		double attr[ER_ATTR_COUNT];
		for (int a = 0; a < ER_ATTR_COUNT; a++)
			attr[a] = NAN;
		if (run->tags)
			er_profile_tags_apply(run->tags, id, idlen, attr, problems);
		er_profile_from_features(run->o->policy, er_profile_enterprise_get(run->ent, k), attr, problems);
		int ok = er_profile_identity(id, idlen, "", 0, run->o->today, problems);
		if (isnan(attr[ER_ATTR_INCOME]))
			er_profile_problem(problems, "no income: capacity unknown");
		if (write_profile(run, id, idlen, ok, attr, problems) != 0)
			return er_fail(err, ER_EIO, "%s", er_writer_error(run->w));
		(*rows)++;
	}
	return 0;
}

int
er_profile_run(const struct er_profile_opts *o, unsigned long *errors, unsigned long *rows, char *err)
{
	struct run run = {.o = o, .errors = errors};
	int st = load_side_tables(&run, err);
	int read_subjects = o->nsubjects > 0 || !(o->features || o->scores);
	if (st == 0 && read_subjects)
		st = run_subjects(&run, rows, err);
	if (st == 0 && !run.w)
		st = open_writer(&run, NULL) == 0 ? 0 : er_fail(err, ER_EIO, "%s", er_writer_error(run.w));
	if (st == 0 && run.ent)
		st = run_enterprises(&run, rows, err);
	if (st == 0 && run.tags)
		*errors += er_profile_tags_report_unused(o->diag, run.tags, o->mask_pii);
	if (run.w && er_writer_flush(run.w) != 0 && st == 0)
		st = er_fail(err, ER_EIO, "%s", er_writer_error(run.w));
	if (er_writer_close(run.w) != 0 && st == 0)
		st = er_fail(err, ER_EIO, "write error 'stdout'");
	er_profile_tags_free(run.tags);
	er_profile_realname_free(run.realname);
	er_profile_enterprise_free(run.ent);
	free(run.ent_done);
	return st;
}

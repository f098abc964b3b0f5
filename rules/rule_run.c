/* rule_run: the row loop of er-verify. */
#include "rules/rule_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "rules/rule_calib.h"
#include "rules/rule_text.h"

static long
lookup_column(const char *name, void *ctx)
{
	return er_reader_col((const er_reader *)ctx, name);
}

/* Reports a row problem, only the first few, so a bad column does not flood stderr. */
static void
row_warning(const struct er_rule_run_opts *o, struct er_rule_run_stats *st, const er_reader *r, const char *what)
{
	uint64_t n = st->rejected + st->value_errors;
	char where[ER_WHERELEN];
	if (n <= ER_RULE_RUN_MAX_WARN)
		er_diag_msg(o->diag, "%s%s", what, er_reader_where(r, NULL, where, sizeof where));
}

static int
write_header(er_writer *w, enum er_rule_run_mode mode)
{
	static const char *const detail[] = {"id",       "rule",   "indicator", "value",
	                                     "interval", "result", "severity",  "message"};
	static const char *const summary[] = {"id", "worst", "hits", "fail", "warn", "info", "na", "rules"};
	if (mode == ER_RULE_RUN_DETAIL)
		return er_writer_row(w, detail, sizeof detail / sizeof detail[0]);
	return er_writer_row(w, summary, sizeof summary / sizeof summary[0]);
}

static const char *
result_name(int res)
{
	return res == ER_RULE_HIT ? "hit" : res == ER_RULE_PASS ? "pass" : "na";
}

static int
write_detail(er_writer *w, const er_reader *r, size_t id_col, const struct er_rule *rule, int res)
{
	size_t vs = rule->indicator_slot;
	int s = er_writer_field(w, er_reader_field(r, id_col), er_reader_field_len(r, id_col));
	s = s ? s : er_writer_str(w, rule->id);
	s = s ? s : er_writer_str(w, rule->indicator);
	s = s ? s : er_writer_field(w, er_reader_field(r, vs), er_reader_field_len(r, vs));
	s = s ? s : er_writer_str(w, rule->condition);
	s = s ? s : er_writer_str(w, result_name(res));
	s = s ? s : er_writer_str(w, er_rule_severity_name(rule->severity));
	s = s ? s : er_writer_str(w, rule->message);
	s = s ? s : er_writer_end_row(w);
	return s;
}

static int
write_summary(er_writer *w, const er_reader *r, size_t id_col, const struct er_rule_set *rs, const signed char *results,
              struct er_buf *buf)
{
	unsigned n[4] = {0, 0, 0, 0}, na = 0;
	int worst = ER_SEV_NONE;
	er_buf_reset(buf);
	for (size_t i = 0; i < rs->n; i++) {
		if (results[i] == ER_RULE_HIT) {
			int sev = rs->rules[i].severity;
			n[sev]++;
			if (sev > worst)
				worst = sev;
			if ((buf->len && er_buf_add(buf, " ", 1) < 0) || er_buf_adds(buf, rs->rules[i].id) < 0)
				return ER_ENOMEM;
		} else if (results[i] != ER_RULE_PASS) {
			na++;
		}
	}
	int s = er_writer_field(w, er_reader_field(r, id_col), er_reader_field_len(r, id_col));
	s = s ? s : er_writer_str(w, er_rule_severity_name(worst));
	s = s ? s : er_writer_int(w, n[ER_SEV_FAIL] + n[ER_SEV_WARN] + n[ER_SEV_INFO]);
	s = s ? s : er_writer_int(w, n[ER_SEV_FAIL]);
	s = s ? s : er_writer_int(w, n[ER_SEV_WARN]);
	s = s ? s : er_writer_int(w, n[ER_SEV_INFO]);
	s = s ? s : er_writer_int(w, na);
	s = s ? s : er_writer_field(w, er_buf_cstr(buf), buf->len);
	s = s ? s : er_writer_end_row(w);
	return s;
}

/* The label of the current row: ER_LABEL_* from the label column or the label table. */
static int
row_label(const struct er_rule_run_opts *o, const er_reader *r, size_t id_col, long label_col)
{
	if (o->labels)
		return er_label_table_get(o->labels, er_reader_field(r, id_col), er_reader_field_len(r, id_col));
	return er_label_parse(o->label, er_reader_field(r, (size_t)label_col),
	                      er_reader_field_len(r, (size_t)label_col));
}

int
er_rule_run(struct er_rule_set *rs, er_reader *r, er_writer *w, const struct er_rule_run_opts *o,
            struct er_rule_run_stats *st, char *err)
{
	memset(st, 0, sizeof *st);
	const char *id_name = o->id_col ? o->id_col : "id";
	long id_col = er_reader_require(r, id_name, err);
	if (id_col < 0)
		return ER_EDATA;
	long label_col = -1;
	if (o->mode == ER_RULE_RUN_CALIBRATE && !o->labels) {
		label_col = er_reader_require(r, o->label_col ? o->label_col : "label", err);
		if (label_col < 0)
			return ER_EDATA;
	}
	int status = er_rule_set_bind(rs, lookup_column, r, o->drop_missing, &st->dropped, err);
	if (status != 0)
		return status;
	if (st->dropped)
		er_diag_msg(o->diag, "dropped %zu rules naming absent indicators; first: %s", st->dropped, err);
	err[0] = '\0';

	size_t ncols = er_reader_ncols(r);
	struct er_rule_value *values = calloc(ncols ? ncols : 1, sizeof *values);
	signed char *results = calloc(rs->n ? rs->n : 1, 1);
	struct er_buf buf = ER_BUF_INIT;
	struct er_rule_calib cal = {0};
	if (!values || !results || (o->mode == ER_RULE_RUN_CALIBRATE && er_rule_calib_init(&cal, rs->n) < 0)) {
		status = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	if (o->mode != ER_RULE_RUN_CALIBRATE && (status = write_header(w, o->mode)) != 0)
		goto write_failed;

	char why[ER_ERRLEN];
	int rc;
	while ((rc = er_reader_next(r)) != 0) {
		if (rc == ER_READ_FAIL) {
			status = er_fail(err, er_reader_fail_status(r), "%s", er_reader_error(r));
			goto done;
		}
		st->rows++;
		er_progress_rows(o->progress, r);
		if (rc == ER_ROW_BAD || er_reader_field_len(r, (size_t)id_col) == 0) {
			st->rejected++;
			row_warning(o, st, r, rc == ER_ROW_BAD ? er_reader_error(r) : "empty id");
			continue;
		}
		int label = ER_LABEL_GOOD;
		if (o->mode == ER_RULE_RUN_CALIBRATE) {
			label = row_label(o, r, (size_t)id_col, label_col);
			if (label == ER_LABEL_MISSING) {
				st->unlabelled++;
				continue;
			}
			if (label == ER_LABEL_UNKNOWN) {
				st->rejected++;
				snprintf(why, sizeof why, "bad label '%.40s'", er_reader_field(r, (size_t)label_col));
				row_warning(o, st, r, why);
				continue;
			}
		}
		size_t nf = er_reader_nfields(r);
		for (size_t i = 0; i < ncols; i++) {
			values[i].s = er_reader_field(r, i);
			values[i].len = i < nf ? er_reader_field_len(r, i) : 0;
			/* NA, NULL, - ... (or --na) are missing: the rule's NA result, not a bad number */
			if (values[i].len && er_reader_is_na(r, values[i].s, values[i].len))
				values[i].len = 0;
		}
		int failed = 0;
		for (size_t i = 0; i < rs->n; i++) {
			const struct er_rule *rule = &rs->rules[i];
			int res = er_rule_cond_eval(rule->cond, values, ncols, why);
			if (res == ER_RULE_BAD) {
				st->value_errors++;
				char msg[ER_ERRLEN + 64];
				snprintf(msg, sizeof msg, "%s in rule '%s'", why, rule->id);
				row_warning(o, st, r, msg);
				res = ER_RULE_NA;
			}
			results[i] = (signed char)res;
			if (res == ER_RULE_HIT) {
				st->hits[rule->severity]++;
				failed |= rule->severity == ER_SEV_FAIL;
			}
			if (o->mode == ER_RULE_RUN_DETAIL && (!o->hits_only || res == ER_RULE_HIT) &&
			    (status = write_detail(w, r, (size_t)id_col, rule, res)) != 0)
				goto write_failed;
		}
		st->entities_failed += (uint64_t)failed;
		if (o->mode == ER_RULE_RUN_SUMMARY &&
		    (status = write_summary(w, r, (size_t)id_col, rs, results, &buf)) != 0)
			goto write_failed;
		if (o->mode == ER_RULE_RUN_CALIBRATE)
			er_rule_calib_add(&cal, results, label == ER_LABEL_BAD);
	}
	if (o->mode == ER_RULE_RUN_CALIBRATE) {
		st->labelled = cal.rows;
		st->bad = cal.bad;
		if ((status = er_rule_calib_write(&cal, rs, w)) != 0)
			goto write_failed;
	}
	goto done;
write_failed:
	if (status == ER_ENOMEM)
		er_fail(err, ER_ENOMEM, "out of memory");
	else
		er_fail(err, status, "%s", er_writer_error(w));
done:
	free(values);
	free(results);
	er_buf_release(&buf);
	er_rule_calib_free(&cal);
	return status;
}

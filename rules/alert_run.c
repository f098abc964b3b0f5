/* alert_run: the join, the policy, the state and the output of er-alert. */
#include "rules/alert_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/applog.h"
#include "lib/audit.h"
#include "lib/jsonl.h"
#include "lib/strmap.h"
#include "lib/vec.h"
#include "rules/alert_track.h"
#include "lib/err.h"
#include "lib/num.h"
#include "rules/rule_text.h"

const char er_alert_history_header[] =
	"date,id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status\n";

enum input_kind { IN_SCORES, IN_DETAIL, IN_SUMMARY };

/* Policy variables; columns of the scores input follow at NVARS + column. */
enum { VAR_SCORE, VAR_PD, VAR_GRADE, VAR_SCORE_CHANGE, VAR_HITS, VAR_FAIL, VAR_WARN, VAR_INFO, NVARS };
static const char *const var_names[NVARS] = {"score", "pd", "grade", "score_change", "hits", "fail", "warn", "info"};

struct input {
	er_reader *r;
	enum input_kind kind;
	long id;
	long score, pd, grade, asof, reason[3], model_id; /* scores */
	long rule, result, severity;                      /* detail */
	long fail, warn, info, rules;                     /* summary */
};

/* What er-verify said about one id. */
struct checks {
	unsigned fail, warn, info;
	struct er_buf rules;
	int seen;   /* the stream mentioned the id */
	int loaded; /* verification rows were read for the id */
};

/* A scores row kept from the input read whole. */
struct score_row {
	char *block;  /* all fields, NUL-separated */
	size_t *lens; /* field lengths; offsets follow from them */
	int seen;
};

struct engine {
	const struct er_alert_run_opts *o;
	struct er_alert_run_stats *st;
	er_writer *w;
	struct input *scores, *verify; /* NULL when not given */
	size_t nscols;                 /* columns of the scores input */
	struct er_rule_value *values;  /* NVARS + nscols */
	double *band;                  /* the policy's dead band per value: score and score_change */
	struct er_rule_value *srow;    /* the scores row being evaluated (nscols) */
	er_strmap *ids;                /* ids of the input read whole, in order: index in rows, checks */
	struct checks *checks;
	struct score_row *rows;
	size_t nloaded, checks_cap, rows_cap;
	char *err;
	er_day today;
	er_day prev_run; /* the state's last run before this one */
	long seq_col;    /* the scores' seq column (er-features --state), -1: none */
	uint64_t seq;    /* the seq of the row being evaluated, 0: none */
	char seq_text[24];
};

static long
col(const er_reader *r, const char *name)
{
	return er_reader_col(r, name);
}

/* Tells what IN holds from its header. Returns 0, ER_EUSAGE when it is neither kind or
 * ER_EDATA when it has no id column, with ERR. */
static int
classify(struct input *in, const char *id_col, char *err)
{
	er_reader *r = in->r;
	in->id = col(r, id_col);
	if (col(r, "score") >= 0) {
		in->kind = IN_SCORES;
		in->score = col(r, "score");
		in->pd = col(r, "pd");
		in->grade = col(r, "grade");
		in->asof = col(r, "asof");
		in->model_id = col(r, "model_id");
		static const char *const reasons[3] = {"reason1", "reason2", "reason3"};
		for (int i = 0; i < 3; i++)
			in->reason[i] = col(r, reasons[i]);
	} else if (col(r, "rule") >= 0 && col(r, "result") >= 0 && col(r, "severity") >= 0) {
		in->kind = IN_DETAIL;
		in->rule = col(r, "rule");
		in->result = col(r, "result");
		in->severity = col(r, "severity");
	} else if (col(r, "worst") >= 0 && col(r, "fail") >= 0 && col(r, "warn") >= 0 && col(r, "info") >= 0 &&
	           col(r, "rules") >= 0) {
		in->kind = IN_SUMMARY;
		in->fail = col(r, "fail");
		in->warn = col(r, "warn");
		in->info = col(r, "info");
		in->rules = col(r, "rules");
	} else {
		return er_fail(err, ER_EUSAGE, "not er-score or er-verify output '%s' (no score, rule or worst column)",
		               er_reader_filename(r));
	}
	if (in->id < 0) {
		er_reader_require(r, id_col, err);
		return ER_EDATA;
	}
	return 0;
}

static const char *
field(const er_reader *r, long i, size_t *len)
{
	if (i < 0) {
		*len = 0;
		return "";
	}
	*len = er_reader_field_len(r, (size_t)i);
	return er_reader_field(r, (size_t)i);
}

static void
row_problem(struct engine *g, const er_reader *r, const char *what)
{
	char where[ER_WHERELEN];
	if (++g->st->rejected <= 10)
		er_diag_msg(g->o->diag, "%s%s", what, er_reader_where(r, NULL, where, sizeof where));
}

/* Adds detail row or summary row R to C. Returns 0, ER_ENOMEM or ER_EDATA (a bad count). */
static int
add_checks(struct checks *c, const struct input *in)
{
	size_t n;
	if (in->kind == IN_DETAIL) {
		const char *res = field(in->r, in->result, &n);
		if (n != 3 || memcmp(res, "hit", 3) != 0)
			return 0;
		const char *sev = field(in->r, in->severity, &n);
		if (n == 4 && memcmp(sev, "fail", 4) == 0)
			c->fail++;
		else if (n == 4 && memcmp(sev, "warn", 4) == 0)
			c->warn++;
		else
			c->info++;
		const char *rule = field(in->r, in->rule, &n);
		if ((c->rules.len && er_buf_add(&c->rules, " ", 1) < 0) || er_buf_add(&c->rules, rule, n) < 0)
			return ER_ENOMEM;
		return 0;
	}
	long long v[3];
	long cols[3] = {in->fail, in->warn, in->info};
	for (int i = 0; i < 3; i++) {
		const char *s = field(in->r, cols[i], &n);
		if (er_num_parse_int(s, n, &v[i]) != ER_NUM_OK || v[i] < 0)
			return ER_EDATA;
	}
	c->fail = (unsigned)v[0];
	c->warn = (unsigned)v[1];
	c->info = (unsigned)v[2];
	c->rules.len = 0;
	const char *rules = field(in->r, in->rules, &n);
	return er_buf_add(&c->rules, rules, n) < 0 ? ER_ENOMEM : 0;
}

static int
grow_loaded(struct engine *g)
{
	return ER_GROW(g->checks, g->checks_cap, g->nloaded + 1) < 0 ||
			ER_GROW(g->rows, g->rows_cap, g->nloaded + 1) < 0
		? -1
		: 0;
}

/* Copies the current row of IN into a score_row. */
static int
keep_score_row(struct score_row *sr, const er_reader *r, size_t ncols)
{
	size_t total = 0;
	for (size_t i = 0; i < ncols; i++)
		total += er_reader_field_len(r, i) + 1;
	sr->block = malloc(total ? total : 1);
	sr->lens = malloc((ncols ? ncols : 1) * sizeof *sr->lens);
	if (!sr->block || !sr->lens) {
		free(sr->block);
		free(sr->lens);
		return -1;
	}
	char *p = sr->block;
	for (size_t i = 0; i < ncols; i++) {
		size_t n = er_reader_field_len(r, i);
		memcpy(p, er_reader_field(r, i), n);
		p[n] = '\0';
		/* a missing-value marker is kept as the empty field it stands for */
		sr->lens[i] = er_reader_is_na(r, p, n) ? 0 : n;
		p += n + 1;
	}
	sr->seen = 0;
	return 0;
}

static void
score_row_view(const struct score_row *sr, struct er_rule_value *out, size_t ncols)
{
	const char *p = sr->block;
	for (size_t i = 0; i < ncols; i++) {
		out[i].s = p;
		out[i].len = sr->lens[i];
		p += sr->lens[i] + 1;
	}
}

/* Reads the input that is not streamed, whole, into the engine's maps. */
static int
load_side(struct engine *g, struct input *in)
{
	int rc;
	while ((rc = er_reader_next(in->r)) != 0) {
		if (rc == ER_READ_FAIL)
			return er_fail(g->err, er_reader_fail_status(in->r), "%s", er_reader_error(in->r));
		size_t idlen;
		const char *id = field(in->r, in->id, &idlen);
		if (rc == ER_ROW_BAD || idlen == 0) {
			row_problem(g, in->r, rc == ER_ROW_BAD ? er_reader_error(in->r) : "empty id");
			continue;
		}
		long at = er_strmap_find(g->ids, id, idlen);
		if (at < 0) {
			if (grow_loaded(g) < 0 || er_strmap_intern(g->ids, id, idlen, NULL) < 0)
				return er_fail(g->err, ER_ENOMEM, "out of memory");
			at = (long)g->nloaded++;
			g->rows[at] = (struct score_row){0};
			g->checks[at] = (struct checks){0};
		}
		if (in->kind == IN_SCORES) {
			struct score_row sr;
			if (keep_score_row(&sr, in->r, g->nscols) < 0)
				return er_fail(g->err, ER_ENOMEM, "out of memory");
			free(g->rows[at].block);
			free(g->rows[at].lens);
			g->rows[at] = sr; /* the last row of an id wins */
		} else {
			g->checks[at].loaded = 1;
			int ac = add_checks(&g->checks[at], in);
			if (ac == ER_ENOMEM)
				return er_fail(g->err, ER_ENOMEM, "out of memory");
			if (ac == ER_EDATA)
				row_problem(g, in->r, "bad hit count");
		}
	}
	return 0;
}

static long
lookup_var(const char *name, void *ctx)
{
	struct engine *g = ctx;
	for (int i = 0; i < NVARS; i++)
		if (strcmp(name, var_names[i]) == 0)
			return i;
	if (g->scores) {
		long c = er_reader_col(g->scores->r, name);
		if (c >= 0)
			return NVARS + c;
	}
	return -1;
}

static int
add_reason(struct er_buf *b, const char *s, size_t n)
{
	if (b->len && er_buf_add(b, "; ", 2) < 0)
		return -1;
	return er_buf_add(b, s, n);
}

static void
set_value(struct er_rule_value *v, const char *s, size_t len)
{
	v->s = s;
	v->len = len;
}

/* Writes the alert row F. */
static int
write_alert(struct engine *g, const char *const f[10])
{
	int s = 0;
	for (int i = 0; i < 10 && s == 0; i++)
		s = er_writer_str(g->w, f[i]);
	s = s ? s : er_writer_str(g->w, g->o->policy->id);
	/* the feed position, so a line written again after a restart is a byte-identical duplicate */
	if (g->seq_col >= 0)
		s = s ? s : er_writer_str(g->w, g->seq ? g->seq_text : "");
	s = s ? s : er_writer_end_row(g->w);
	if (s != 0)
		return er_fail(g->err, s, "%s", er_writer_error(g->w));
	return 0;
}

static int
append_history(struct engine *g, const char *const f[10], er_day day)
{
	if (g->o->history_fd < 0)
		return 0;
	struct er_buf line = ER_BUF_INIT;
	char date[16];
	er_date_format(date, day);
	int bad = er_rule_text_csv(&line, date, 1);
	for (int i = 0; i < 10; i++)
		bad |= er_rule_text_csv(&line, f[i], 0);
	bad |= er_buf_add(&line, "\n", 1);
	int s = bad ? er_fail(g->err, ER_ENOMEM, "out of memory")
		: g->o->history_pending
		? (er_buf_add(g->o->history_pending, line.p, line.len) < 0 ? er_fail(g->err, ER_ENOMEM, "out of memory")
	                                                                   : 0)
		: er_applog_append(g->o->history_fd, line.p, line.len, g->o->history_path, "history", g->err);
	er_buf_release(&line);
	return s;
}

/* Adds the items of LIST, separated by SEP, as strings of the array KEY. */
static int
audit_list(struct er_buf *b, const char *key, const char *list, const char *sep)
{
	int bad = er_jsonl_open(b, key, '[');
	for (const char *p = list; !bad && *p;) {
		const char *end = strstr(p, sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bad = er_jsonl_str(b, NULL, p, n);
		p += n + (end ? strlen(sep) : 0);
	}
	return bad || er_jsonl_close(b, ']');
}

/* The audit line of the alert F (the output row's fields) on score row SROW (or NULL): what
 * the level was decided on (the score, pd, change and hit counts) and the policy's reasons. */
static int
audit_alert(struct engine *g, const char *const f[10], const struct er_rule_value *v, const struct er_rule_value *srow)
{
	const struct input *sc = g->scores;
	struct er_buf *b = er_audit_line(g->o->audit);
	int bad = !b || er_jsonl_str(b, "id", f[0], strlen(f[0])) || er_jsonl_str(b, "level", f[1], strlen(f[1])) ||
		er_jsonl_str(b, "status", f[9], strlen(f[9])) || er_jsonl_str(b, "grade", f[3], strlen(f[3]));
	if (!bad && srow && sc->model_id >= 0)
		bad = er_jsonl_str(b, "model_id", srow[sc->model_id].s, srow[sc->model_id].len);
	bad = bad || er_jsonl_open(b, "values", '{');
	for (int k = VAR_SCORE; !bad && k <= VAR_INFO; k++)
		if (v[k].len)
			bad = er_jsonl_str(b, var_names[k], v[k].s, v[k].len);
	bad = bad || er_jsonl_close(b, '}') || audit_list(b, "rules", f[5], " ") ||
		audit_list(b, "reasons", f[6], "; ");
	if (bad)
		return er_fail(g->err, ER_ENOMEM, "out of memory");
	return er_audit_commit(g->o->audit, g->err);
}

/* Evaluates one entity: SROW (nscols values, or NULL) and CK (or NULL). Over 120 lines: the
 * level, the transition against the stored state, the cool-down and the output row are one
 * decision per entity whose order matters (a cleared alert must not be written twice). */
static int
evaluate(struct engine *g, const char *id, size_t idlen, const struct er_rule_value *srow, const struct checks *ck,
         const er_reader *where)
{
	const struct input *sc = g->scores;
	struct er_rule_value *v = g->values;
	memset(v, 0, (NVARS + g->nscols) * sizeof *v);
	double score = NAN;
	er_day day = g->o->date;
	if (srow) {
		for (size_t i = 0; i < g->nscols; i++)
			v[NVARS + i] = srow[i];
		v[VAR_SCORE] = srow[sc->score];
		if (sc->pd >= 0)
			v[VAR_PD] = srow[sc->pd];
		if (sc->grade >= 0)
			v[VAR_GRADE] = srow[sc->grade];
		if (v[VAR_SCORE].len && er_num_parse(v[VAR_SCORE].s, v[VAR_SCORE].len, &score) != ER_NUM_OK) {
			row_problem(g, where, "score is not a number");
			return 0;
		}
		if (day == ER_NO_DAY && sc->asof >= 0 && srow[sc->asof].len &&
		    er_date_parse(srow[sc->asof].s, srow[sc->asof].len, NULL, &day, NULL) != ER_DATE_OK) {
			row_problem(g, where, "asof is not a date");
			return 0;
		}
	}
	if (day == ER_NO_DAY)
		day = g->today;
	/* a run older than the state would move its episodes backwards in time */
	er_day last_run = g->prev_run;
	if (last_run != ER_NO_DAY && day < last_run) {
		char d1[16], d2[16];
		er_date_format(d1, day);
		er_date_format(d2, last_run);
		return er_fail(g->err, ER_EIO, "run dated %s is before the last run %s of state '%s'", d1, d2,
		               g->o->state_path ? g->o->state_path : "");
	}
	er_alert_state_note_run(g->o->state, day);
	struct er_alert_entity *e = er_alert_state_get(g->o->state, id, idlen, 1);
	if (!e)
		return er_fail(g->err, ER_ENOMEM, "out of memory");
	/* in the scores' own precision: a drop of exactly 30.0 points must not compare as more */
	double change = er_alert_score_change(v[VAR_SCORE].s, v[VAR_SCORE].len, score, e->score);
	char change_s[ER_NUM_BUFLEN], counts[4][24];
	set_value(&v[VAR_SCORE_CHANGE], change_s, er_num_format(change_s, change));
	if (ck) {
		unsigned n[4] = {ck->fail + ck->warn + ck->info, ck->fail, ck->warn, ck->info};
		for (int i = 0; i < 4; i++)
			set_value(&v[VAR_HITS + i], counts[i],
			          (size_t)snprintf(counts[i], sizeof counts[i], "%u", n[i]));
	}
	struct er_buf reasons = ER_BUF_INIT;
	char why[ER_ERRLEN];
	int level = er_alert_policy_level_held(g->o->policy, v, NVARS + g->nscols, e->level, g->band, &reasons, why);
	int status = 0;
	if (level == -2) {
		char msg[ER_ERRLEN + 32];
		snprintf(msg, sizeof msg, "%s in the policy", why);
		row_problem(g, where, msg);
		goto done;
	}
	int oom = level == -1;
	if (g->verify && !ck)
		oom |= add_reason(&reasons, "no verification rows", 20) < 0;
	if (sc && !srow)
		oom |= add_reason(&reasons, "no score row", 12) < 0;
	if (srow && sc->reason[0] >= 0) {
		struct er_buf drivers = ER_BUF_INIT;
		for (int i = 0; i < 3 && !oom; i++) {
			if (sc->reason[i] < 0 || srow[sc->reason[i]].len == 0)
				continue;
			oom |= er_buf_adds(&drivers, drivers.len ? ", " : "drivers: ") < 0;
			oom |= er_buf_add(&drivers, srow[sc->reason[i]].s, srow[sc->reason[i]].len) < 0;
		}
		if (drivers.len)
			oom |= add_reason(&reasons, drivers.p, drivers.len) < 0;
		er_buf_release(&drivers);
	}
	if (oom) {
		status = er_fail(g->err, ER_ENOMEM, "out of memory");
		goto done;
	}
	/* the tracker keeps the grade string, which must be NUL-terminated */
	char grade[64] = "";
	if (srow && sc->grade >= 0) {
		size_t gl = srow[sc->grade].len < sizeof grade - 1 ? srow[sc->grade].len : sizeof grade - 1;
		memcpy(grade, srow[sc->grade].s, gl);
		grade[gl] = '\0';
	}
	struct er_alert_outcome out;
	const struct er_alert_hold hold = {g->o->policy->lower_after_runs, g->o->policy->lower_after_days};
	if (g->seq)
		e->last_seq = g->seq; /* saved with what this row does to the state */
	if (er_alert_track(e, level, ck ? er_buf_cstr(&ck->rules) : NULL, score, srow ? grade : NULL, day,
	                   g->o->cooldown, &hold, &out) < 0) {
		status = er_fail(g->err, ER_ENOMEM, "out of memory");
		goto done;
	}
	level = out.level;
	if (out.held) {
		char held[96];
		int n = snprintf(held, sizeof held, "held at %s: %d of %d clean evaluations",
		                 er_alert_level_name(level), out.held, hold.runs);
		if (add_reason(&reasons, held, (size_t)n) < 0) {
			status = er_fail(g->err, ER_ENOMEM, "out of memory");
			goto done;
		}
	}
	g->st->evaluated++;
	g->st->by_level[level]++;
	g->st->no_verify += (uint64_t)(g->verify && !ck);
	g->st->no_score += (uint64_t)(sc && !srow);
	g->st->suppressed += (uint64_t)(out.status == ER_ALERT_SUPPRESSED);
	if (!out.emit && !g->o->all)
		goto done;
	char score_s[ER_NUM_BUFLEN], first[16] = "", last[16] = "";
	er_num_format(score_s, score);
	if (out.first_seen != ER_NO_DAY && out.status != ER_ALERT_QUIET)
		er_date_format(first, out.first_seen);
	if (out.last_seen != ER_NO_DAY && out.status != ER_ALERT_QUIET)
		er_date_format(last, out.last_seen);
	char *idz = strndup(id, idlen);
	if (!idz) {
		status = er_fail(g->err, ER_ENOMEM, "out of memory");
		goto done;
	}
	const char *f[10] = {idz,
	                     er_alert_level_name(level),
	                     score_s,
	                     srow ? grade : "",
	                     change_s,
	                     ck ? er_buf_cstr(&ck->rules) : "",
	                     er_buf_cstr(&reasons),
	                     first,
	                     last,
	                     er_alert_status_name(out.status)};
	status = write_alert(g, f);
	if (status == 0 && out.emit) {
		g->st->written++;
		if (g->o->fail_on > ER_LEVEL_NONE && level >= g->o->fail_on)
			g->st->flagged = 1;
		status = append_history(g, f, day);
		if (status == 0 && g->o->audit)
			status = audit_alert(g, f, v, srow);
		if (status == 0 && g->o->save_each && g->o->state_path)
			status = er_alert_state_save(g->o->state, g->o->state_path, g->o->hook, g->err);
	}
	free(idz);
done:
	er_buf_release(&reasons);
	return status;
}

static void
reader_view(const er_reader *r, struct er_rule_value *out, size_t ncols)
{
	size_t nf = er_reader_nfields(r);
	for (size_t i = 0; i < ncols; i++) {
		out[i].s = er_reader_field(r, i);
		out[i].len = i < nf ? er_reader_field_len(r, i) : 0;
		if (out[i].len && er_reader_is_na(r, out[i].s, out[i].len))
			out[i].len = 0;
	}
}

/* Streams IN (scores or summary rows, one row per id), evaluating each row. */
static int
stream_side(struct engine *g, struct input *in)
{
	int status = 0, rc;
	while ((rc = er_reader_next(in->r)) != 0) {
		if (rc == ER_READ_FAIL)
			return er_fail(g->err, er_reader_fail_status(in->r), "%s", er_reader_error(in->r));
		size_t idlen = 0;
		const char *id = rc == 1 ? field(in->r, in->id, &idlen) : "";
		if (rc == ER_ROW_BAD || idlen == 0) {
			row_problem(g, in->r, rc == ER_ROW_BAD ? er_reader_error(in->r) : "empty id");
			continue;
		}
		if (in->kind == IN_SUMMARY) {
			struct checks one = {0};
			int ac = add_checks(&one, in);
			if (ac == ER_EDATA) {
				row_problem(g, in->r, "bad hit count");
				er_buf_release(&one.rules);
				continue;
			}
			long at = g->scores ? er_strmap_find(g->ids, id, idlen) : -1;
			if (at >= 0) {
				score_row_view(&g->rows[at], g->srow, g->nscols);
				g->rows[at].seen = 1;
			}
			status = ac == ER_ENOMEM ? er_fail(g->err, ER_ENOMEM, "out of memory")
						 : evaluate(g, id, idlen, at >= 0 ? g->srow : NULL, &one, in->r);
			er_buf_release(&one.rules);
		} else {
			long at = g->verify ? er_strmap_find(g->ids, id, idlen) : -1;
			if (at >= 0)
				g->checks[at].seen = 1;
			if (in == g->scores && g->seq_col >= 0) {
				/* a row at or before the entity's last evaluated position was resent after a
				 * restart upstream: evaluating it again would move its counters twice */
				size_t sl;
				const char *sv = field(in->r, g->seq_col, &sl);
				long long seq;
				if (sl == 0 || sl >= sizeof g->seq_text ||
				    er_num_parse_int(sv, sl, &seq) != ER_NUM_OK || seq < 1) {
					row_problem(g, in->r, "bad seq");
					continue;
				}
				const struct er_alert_entity *prev =
					g->o->state ? er_alert_state_get(g->o->state, id, idlen, 0) : NULL;
				if (prev && (uint64_t)seq <= prev->last_seq) {
					g->st->replayed++;
					continue;
				}
				g->seq = (uint64_t)seq;
				memcpy(g->seq_text, sv, sl);
				g->seq_text[sl] = '\0';
			}
			reader_view(in->r, g->srow, g->nscols);
			status = evaluate(g, id, idlen, g->srow, at >= 0 ? &g->checks[at] : NULL, in->r);
		}
		if (status != 0)
			return status;
	}
	return 0;
}

/* Evaluates every id loaded that the stream (if any) never mentioned, with its score row and
 * its checks when it has them. */
static int
evaluate_loaded(struct engine *g, const er_reader *where)
{
	for (size_t i = 0; i < g->nloaded; i++) {
		if (g->rows[i].seen || g->checks[i].seen)
			continue;
		size_t idlen;
		const char *id = er_strmap_key(g->ids, i, &idlen);
		if (g->rows[i].block)
			score_row_view(&g->rows[i], g->srow, g->nscols);
		int status = evaluate(g, id, idlen, g->rows[i].block ? g->srow : NULL,
		                      g->checks[i].loaded ? &g->checks[i] : NULL, where);
		if (status != 0)
			return status;
	}
	return 0;
}

int
er_alert_run(er_reader **inputs, size_t ninputs, er_writer *w, const struct er_alert_run_opts *o,
             struct er_alert_run_stats *st, char *err)
{
	memset(st, 0, sizeof *st);
	struct input in[2];
	memset(in, 0, sizeof in);
	struct engine g = {0};
	g.o = o;
	g.st = st;
	g.w = w;
	g.err = err;
	g.today = er_date_today();
	g.prev_run = er_alert_state_last_run(o->state);
	const char *id_col = o->id_col ? o->id_col : "id";
	if (ninputs < 1 || ninputs > 2)
		return er_fail(err, ER_EUSAGE, "expected one or two inputs");
	for (size_t i = 0; i < ninputs; i++) {
		in[i].r = inputs[i];
		int cst = classify(&in[i], id_col, err);
		if (cst != 0)
			return cst;
		struct input **slot = in[i].kind == IN_SCORES ? &g.scores : &g.verify;
		if (*slot)
			return er_fail(err, ER_EUSAGE, "two %s inputs '%s' and '%s'",
			               in[i].kind == IN_SCORES ? "score" : "verification",
			               er_reader_filename((*slot)->r), er_reader_filename(in[i].r));
		*slot = &in[i];
	}
	st->has_scores = g.scores != NULL;
	st->has_verify = g.verify != NULL;
	/* stream standard input when it is one of the inputs, else the scores */
	struct input *stream = g.scores ? g.scores : g.verify, *loaded = NULL;
	for (size_t i = 0; i < ninputs; i++)
		if (strcmp(er_reader_filename(in[i].r), "stdin") == 0)
			stream = &in[i];
	if (ninputs == 2)
		loaded = stream == &in[0] ? &in[1] : &in[0];

	g.nscols = g.scores ? er_reader_ncols(g.scores->r) : 0;
	int status = er_alert_policy_bind(o->policy, lookup_var, &g, err);
	if (status != 0)
		return status;
	g.values = calloc(NVARS + g.nscols, sizeof *g.values);
	g.band = calloc(NVARS + g.nscols, sizeof *g.band);
	g.srow = calloc(g.nscols ? g.nscols : 1, sizeof *g.srow);
	g.ids = er_strmap_new();
	if (!g.values || !g.band || !g.srow || !g.ids) {
		status = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	g.band[VAR_SCORE] = g.band[VAR_SCORE_CHANGE] = o->policy->dead_band;
	static const char *const header[] = {"id",      "level",      "score",     "grade",  "score_change", "hits",
	                                     "reasons", "first_seen", "last_seen", "status", "policy_id",    "seq"};
	g.seq_col = g.scores ? er_reader_col(g.scores->r, "seq") : -1;
	if ((status = er_writer_row(w, header, g.seq_col >= 0 ? 12 : 11)) != 0) {
		er_fail(err, status, "%s", er_writer_error(w));
		goto done;
	}
	if (stream->kind == IN_DETAIL) {
		/* detail rows are many per id, in any order (a pipe through sort or cat may mix
		 * them): both sides are read whole, grouped by id in order of first appearance */
		if ((status = load_side(&g, stream)) == 0 && loaded)
			status = load_side(&g, loaded);
		if (status == 0)
			status = evaluate_loaded(&g, stream->r);
		goto done;
	}
	if (loaded && (status = load_side(&g, loaded)) != 0)
		goto done;
	if ((status = stream_side(&g, stream)) != 0)
		goto done;
	if (loaded)
		status = evaluate_loaded(&g, loaded->r);
done:
	for (size_t i = 0; i < g.nloaded; i++) {
		free(g.rows[i].block);
		free(g.rows[i].lens);
		er_buf_release(&g.checks[i].rules);
	}
	free(g.rows);
	free(g.checks);
	free(g.values);
	free(g.band);
	free(g.srow);
	er_strmap_free(g.ids);
	return status;
}

/* rule_calib: per-rule outcome tables. */
#include "rules/rule_calib.h"

#include <math.h>
#include <stdlib.h>

int
er_rule_calib_init(struct er_rule_calib *cal, size_t nrules)
{
	*cal = (struct er_rule_calib){0};
	cal->counts = calloc(nrules ? nrules : 1, sizeof *cal->counts);
	if (!cal->counts)
		return -1;
	cal->nrules = nrules;
	return 0;
}

static void
count(struct er_rule_calib_count *c, int result, int bad)
{
	if (result == ER_RULE_HIT) {
		c->hits++;
		c->hits_bad += (uint64_t)bad;
	} else if (result == ER_RULE_PASS) {
		c->pass++;
		c->pass_bad += (uint64_t)bad;
	} else {
		c->na++;
		c->na_bad += (uint64_t)bad;
	}
}

void
er_rule_calib_add(struct er_rule_calib *cal, const signed char *results, int bad)
{
	size_t nhit = 0, last_hit = 0, nna = 0;
	for (size_t i = 0; i < cal->nrules; i++) {
		count(&cal->counts[i], results[i], bad);
		if (results[i] == ER_RULE_HIT) {
			nhit++;
			last_hit = i;
		} else if (results[i] != ER_RULE_PASS) {
			nna++;
		}
	}
	if (bad && nhit == 1)
		cal->counts[last_hit].alone_bad++;
	/* any: a hit anywhere is a hit; no hit but a gap is na, as in the condition logic */
	count(&cal->any, nhit ? ER_RULE_HIT : nna ? ER_RULE_NA : ER_RULE_PASS, bad);
	if (bad && nhit)
		cal->any.alone_bad++;
	cal->rows++;
	cal->bad += (uint64_t)bad;
}

static double
ratio(uint64_t num, uint64_t den)
{
	return den ? (double)num / (double)den : NAN;
}

static int
write_row(er_writer *w, const char *rule, const char *severity, const char *group, const struct er_rule_calib_count *c,
          uint64_t rows, double base_rate)
{
	double bad_rate_hit = ratio(c->hits_bad, c->hits);
	int st = 0;
	st = st ? st : er_writer_str(w, rule);
	st = st ? st : er_writer_str(w, severity);
	st = st ? st : er_writer_str(w, group);
	st = st ? st : er_writer_int(w, (long long)rows);
	st = st ? st : er_writer_int(w, (long long)c->hits);
	st = st ? st : er_writer_int(w, (long long)c->na);
	st = st ? st : er_writer_double(w, ratio(c->hits, rows));
	st = st ? st : er_writer_double(w, bad_rate_hit);
	st = st ? st : er_writer_double(w, ratio(c->pass_bad, c->pass));
	st = st ? st : er_writer_double(w, base_rate > 0 ? bad_rate_hit / base_rate : NAN);
	st = st ? st : er_writer_int(w, (long long)c->hits_bad);
	st = st ? st : er_writer_int(w, (long long)c->alone_bad);
	st = st ? st : er_writer_end_row(w);
	return st;
}

int
er_rule_calib_write(const struct er_rule_calib *cal, const struct er_rule_set *rs, er_writer *w)
{
	static const char *const header[] = {"rule",          "severity", "group",       "rows",
	                                     "hits",          "na",       "hit_rate",    "bad_rate_hit",
	                                     "bad_rate_pass", "lift",     "bads_caught", "bads_alone"};
	int st = er_writer_row(w, header, sizeof header / sizeof header[0]);
	double base_rate = ratio(cal->bad, cal->rows);
	for (size_t i = 0; i < cal->nrules && st == 0; i++) {
		const struct er_rule *r = &rs->rules[i];
		st = write_row(w, r->id, er_rule_severity_name(r->severity), r->group, &cal->counts[i], cal->rows,
		               base_rate);
	}
	if (st == 0)
		st = write_row(w, "(any)", "", "", &cal->any, cal->rows, base_rate);
	return st;
}

void
er_rule_calib_free(struct er_rule_calib *cal)
{
	free(cal->counts);
	cal->counts = NULL;
}

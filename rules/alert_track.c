/* alert_track: the transition table and the cool-down. */
#include "rules/alert_track.h"

#include <math.h>
#include <string.h>

#include "lib/num.h"
#include "rules/alert_policy.h"

static const char *const status_names[] = {"new",     "escalated",  "ongoing", "downgraded",
                                           "cleared", "suppressed", "quiet"};

const char *
er_alert_status_name(int status)
{
	return status >= 0 && status <= ER_ALERT_QUIET ? status_names[status] : "";
}

/* 1 when the word W[0..N-1] is one of the space-separated words of LIST. */
/* The word of the space-separated list that starts at or after P, in *START; returns its end. */
static const char *
next_word(const char *p, const char **start)
{
	while (*p == ' ')
		p++;
	*start = p;
	while (*p && *p != ' ')
		p++;
	return p;
}

static int
has_word(const char *list, const char *w, size_t n)
{
	const char *p = list, *start;
	while (*p) {
		p = next_word(p, &start);
		if ((size_t)(p - start) == n && n > 0 && memcmp(start, w, n) == 0)
			return 1;
	}
	return 0;
}

/* Digits after the decimal point of the plain decimal S[0..LEN-1]; -1 with an exponent. */
static int
decimals(const char *s, size_t len)
{
	const char *dot = memchr(s, '.', len);
	if (memchr(s, 'e', len) || memchr(s, 'E', len))
		return -1;
	return dot ? (int)(len - (size_t)(dot + 1 - s)) : 0;
}

double
er_alert_score_change(const char *now_text, size_t len, double now, double before)
{
	double change = now - before;
	if (isnan(change))
		return change;
	char b[ER_NUM_BUFLEN];
	size_t blen = er_num_format(b, before);
	int dn = decimals(now_text, len), db = decimals(b, blen);
	if (dn < 0 || db < 0)
		return change; /* a score in exponent form has no fixed precision to keep */
	int d = dn > db ? dn : db;
	if (d > 9)
		d = 9;
	double scale = pow(10, d);
	return round(change * scale) / scale;
}

int
er_alert_hits_subset(const char *a, const char *b)
{
	const char *p = a, *start;
	while (*p) {
		p = next_word(p, &start);
		if (p > start && !has_word(b, start, (size_t)(p - start)))
			return 0;
	}
	return 1;
}

/* The level E takes for an evaluation at LEVEL on DAY under HOLD; counts E's clean
 * evaluations and sets *HELD to their number when the old level is kept. The days are counted
 * from the last day the old level was evaluated, so a monthly batch run clears at once an alert
 * it has not seen for a month, while a stream of readings inside one day needs HOLD->runs. */
static int
hold_level(struct er_alert_entity *e, int level, er_day day, const struct er_alert_hold *hold, int *held)
{
	*held = 0;
	if (level >= e->level || !hold || hold->runs <= 1) {
		e->clean_runs = 0;
		e->held_seen = ER_NO_DAY;
		return level;
	}
	if (e->held_seen == ER_NO_DAY) {
		e->held_seen = e->last_seen != ER_NO_DAY && e->last_seen <= day ? e->last_seen : day;
		e->clean_runs = 0;
	}
	e->clean_runs++;
	int enough = e->clean_runs >= hold->runs || (hold->days > 0 && (long)day - (long)e->held_seen >= hold->days);
	if (enough) {
		e->clean_runs = 0;
		e->held_seen = ER_NO_DAY;
		return level;
	}
	*held = e->clean_runs;
	return e->level;
}

int
er_alert_track(struct er_alert_entity *e, int level, const char *hits, double score, const char *grade, er_day day,
               int cooldown, const struct er_alert_hold *hold, struct er_alert_outcome *out)
{
	level = hold_level(e, level, day, hold, &out->held);
	out->level = level;
	int prev = e->level;
	const char *now_hits = hits ? hits : e->hits;
	if (level > ER_LEVEL_NONE && prev == ER_LEVEL_NONE) {
		out->status = ER_ALERT_NEW;
		e->first_seen = day;
	} else if (level > prev) {
		out->status = ER_ALERT_ESCALATED;
	} else if (level == prev && level > ER_LEVEL_NONE) {
		int repeat = e->last_emitted != ER_NO_DAY && e->emitted_level == level &&
			er_alert_hits_subset(now_hits, e->emitted_hits) &&
			(long)day - (long)e->last_emitted < (long)cooldown;
		out->status = repeat ? ER_ALERT_SUPPRESSED : ER_ALERT_ONGOING;
	} else if (level > ER_LEVEL_NONE) {
		out->status = ER_ALERT_DOWNGRADED;
	} else if (prev > ER_LEVEL_NONE) {
		out->status = ER_ALERT_CLEARED;
	} else {
		out->status = ER_ALERT_QUIET;
	}
	if (e->first_seen == ER_NO_DAY && level > ER_LEVEL_NONE)
		e->first_seen = day; /* a state written by hand may lack it */
	if (level > ER_LEVEL_NONE && !out->held)
		e->last_seen = day; /* a held level was not seen: the hold counts from the last day it was */
	out->emit = out->status != ER_ALERT_SUPPRESSED && out->status != ER_ALERT_QUIET;
	out->first_seen = e->first_seen;
	out->last_seen = e->last_seen;
	if (out->status == ER_ALERT_CLEARED)
		e->first_seen = ER_NO_DAY;

	e->level = level;
	if (!isnan(score))
		e->score = score;
	if (grade && *grade && er_alert_state_set_text(&e->grade, grade) < 0)
		return -1;
	if (hits && er_alert_state_set_text(&e->hits, hits) < 0)
		return -1;
	if (out->emit) {
		e->last_emitted = day;
		e->emitted_level = level;
		if (er_alert_state_set_text(&e->emitted_hits, e->hits) < 0)
			return -1;
	}
	return 0;
}

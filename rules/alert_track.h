/* alert_track: how one entity's alert moves between runs, and the cool-down.
 *
 * Against the level stored at the entity's last evaluation, a new level is: new (none before),
 * escalated (higher), ongoing (the same), downgraded (lower, not none) or cleared (none now,
 * an alert before); none before and none now is quiet. An ongoing alert is suppressed when it
 * repeats the last alert written for the entity (same level, no hit rule that alert did not
 * have) fewer than COOLDOWN days after it. Every other status but quiet is written. */
#ifndef ER_ALERT_TRACK_H
#define ER_ALERT_TRACK_H

#include "rules/alert_state.h"
#include "lib/date.h"

enum er_alert_status {
	ER_ALERT_NEW,
	ER_ALERT_ESCALATED,
	ER_ALERT_ONGOING,
	ER_ALERT_DOWNGRADED,
	ER_ALERT_CLEARED,
	ER_ALERT_SUPPRESSED,
	ER_ALERT_QUIET
};

/* "new", "escalated", "ongoing", "downgraded", "cleared", "suppressed", "quiet". */
const char *er_alert_status_name(int status);

struct er_alert_outcome {
	int status;        /* enum er_alert_status */
	int emit;          /* 1: write the alert */
	er_day first_seen; /* for the alert row: start of the episode */
	er_day last_seen;  /* for the alert row: last day at a level (DAY unless cleared) */
};

/* Applies one evaluation on DAY to E: LEVEL, HITS (hit rules separated by spaces, NULL when
 * unknown), SCORE (NaN when unknown) and GRADE (NULL when unknown). Fills OUT and updates E.
 * Returns 0, or -1 when out of memory (E may be partly updated). */
int er_alert_track(struct er_alert_entity *e, int level, const char *hits, double score, const char *grade, er_day day,
                   int cooldown, struct er_alert_outcome *out);

/* NOW - BEFORE rounded to the decimals written in NOW_TEXT[0..LEN-1] or in BEFORE's shortest
 * form, whichever has more (at most 9), so that 625.2 - 655.2 is -30, not -30.000000000000057.
 * NaN when either is NaN. */
double er_alert_score_change(const char *now_text, size_t len, double now, double before);

/* 1 when every space-separated word of A is a word of B, else 0. */
int er_alert_hits_subset(const char *a, const char *b);

#endif

/* alert_track: how one entity's alert moves between runs, and the cool-down.
 *
 * Against the level stored at the entity's last evaluation, a new level is: new (none before),
 * escalated (higher), ongoing (the same), downgraded (lower, not none) or cleared (none now,
 * an alert before); none before and none now is quiet. An ongoing alert is suppressed when it
 * repeats the last alert written for the entity (same level, no hit rule that alert did not
 * have) fewer than COOLDOWN days after it. Every other status but quiet is written.
 *
 * Hysteresis: a higher level is taken at once, but a lower one only at the HOLD->runs-th
 * evaluation in a row below the current level, or once such evaluations have lasted
 * HOLD->days days (when HOLD->days > 0); until then the alert is held at its level, so a
 * value crossing a threshold back and forth gives one alert, not a train of them. */
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

/* When a lower level is taken (see above). */
struct er_alert_hold {
	int runs; /* >= 1; 1 takes a lower level at once */
	int days; /* >= 0; 0: no day rule */
};

struct er_alert_outcome {
	int level;         /* the level in effect: the evaluated one, or the held one */
	int held;          /* clean evaluations so far when the level is held, else 0 */
	int status;        /* enum er_alert_status */
	int emit;          /* 1: write the alert */
	er_day first_seen; /* for the alert row: start of the episode */
	er_day last_seen;  /* for the alert row: last day at a level (DAY unless cleared) */
};

/* Applies one evaluation on DAY to E: LEVEL, HITS (hit rules separated by spaces, NULL when
 * unknown), SCORE (NaN when unknown) and GRADE (NULL when unknown), lowering the level as HOLD
 * says (NULL: at once). Fills OUT and updates E. Returns 0, or -1 when out of memory (E may be
 * partly updated). */
int er_alert_track(struct er_alert_entity *e, int level, const char *hits, double score, const char *grade, er_day day,
                   int cooldown, const struct er_alert_hold *hold, struct er_alert_outcome *out);

/* NOW - BEFORE rounded to the decimals written in NOW_TEXT[0..LEN-1] or in BEFORE's shortest
 * form, whichever has more (at most 9), so that 625.2 - 655.2 is -30, not -30.000000000000057.
 * NaN when either is NaN. */
double er_alert_score_change(const char *now_text, size_t len, double now, double before);

/* 1 when every space-separated word of A is a word of B, else 0. */
int er_alert_hits_subset(const char *a, const char *b);

#endif

/* alert_run: er-alert's work: joins score rows (er-score) and verification rows (er-verify,
 * detail or --summary) by id, sets each entity's level with the policy, tracks it against the
 * stored state and writes the alerts:
 *   id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status,policy_id
 *
 * What each input holds is told from its header: a score column means scores; rule, result
 * and severity columns mean er-verify detail rows; worst, fail, warn, info and rules mean
 * er-verify --summary rows. One input is streamed (standard input when one of them is, else
 * the scores): an alert for a streamed row is written as soon as the row is read. The other
 * is read whole first. Ids of the other input that the stream never mentions are evaluated
 * at the end without the streamed side. Detail rows are many per id and may come in any
 * order: when they would be streamed, both inputs are read whole instead and each id is
 * evaluated once, in order of first appearance in the detail rows. A side that is missing for an id is said so in
 * reasons ("no score row", "no verification rows"). */
#ifndef ER_ALERT_RUN_H
#define ER_ALERT_RUN_H

#include <stdint.h>

#include "lib/audit.h"
#include "lib/buf.h"
#include "lib/diag.h"
#include "rules/alert_policy.h"
#include "rules/alert_state.h"
#include "lib/reader.h"
#include "lib/writer.h"

struct er_alert_run_opts {
	struct er_alert_policy *policy; /* bound to the inputs here */
	er_alert_state *state;          /* updated in place */
	int cooldown;                   /* days */
	er_day date;                    /* evaluation day; ER_NO_DAY: the scores row's
	                                     asof column when there is one, else today */
	int all;                        /* also write quiet and suppressed evaluations */
	int fail_on;                    /* er_alert_level, or -1 */
	const char *id_col;             /* "id" when NULL */
	int history_fd;                 /* -1: no history log */
	struct er_buf *history_pending; /* not NULL: history lines are added here instead, for
	                                     the caller to append once the output is delivered */
	const char *history_path;
	const char *state_path; /* with save_each: saved after each written alert */
	int save_each;
	er_alert_state_hook hook;   /* passed to er_alert_state_save */
	const struct er_diag *diag; /* row problems; NULL: dropped */
	er_audit *audit;            /* each alert written is on record here too; NULL: none */
};

struct er_alert_run_stats {
	uint64_t evaluated;           /* entity evaluations */
	uint64_t written;             /* alerts written (emitted) */
	uint64_t suppressed;          /* repeats inside the cool-down */
	uint64_t replayed;            /* rows skipped: their seq is not after the entity's last one */
	uint64_t by_level[4];         /* evaluations by level */
	uint64_t no_verify, no_score; /* evaluations missing one side */
	uint64_t rejected;            /* rows rejected (bad row, empty id, bad value) */
	int flagged;                  /* an alert at or above fail_on was written */
	int has_scores, has_verify;   /* which inputs were given */
};

/* The header line of the history log (date, then the alert columns). */
extern const char er_alert_history_header[];

/* Runs the join over INPUTS[0..NINPUTS-1] (1 or 2 readers) and writes alerts to W. Returns
 * 0 (row problems counted in ST and reported to O->diag), ER_EUSAGE for inputs that are not
 * scores or verification rows or are two of a kind, ER_EDATA when binding the policy fails,
 * ER_EIO (read, write, history or state failure), ER_ENOMEM; ERR says why. */
int er_alert_run(er_reader **inputs, size_t ninputs, er_writer *w, const struct er_alert_run_opts *o,
                 struct er_alert_run_stats *st, char *err);

#endif

/* alert_state: the stored warning signals (储存预警信号) of er-alert, one record per entity,
 * kept between runs in a state file.
 *
 * The state file is CSV: a first line "er-alert-state,1", a header line, one line per entity
 * (id,level,score,grade,hits,first_seen,last_seen,last_emitted,emitted_level,emitted_hits)
 * and a last line "end,COUNT,XXH3" with the number of entities and the XXH3-64 (hex) of every
 * byte before that line. A file that does not match this shape exactly is refused, never
 * reset. The first line is "er-alert-state,2,DAY" since version 2, DAY the last run (empty
 * before any); a version 1 file ("er-alert-state,1") loads with the latest alert day as its
 * last run. Version 3 ("er-alert-state,3,DAY") adds two columns, clean_runs,held_seen, for
 * an alert the policy's hysteresis holds; version 1 and 2 files load with no alert held.
 * Version 4 ("er-alert-state,4,DAY"), written once a row carried a feed position (a seq
 * column, er-features --state), adds last_seq: a row at or before it is a replay.
 * It is written with mode 0600 to a temporary file of a unique name in the same directory,
 * synced, renamed over the old one and the directory synced, so a crash at any moment leaves the
 * old or the new state. */
#ifndef ER_ALERT_STATE_H
#define ER_ALERT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/atomicfile.h"
#include "lib/date.h"

struct er_alert_entity {
	char *id;
	int level;           /* level at the last evaluation (er_alert_level) */
	double score;        /* last known score, NaN when never known */
	char *grade;         /* last known grade, "" when never known */
	char *hits;          /* hit rules at the last evaluation, separated by spaces */
	er_day first_seen;   /* first day of the current alert episode, or ER_NO_DAY */
	er_day last_seen;    /* last day at a level above none, or ER_NO_DAY */
	er_day last_emitted; /* day the last alert row was written, or ER_NO_DAY */
	int emitted_level;   /* level of that row */
	char *emitted_hits;  /* hit rules of that row */
	int clean_runs;      /* evaluations in a row below the level, while it is held */
	er_day held_seen;    /* while held: the last day the level was evaluated, else ER_NO_DAY */
	uint64_t last_seq;   /* feed position (seq) of the last row evaluated, 0 when none */
};

typedef struct er_alert_state er_alert_state;

/* A new empty state, or NULL when out of memory. */
er_alert_state *er_alert_state_new(void);

/* Loads PATH into an empty state S. A file that does not exist leaves S empty (a first run)
 * and returns 0. Returns ER_EIO for a file that cannot be read or does not parse ("bad state
 * file 'F': why (line N)" in ERR), ER_ENOMEM. */
int er_alert_state_load(er_alert_state *s, const char *path, char *err);

/* The entity ID[0..LEN-1], created (level none, nothing known) when absent and CREATE is 1.
 * Returns NULL when absent and not created, or when out of memory. Valid until the next
 * creation. */
struct er_alert_entity *er_alert_state_get(er_alert_state *s, const char *id, size_t len, int create);

/* The day of the last run recorded in S, or ER_NO_DAY. */
er_day er_alert_state_last_run(const er_alert_state *s);

/* Records a run on DAY: the last run becomes the later of the two. */
void er_alert_state_note_run(er_alert_state *s, er_day day);

/* Takes an exclusive lock on PATH.lock (created beside the state, mode 0600), waiting up to
 * WAIT_MS milliseconds for another holder, then removes the temporary files a killed writer
 * left. Returns 0 with *FD_OUT the descriptor that holds
 * the lock (closing it releases it), or ER_EIO (cannot open, or still held after the wait),
 * ER_ENOMEM, with ERR set and *FD_OUT -1. */
int er_alert_state_lock(const char *path, int wait_ms, int *fd_out, char *err);

/* Number of entities, and entity I in order of creation. */
size_t er_alert_state_count(const er_alert_state *s);
struct er_alert_entity *er_alert_state_at(er_alert_state *s, size_t i);

/* Replaces the string *FIELD by a copy of S (NULL copies ""). Returns 0, or -1 when out of
 * memory (*FIELD unchanged). */
int er_alert_state_set_text(char **field, const char *s);

/* Called by er_alert_state_save after half of the file is written and synced; tests use it
 * to stop the writer there. */
typedef er_atomicfile_hook er_alert_state_hook;

/* Writes S to PATH as described above. HOOK may be NULL. Returns 0, or ER_EIO (message in
 * ERR; the old file is untouched and the temporary file removed), ER_ENOMEM. */
int er_alert_state_save(const er_alert_state *s, const char *path, er_alert_state_hook hook, char *err);

/* Frees S (may be NULL). */
void er_alert_state_free(er_alert_state *s);

#endif

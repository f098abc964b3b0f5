/* feat_dupkey: readings that repeat a key (account, meter, date, time) of an earlier reading,
 * as readings that skipped er-ingest can: er-features drops the later one (the first wins, as
 * in er-ingest) instead of counting its kWh twice, and says so once. */
#ifndef ER_FEAT_DUPKEY_H
#define ER_FEAT_DUPKEY_H

#include <stdint.h>

#include "lib/date.h"
#include "lib/diag.h"
#include "lib/reader.h"

typedef struct er_feat_dupkeys er_feat_dupkeys;

/* The days of keys a stream remembers (er_feat_dupkeys_new): a late reading up to this many
 * days older than the newest is still checked. */
#define ER_FEAT_DUPKEY_STREAM_DAYS 35

/* A new empty set of keys, or NULL when out of memory. Free with er_feat_dupkeys_free.
 * WINDOW 0 remembers every key (a batch: memory grows with the readings); WINDOW > 0 (a
 * stream, whose memory must stay flat) remembers the keys of about the last 2 x WINDOW days
 * of dates: a repeat dated at most WINDOW days before the newest reading is always caught,
 * an older reading is not checked. */
er_feat_dupkeys *er_feat_dupkeys_new(int window);

/* Whether the current row of R, of account column CACCT and optional meter and time columns
 * CMETER and CTIME (-1: none), dated DAY with the date's own second of the day DSECS (-1:
 * none), repeats a key seen before: 1 (counted, the first such row remembered for the
 * report), 0 new (recorded), -1 out of memory. */
int er_feat_dupkeys_check(er_feat_dupkeys *d, const er_reader *r, long cacct, long cmeter, long ctime, er_day day,
                          int dsecs);

/* Says on DIAG how many readings repeated a key, with the first one's place; nothing when
 * none did. Can't fail. */
void er_feat_dupkeys_report(const er_feat_dupkeys *d, const struct er_diag *diag);

/* Frees D (may be NULL). */
void er_feat_dupkeys_free(er_feat_dupkeys *d);

#endif

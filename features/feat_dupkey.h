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

/* A new empty set of keys, or NULL when out of memory. Free with er_feat_dupkeys_free. */
er_feat_dupkeys *er_feat_dupkeys_new(void);

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

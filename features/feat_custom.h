/* feat_custom: the analyst's own indicators (--agg COLUMN:FUNC,...), module "custom".
 * Any extra column of the readings or bills is aggregated per entity over a window of
 * months (the months R-N+1..R, as for the built-in windows) or over all rows up to the
 * as-of date. Numbers: mean, min, max, std (population), sum, last (latest date), count;
 * codes: distinct, mode (most frequent, ties to the smallest), share=VALUE (of the rows),
 * count=VALUE; dates of the rows with a value: span (first to latest), recency (latest to
 * the as-of date). --agg-by COLUMN=V1,V2 repeats every aggregation over the rows of each
 * value (one energy, one tariff...), named with _V appended; --derive NAME=EXPR aggregates
 * a number computed from several columns of a row. State is kept per month, so a
 * moving as-of date (--stream) drops old rows. */
#ifndef ER_FEAT_CUSTOM_H
#define ER_FEAT_CUSTOM_H

#include <stddef.h>

#include "lib/binio.h"
#include "lib/buf.h"
#include "lib/date.h"
#include "features/feat_catalogue.h"
#include "lib/reader.h"
#include "lib/writer.h"

/* The tables an aggregated column may come from. */
enum er_feat_table { ER_FEAT_TAB_READINGS = 0, ER_FEAT_TAB_BILLS, ER_FEAT_TAB_COUNT };

typedef struct er_feat_custom er_feat_custom;
typedef struct er_feat_custom_state er_feat_custom_state;

/* A new empty specification (window: all), or NULL when out of memory. */
er_feat_custom *er_feat_custom_new(void);

/* Adds the aggregations of ARG, "COLUMN:FUNC[,FUNC...][:DIR]" (DIR one of + - = ?).
 * Returns 0, or ER_EUSAGE (a bad ARG, an aggregation given before) / ER_ENOMEM with a
 * message in ERR. */
int er_feat_custom_parse(er_feat_custom *c, const char *arg, char *err);

/* Sets --agg-by from ARG, "COLUMN=VALUE[,VALUE...]": every aggregation, given before or
 * after, also over the rows whose COLUMN has each VALUE. Returns 0, or ER_EUSAGE (a bad
 * ARG, a second --agg-by) / ER_ENOMEM with a message in ERR. */
int er_feat_custom_set_by(er_feat_custom *c, const char *arg, char *err);

/* Adds --derive ARG, "NAME=EXPRESSION" (feat_expr.h): a number computed on each row that
 * --agg aggregates as NAME with the number and date functions, e.g.
 * index_gap=new_index-old_index-kwh. Returns 0, or ER_EUSAGE / ER_ENOMEM with ERR. */
int er_feat_custom_derive(er_feat_custom *c, const char *arg, char *err);

/* Sets the window: "all" or "Nm" (1 <= N <= 36). Returns 0 or ER_EUSAGE with ERR. */
int er_feat_custom_set_window(er_feat_custom *c, const char *arg, char *err);

/* The VALUE of aggregation I when it is a share=VALUE or count=VALUE over all rows that no
 * row aggregated so far has had in its column (a value misspelt, or written 6 where the
 * data has 6.0), NULL otherwise; owned by C. Only the added rows count: a run restored
 * from a checkpoint knows nothing of the rows before it. */
const char *er_feat_custom_unseen(const er_feat_custom *c, size_t i);

/* Number of aggregations (output columns). */
size_t er_feat_custom_count(const er_feat_custom *c);

/* The catalogue entry of aggregation I (texts owned by C). */
const struct er_feat_def *er_feat_custom_def(const er_feat_custom *c, size_t i);

/* Finds the columns in the header of R, the readings or bills (TABLE). Returns the
 * number of aggregated columns found there. */
size_t er_feat_custom_bind(er_feat_custom *c, int table, const er_reader *r);

/* 1 when some aggregated column was bound to TABLE, else 0. */
int er_feat_custom_uses_table(const er_feat_custom *c, int table);

/* After binding every table: 0, or ER_EUSAGE with ERR naming a column found nowhere (or a
 * derived column given a code function). */
int er_feat_custom_check_bound(er_feat_custom *c, char *err);

/* A new empty state for one entity anchored at ASOF, or NULL when out of memory. */
er_feat_custom_state *er_feat_custom_state_new(const er_feat_custom *c, er_day asof);

/* Moves the state's anchor forward to ASOF, dropping months that leave the window. */
void er_feat_custom_advance(const er_feat_custom *c, er_feat_custom_state *s, er_day asof);

/* Adds the current row of R (table TABLE, dated DATE, not after the anchor). Returns 0,
 * ER_EDATA with ERR naming the field that is not a number, or ER_ENOMEM. */
int er_feat_custom_add(er_feat_custom *c, er_feat_custom_state *s, int table, const er_reader *r, er_day date,
                       char *err);

/* Writes the aggregations of S (NULL: no rows) as of ASOF, the state's anchor, merging a
 * window's months in scratch blocks kept in C. Returns 0, ER_ENOMEM or a writer status. */
int er_feat_custom_write(er_feat_custom *c, const er_feat_custom_state *s, er_day asof, er_writer *w);

/* Frees a state (may be NULL). */
void er_feat_custom_state_free(const er_feat_custom *c, er_feat_custom_state *s);

/* Frees C (may be NULL). */
void er_feat_custom_free(er_feat_custom *c);

/* Checkpoints: appends C's interned code values (C may be NULL) to B. Returns 0, or -1 when
 * out of memory. */
int er_feat_custom_values_dump(const er_feat_custom *c, struct er_buf *b);

/* Reads values written by er_feat_custom_values_dump into C, built from the same options.
 * Returns 0, ER_EDATA (CUR failed: bad or different values), ER_ENOMEM. */
int er_feat_custom_values_undump(er_feat_custom *c, struct er_bin_cursor *cur);

/* Appends state S of C (NULL: none) to B. Returns 0, or -1 when out of memory. */
int er_feat_custom_state_dump(const er_feat_custom *c, const er_feat_custom_state *s, struct er_buf *b);

/* Reads a state written by er_feat_custom_state_dump into *OUT (NULL when none was; the
 * caller frees it with er_feat_custom_state_free). Returns 0, ER_EDATA (CUR failed), ER_ENOMEM. */
int er_feat_custom_state_undump(const er_feat_custom *c, struct er_bin_cursor *cur, er_feat_custom_state **out);

#endif

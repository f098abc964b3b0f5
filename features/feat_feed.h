/* feat_feed: the live feed of er-features --stream: rows of every kind (readings, bills,
 * inspections, events, accounts, loans), from one input with a kind column or from one
 * FIFO per kind, applied to the store the moment they arrive.
 *
 * One thread owns nothing: every input has a reader thread of its own (the readings input
 * is read by the caller's thread), and a row is applied to the store and its entity's
 * updated row written under one lock, so rows of different inputs interleave whole. A
 * thread blocks in read() outside the lock: a quiet FIFO holds up no other input. */
#ifndef ER_FEAT_FEED_H
#define ER_FEAT_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/reader.h"
#include "data/schema.h"
#include "features/feat_store.h"

/* The words of a kind column: the kinds' names, singular or plural, and --kinds MAP. */
struct er_feat_kinds {
	struct {
		char word[32];
		int kind;
	} map[32];
	size_t n;
};

/* Adds MAP ("R=readings,B=bills,...": word=kind, the kind one of readings, bills,
 * inspections, events, accounts, loans, singular or plural) to K. Returns 0, or ER_EUSAGE
 * with ERR naming the bad entry. */
int er_feat_kinds_parse(struct er_feat_kinds *k, const char *map, char *err);

/* The kind (ER_KIND_READINGS ... ER_KIND_LOANS) word W[0..LEN-1] names (K may be NULL:
 * the built-in words only), or -1. Can't fail. */
int er_feat_kinds_lookup(const struct er_feat_kinds *k, const char *w, size_t len);

/* The column of R's header naming each row's kind (kind, record_type, 类型), or -1. */
long er_feat_feed_kind_column(const er_reader *r);

/* What the feed calls back, under its lock. */
struct er_feat_feed_ops {
	void *ctx;
	/* One readings row of R (the caller's reader) reported to DIAG when bad: 0, or a fatal
	 * status that stops the feed. */
	int (*reading)(void *ctx, er_reader *r, const struct er_diag *diag);
	/* Writes entity I's updated row: 0, or a fatal status (reported by it). */
	int (*emit)(void *ctx, size_t i);
};

typedef struct er_feat_feed er_feat_feed;

/* A feed over store S (COUNTS[kind] counts each kind's rows, USED[kind] set once a kind is
 * read; both the caller's, read after er_feat_feed_finish) with OPS; KINDS the words of a kind
 * column (may be NULL). Returns NULL when out of memory. */
er_feat_feed *er_feat_feed_new(struct er_feat_store *s, const struct er_feat_kinds *kinds,
                               const struct er_feat_feed_ops *ops, struct er_feat_counts *counts, int *used,
                               const struct er_diag *diag);

/* Starts a thread that reads the table of KIND from PATH (a FIFO: opened there, so an
 * input whose writer has not come yet holds up nothing) with OPTS (kept by reference).
 * Returns 0, or ER_ENOMEM / ER_EIO (ERR says why). */
int er_feat_feed_add_input(er_feat_feed *f, int kind, const char *path, const struct er_reader_opts *opts, char *err);

/* Applies the current row of R, the caller's input: a row of the kind its kind column
 * names (KCOL >= 0), else a reading. An unknown kind or a bad row is reported with file,
 * line and kind and counted, never fatal. Returns 0, or the fatal status of a callback or
 * of another input (ER_ENOMEM, ER_EIO). REPLAY (er-features --state: the row was applied
 * before the checkpoint): a side table's row is neither counted (the checkpoint has its
 * table's counts) nor applied nor written; a reading goes to the reading callback, which
 * knows it too. */
int er_feat_feed_row(er_feat_feed *f, er_reader *r, long kcol, int replay);

/* Counts a malformed row of R (er_reader_next gave ER_ROW_BAD) as a rejected row of KIND
 * (-1: of the kind column's, unknown) and reports it. Can't fail. */
void er_feat_feed_bad_row(er_feat_feed *f, er_reader *r, int kind);

/* Rows of an unknown kind so far. */
uint64_t er_feat_feed_unknown(er_feat_feed *f);

/* Waits for every input thread to end and frees F; when STOP (a fatal error) does not wait
 * and leaves F to the threads still blocked in a read (the process is ending). Returns the
 * first fatal status of a thread, or 0. */
int er_feat_feed_finish(er_feat_feed *f, int stop);

#endif

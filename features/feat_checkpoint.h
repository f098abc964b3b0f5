/* feat_checkpoint: er-features --stream --state DIR: the whole store (features/feat_store.h)
 * saved to DIR/features.ckpt every N rows or T milliseconds and at a clean end, and loaded at
 * start, so a pipe killed at any moment continues where its last checkpoint stopped.
 *
 * The file: a line "er-features-checkpoint,1", a line "rows,N,HASH" (the number of data rows
 * of the feed applied, and the XXH3-64 of the last one's fields), a line "options,LEN" and
 * LEN bytes naming every option that changes the rows, the store in binary (lib/binio.h:
 * this machine's byte order), the output rows of the last feed rows (resent at a restart, as
 * the pipe downstream may have lost them), the side tables' counts, and a last line "end,XXH3" of every byte before it.
 * A file of another shape, length or hash is refused, never reset. It is replaced atomically
 * with mode 0600 (lib/atomicfile.h) in DIR, created with mode 0700.
 *
 * A restarted run reads the feed from its start again: the rows up to N are checked, not
 * applied (row N must hash to HASH: another feed is an error naming its line), and the rest
 * are applied and written as usual. */
#ifndef ER_FEAT_CHECKPOINT_H
#define ER_FEAT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"
#include "lib/reader.h"
#include "features/feat_store.h"

#define ER_FEAT_CKPT_ROWS 10000  /* default --checkpoint-rows */
#define ER_FEAT_CKPT_MS 1000     /* default --checkpoint-ms */
#define ER_FEAT_CKPT_RESEND 2000 /* default --resend-rows */

struct er_feat_ckpt {
	char *path;                        /* DIR/features.ckpt */
	char *options;                     /* the options that change the rows, as recorded */
	uint64_t every_rows;               /* 0: not by rows */
	long every_ms;                     /* 0: not by time */
	uint64_t resume_rows, resume_hash; /* of the loaded checkpoint; 0 rows: none */
	uint64_t rows;                     /* data rows of the feed seen so far */
	uint64_t hash;                     /* of the last one */
	uint64_t applied_since;            /* rows applied since the last checkpoint */
	int64_t last_ms;                   /* monotonic time of the last checkpoint */
	uint64_t written;                  /* checkpoints written */
	struct er_buf out;                 /* output rows of the last feed rows, for a resend */
	size_t *out_ends;                  /* end offset in OUT of each of them, oldest first */
	uint64_t *out_rows;                /* and the feed row each was for */
	size_t nout, capout, resend_rows;  /* rows kept, and how many feed rows back */
	struct er_buf loaded_out;          /* the output rows of the loaded checkpoint */
	/* the caller's counts per kind (NULL: none): those of the side tables are saved and, at a
	 * load, restored, as their replayed feed rows are not counted again (readings are) */
	struct er_feat_counts *counts;
};

/* Sets K up for DIR (created with mode 0700 when missing; refused when others may write it)
 * with the OPTIONS text. Returns 0, or ER_EIO (ERR), ER_ENOMEM. Free with er_feat_ckpt_free. */
int er_feat_ckpt_open(struct er_feat_ckpt *k, const char *dir, const char *options, uint64_t every_rows, long every_ms,
                      size_t resend_rows, char *err);

/* Loads DIR's checkpoint, when there is one, into S (initialised with the run's options and
 * tables). FILE is the feed's name, for the load shapes' messages. Returns 0 (loaded, or none:
 * K->resume_rows is then 0), ER_EDATA (written with other options: ERR says which), ER_EIO
 * (unreadable, truncated or corrupt: ERR), ER_ENOMEM. */
int er_feat_ckpt_load(struct er_feat_ckpt *k, struct er_feat_store *s, const char *file, char *err);

/* Counts R's current data row (good or bad). Returns 1 when it was applied before the
 * checkpoint (the caller checks it as usual, and neither applies nor writes it), 0 when it is
 * to be applied, -1 when it is the checkpoint's last row and differs (ERR names its line). */
int er_feat_ckpt_row(struct er_feat_ckpt *k, const er_reader *r, char *err);

/* Keeps the bytes ROW[0..LEN-1] written for the current feed row, for a resend. Returns 0, or
 * ER_ENOMEM. */
int er_feat_ckpt_output(struct er_feat_ckpt *k, const char *row, size_t len);

/* The output rows of the loaded checkpoint, written again before anything else (LEN 0: none). */
const char *er_feat_ckpt_resend(const struct er_feat_ckpt *k, size_t *len);

/* After the current row: writes a checkpoint of S when FORCE, or when N rows or T ms have
 * passed since the last one. Returns 0, or ER_EIO (ERR), ER_ENOMEM. */
int er_feat_ckpt_tick(struct er_feat_ckpt *k, const struct er_feat_store *s, int force, char *err);

/* At the end of the feed: ER_EDATA (ERR) when it ended before the checkpoint's rows. */
int er_feat_ckpt_end(const struct er_feat_ckpt *k, char *err);

/* Appends the store S to B. Returns 0, or -1 when out of memory. */
int er_feat_ckpt_encode(const struct er_feat_store *s, struct er_buf *b);

/* Replaces the contents of S (initialised: its options, custom, tou and diag are kept) by the
 * store read from CUR; FILE is the name load shapes keep. Returns 0, ER_EDATA (CUR failed: bad
 * bytes; S unchanged), ER_ENOMEM (S unchanged). */
int er_feat_ckpt_decode(struct er_feat_store *s, struct er_bin_cursor *cur, const char *file);

/* Frees what K holds. */
void er_feat_ckpt_free(struct er_feat_ckpt *k);

#endif

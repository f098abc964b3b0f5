/* label: good/bad labels as the modelling tools accept them, and a label file joined on id.
 *
 * Accepted spellings (case-insensitive, surrounding blanks ignored): 1/0 (any number equal to
 * 1 or 0), bad/good, true/false, y/n, yes/no. With --bad VALUE, a field equal to VALUE (same
 * rules) is bad and every other non-empty field is good, as R scorecard's `positive`. */
#ifndef ER_LABEL_H
#define ER_LABEL_H

#include <stddef.h>

enum er_label_value {
	ER_LABEL_GOOD = 0,
	ER_LABEL_BAD = 1,
	ER_LABEL_MISSING = -1, /* empty field */
	ER_LABEL_UNKNOWN = -2  /* not an accepted spelling */
};

struct er_label {
	const char *bad; /* --bad VALUE, or NULL for the built-in spellings; not owned */
	int missing_ok;  /* er_label_table_read: a row whose label is missing (empty or a
	                    missing-value marker such as NA) has no outcome yet: it is left out
	                    without counting it as rejected (er-eval counts its id unlabelled) */
};

/* Sets the spelling rules; BAD (may be NULL) must outlive L. Can't fail. */
void er_label_init(struct er_label *l, const char *bad);

/* Reads label S[0..LEN-1]: ER_LABEL_BAD, ER_LABEL_GOOD, ER_LABEL_MISSING or ER_LABEL_UNKNOWN. */
int er_label_parse(const struct er_label *l, const char *s, size_t len);

/* Labels read from a file (--labels FILE): id -> label. */
typedef struct er_label_table er_label_table;

/* Reads PATH (CSV or TSV, "-" = stdin) with columns ID_COL and LABEL_COL into *OUT. Rows with
 * a missing or unknown label or a duplicate id are left out and counted (*REJECTED, may be
 * NULL; the first is described in WARN_MSG when non-NULL, ER_ERRLEN bytes, else left empty).
 * Returns 0, or ER_EIO / ER_EDATA (missing column) / ER_ENOMEM with ERR and *OUT NULL.
 * Free with er_label_table_free. */
int er_label_table_read(er_label_table **out, const char *path, const char *id_col, const char *label_col,
                        const struct er_label *l, size_t *rejected, char *warn_msg, char *err);

/* The label of ID[0..LEN-1]: ER_LABEL_BAD, ER_LABEL_GOOD, or ER_LABEL_MISSING when absent. */
int er_label_table_get(const er_label_table *t, const char *id, size_t len);

/* The index (0 .. size - 1) of ID[0..LEN-1] in T, or -1 when absent; its label into *LABEL
 * (ER_LABEL_MISSING when absent). One look-up gives a caller both the label and a dense key
 * for a per-id array (er-eval finds duplicate ids with it). Can't fail. */
long er_label_table_find(const er_label_table *t, const char *id, size_t len, int *label);

/* The id of index I < er_label_table_size(T), its length in *LEN; owned by T. Can't fail. */
const char *er_label_table_id(const er_label_table *t, size_t i, size_t *len);

/* The label of index I < er_label_table_size(T): ER_LABEL_BAD or ER_LABEL_GOOD. */
int er_label_table_label(const er_label_table *t, size_t i);

/* Number of ids held. */
size_t er_label_table_size(const er_label_table *t);

/* Frees T (may be NULL). */
void er_label_table_free(er_label_table *t);

#endif

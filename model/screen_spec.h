/* screen_spec: binning given per variable on the command line (er-screen and er-train
 * --breaks and --special), parsed once for both tools.
 *
 *   --breaks VAR=B1,B2,...     numeric VAR cut at these ascending breaks
 *   --breaks VAR=A|B;C;D       categorical VAR in the bins given: ';' separates bins, '|'
 *                              joins categories in one bin; categories not named share an
 *                              "other" bin (which also takes categories never seen)
 *   --special V1,V2,...        values binned on their own in every column (numbers for
 *                              numeric columns, texts for categorical ones)
 *   --special VAR=V1,V2,...    the same for VAR alone, in place of the global list */
#ifndef ER_SCREEN_SPEC_H
#define ER_SCREEN_SPEC_H

#include <stddef.h>

#include "model/bin.h"
#include "model/frame.h"

struct er_screen_spec {
	char *var;      /* the column; NULL: the global --special list */
	double *breaks; /* numeric breaks, ascending; NULL: none */
	size_t nbreaks;
	char *groups;        /* category groups "A|B;C"; NULL: none */
	int has_special;     /* 1: special values below were given */
	double *special_num; /* the special values that are numbers */
	size_t nspecial_num;
	char **special_str; /* every special value as text */
	size_t nspecial_str;
};

struct er_screen_specs {
	struct er_screen_spec *v;
	size_t n, cap;
};

/* Adds --breaks ARG to S. Returns 0, or ER_EUSAGE (malformed, a break that is not a number,
 * breaks not ascending, the variable given twice, a category in two groups) / ER_ENOMEM with
 * ERR set. */
int er_screen_specs_add_breaks(struct er_screen_specs *s, const char *arg, char *err);

/* Adds --special ARG (global or VAR=...) to S. Returns 0, or ER_EUSAGE / ER_ENOMEM with ERR. */
int er_screen_specs_add_special(struct er_screen_specs *s, const char *arg, char *err);

/* Sets BO for column NAME (CATEGORICAL 1 or 0) from S (may be NULL): its breaks or groups
 * (method breaks) and its special values, else the global ones. BO then points into S.
 * Returns 0, or ER_EUSAGE with ERR (numeric breaks for a categorical column, category
 * groups for a numeric one). */
int er_screen_specs_apply(const struct er_screen_specs *s, const char *name, int categorical, struct er_bin_opts *bo,
                          char *err);

/* The first variable of S (may be NULL) that is not a column of D, or NULL (a --breaks or
 * --special naming no column is a usage error). */
const char *er_screen_specs_unknown(const struct er_screen_specs *s, const struct er_frame *d);

/* Frees what S owns and zeroes it. */
void er_screen_specs_free(struct er_screen_specs *s);

#endif

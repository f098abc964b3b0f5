/* feat_expr: a number computed on each row from other columns, for --derive NAME=EXPR.
 * EXPR is column names and number constants joined by + - * / with parentheses, the usual
 * precedence (* and / before + and -, left to right): new_index-old_index,
 * (consommation_level_1+consommation_level_2)/months_number. A name is letters, digits,
 * '_' and '.', not starting with a digit (a token starting with a digit is a constant).
 * The value is missing (NaN) when an operand is missing or a divisor is 0. */
#ifndef ER_FEAT_EXPR_H
#define ER_FEAT_EXPR_H

#include <stddef.h>

#include "lib/reader.h"

typedef struct er_feat_expr er_feat_expr;

/* Parses TEXT into *OUT (freed with er_feat_expr_free). Returns 0, ER_EUSAGE with ERR
 * naming what is wrong in TEXT, or ER_ENOMEM. */
int er_feat_expr_parse(const char *text, er_feat_expr **out, char *err);

/* Finds every name among R's columns: 1 when all are there (the expression then reads
 * R's rows), 0 when one is missing (nothing changed). */
int er_feat_expr_bind(er_feat_expr *e, const er_reader *r);

/* The first name of E that is not among R's columns (owned by E), or NULL. Can't fail. */
const char *er_feat_expr_missing(const er_feat_expr *e, const er_reader *r);

/* The value of E on R's current row into *V (NaN when missing, a divisor is 0 or the
 * result is beyond a double's range). Returns 0, or ER_EDATA with ERR naming the field
 * that is neither a number nor a missing-value marker. */
int er_feat_expr_eval(const er_feat_expr *e, const er_reader *r, double *v, char *err);

/* Frees E (may be NULL). */
void er_feat_expr_free(er_feat_expr *e);

#endif

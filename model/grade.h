/* grade: four risk grades, A (best) to D (worst), by score cut-offs.
 * A score at or above cuts[0] is A, at or above cuts[1] B, at or above cuts[2] C, else D. */
#ifndef ER_GRADE_H
#define ER_GRADE_H

#include <stddef.h>

#define ER_GRADES 4

/* Grades by index, best first; a grade compares as a number (A < B: A is better). */
enum er_grade_index { ER_GRADE_A = 0, ER_GRADE_B, ER_GRADE_C, ER_GRADE_D };

/* The grade for text "A".."D" (one letter, either case), or -1. */
int er_grade_parse(const char *s, size_t len);

/* 'A'..'D' for a grade, '?' otherwise. */
char er_grade_char(int grade);

/* Cut-offs that give grades A..D the shares SHARES[0..3] (summing to 1) of SCORE[0..N-1]
 * (higher is better): each cut lies halfway between the last score inside a grade and the
 * next one. Returns 0, or ER_EUSAGE (bad shares, no rows) / ER_ENOMEM with ERR set. */
int er_grade_cuts_from_shares(const double *score, size_t n, const double shares[ER_GRADES], double cuts[ER_GRADES - 1],
                              char *err);

/* Parses N comma-separated numbers from S into OUT. Returns 0, or -1 when S does not hold
 * exactly N numbers. */
int er_grade_parse_list(const char *s, double *out, size_t n);

/* Grade index 0..3 of SCORE under CUTS. */
int er_grade_of(const double cuts[ER_GRADES - 1], double score);

#endif

/* grade: cut-offs from shares, grading, and grade letters. */
#include "model/grade.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"

static int
desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

int
er_grade_cuts_from_shares(const double *score, size_t n, const double shares[ER_GRADES], double cuts[ER_GRADES - 1],
                          char *err)
{
	double sum = 0;
	for (int g = 0; g < ER_GRADES; g++) {
		if (!(shares[g] >= 0))
			return er_fail(err, ER_EUSAGE, "grade shares must be >= 0");
		sum += shares[g];
	}
	if (fabs(sum - 1) > 1e-6)
		return er_fail(err, ER_EUSAGE, "grade shares must add up to 1, not %g", sum);
	if (n == 0)
		return er_fail(err, ER_EUSAGE, "no scores to set grade cut-offs");
	double *s = malloc(n * sizeof *s);
	if (!s)
		return er_fail(err, ER_ENOMEM, "out of memory setting grade cut-offs");
	memcpy(s, score, n * sizeof *s);
	qsort(s, n, sizeof *s, desc);
	double cum = 0;
	for (int g = 0; g < ER_GRADES - 1; g++) {
		cum += shares[g];
		double pos = cum * (double)n;
		size_t k = (size_t)llround(pos);
		if (k == 0)
			cuts[g] = s[0] + 1;
		else if (k >= n)
			cuts[g] = s[n - 1];
		else
			cuts[g] = (s[k - 1] + s[k]) / 2;
		if (g > 0 && cuts[g] > cuts[g - 1])
			cuts[g] = cuts[g - 1];
	}
	free(s);
	return 0;
}

int
er_grade_parse_list(const char *s, double *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (er_num_parse(s, len, &out[i]) != ER_NUM_OK)
			return -1;
		if ((i + 1 < n) != (end != NULL))
			return -1;
		s = end ? end + 1 : s + len;
	}
	return 0;
}

int
er_grade_of(const double cuts[ER_GRADES - 1], double score)
{
	for (int g = 0; g < ER_GRADES - 1; g++)
		if (score >= cuts[g])
			return g;
	return ER_GRADES - 1;
}

int
er_grade_parse(const char *s, size_t len)
{
	if (len != 1)
		return -1;
	switch (s[0]) {
	case 'A':
	case 'a': return ER_GRADE_A;
	case 'B':
	case 'b': return ER_GRADE_B;
	case 'C':
	case 'c': return ER_GRADE_C;
	case 'D':
	case 'd': return ER_GRADE_D;
	default: return -1;
	}
}

char
er_grade_char(int grade)
{
	return grade >= ER_GRADE_A && grade <= ER_GRADE_D ? (char)('A' + grade) : '?';
}

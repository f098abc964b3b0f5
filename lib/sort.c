/* sort: bottom-up merge sort through a scratch copy (qsort is not stable), and an LSD radix
 * sort of numbers. */
#include "lib/sort.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vec.h"

int
er_sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n < 2)
		return 0;
	char *a = base;
	char *tmp = malloc(n * size);
	if (!tmp)
		return -1;
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, k = lo;
			/* the right run wins only when strictly smaller: that keeps it stable */
			while (i < mid && j < hi)
				memcpy(tmp + size * k++,
				       cmp(a + size * j, a + size * i) < 0 ? a + size * j++ : a + size * i++, size);
			if (i < mid)
				memcpy(tmp + size * k, a + size * i, size * (mid - i));
			k += mid - i;
			if (j < hi)
				memcpy(tmp + size * k, a + size * j, size * (hi - j));
		}
		memcpy(a, tmp, n * size);
	}
	free(tmp);
	return 0;
}

struct keyed {
	uint64_t key;
	size_t i;
};

int
er_sort_order_desc(const double *key, size_t n, size_t *order)
{
	/* Digits of 16 bits take four passes, but each clears and sums 65,536 counters: on a few
	 * thousand keys (a validation set scored every boosting round) that is most of the work,
	 * so fewer keys take 8-bit digits, eight passes over 256 counters. */
	int bits = n >= 65536 ? 16 : 8;
	size_t nd = (size_t)1 << bits, mask = nd - 1;
	struct keyed *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
	size_t *count = malloc(nd * sizeof *count);
	if (!a || !b || !count) {
		free(a), free(b), free(count);
		return -1;
	}
	er_vec_huge(a, n * sizeof *a);
	er_vec_huge(b, n * sizeof *b);
	for (size_t i = 0; i < n; i++) {
		double v = key[i] == 0 ? 0.0 : key[i]; /* -0 sorts with 0 */
		uint64_t u;
		memcpy(&u, &v, sizeof u);
		/* ascending unsigned order of the doubles, then inverted for largest first */
		u = u >> 63 ? ~u : u | (UINT64_C(1) << 63);
		a[i] = (struct keyed){~u, i};
	}
	for (int shift = 0; shift < 64; shift += bits) {
		memset(count, 0, nd * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(a[i].key >> shift) & mask]++;
		/* a digit every key shares (the sign and exponent of similar numbers) moves nothing */
		if (n && count[(a[0].key >> shift) & mask] == n)
			continue;
		size_t sum = 0;
		for (size_t d = 0; d < nd; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i].key >> shift) & mask]++] = a[i];
		struct keyed *t = a;
		a = b, b = t;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = a[i].i;
	free(a), free(b), free(count);
	return 0;
}

/* sort: bottom-up merge sort through a scratch copy; qsort is not stable. */
#include "lib/sort.h"

#include <stdlib.h>
#include <string.h>

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

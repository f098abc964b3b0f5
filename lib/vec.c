/* vec: the growth rule of every heap array (see vec.h). */
#include "lib/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int
er_grow(void *pp, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	if (elem == 0 || need > SIZE_MAX / elem)
		return -1;
	/* doubling near SIZE_MAX would overflow: then exactly NEED */
	size_t ncap = *cap >= 8 && *cap <= SIZE_MAX / 2 / elem ? *cap * 2 : 16;
	if (ncap < need)
		ncap = need;
	/* PP points at an object pointer of some type: copied through memcpy rather than a
	 * void ** cast, so no object is accessed through the wrong pointer type. */
	void *p;
	memcpy(&p, pp, sizeof p);
	void *q = er_vec_realloc(p, *cap * elem, ncap * elem);
	if (!q)
		return -1;
	memcpy(pp, &q, sizeof q);
	*cap = ncap;
	return 0;
}

void *
er_vec_realloc(void *p, size_t old, size_t size)
{
	if (size < ER_HUGE_MIN)
		return realloc(p, size);
	/* realloc would copy into 4 kB pages, faulting each one: the new block is advised first */
	void *q = malloc(size);
	if (!q)
		return NULL;
	er_vec_huge(q, size);
	if (p)
		memcpy(q, p, old < size ? old : size);
	free(p);
	return q;
}

void
er_vec_huge(void *p, size_t size)
{
	const uintptr_t huge = (uintptr_t)2 << 20;
	if (!p || size < ER_HUGE_MIN)
		return;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1), end = ((uintptr_t)p + size) & ~(huge - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
}

int
er_grow_zeroed(void *pp, size_t *cap, size_t need, size_t elem)
{
	size_t old = *cap;
	if (er_grow(pp, cap, need, elem) < 0)
		return -1;
	char *p;
	memcpy(&p, pp, sizeof p);
	if (*cap > old)
		memset(p + old * elem, 0, (*cap - old) * elem);
	return 0;
}

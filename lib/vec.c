/* vec: the growth rule of every heap array (see vec.h). */
#include "lib/vec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	void *q = realloc(p, ncap * elem);
	if (!q)
		return -1;
	memcpy(pp, &q, sizeof q);
	*cap = ncap;
	return 0;
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

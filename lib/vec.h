/* vec: growing a heap array to hold a number of elements, the one growth rule every
 * array in er uses, so that the doubling, the size overflow check and the handling of a
 * failed realloc are written once.
 *
 *	size_t n = 0, cap = 0;
 *	struct item *v = NULL;
 *	if (ER_GROW(v, cap, n + 1) < 0)
 *		return ER_ENOMEM;
 *	v[n++] = item;
 *
 * The capacity at least doubles, so appending N elements costs O(N) copies. On failure
 * the array and its capacity are left as they were (still owned by the caller). */
#ifndef ER_VEC_H
#define ER_VEC_H

#include <stddef.h>

/* Grows the array *PP (a pointer to any object pointer, capacity *CAP elements of ELEM bytes)
 * to at least NEED elements: the new capacity is the larger of NEED and twice *CAP (16 at
 * least). Returns 0, or -1 when NEED * ELEM overflows size_t or out of memory, leaving *PP and
 * *CAP unchanged. New elements are not initialised; the caller frees *PP. */
int er_grow(void *pp, size_t *cap, size_t need, size_t elem);

/* Same as er_grow, and the elements from the old capacity to the new one are zeroed, for
 * arrays indexed by a key's number where a slot never written must read as empty. */
int er_grow_zeroed(void *pp, size_t *cap, size_t need, size_t elem);

/* Asks the kernel to back the whole 2 MB pages inside [P, P + SIZE) with transparent huge
 * pages when SIZE is at least ER_HUGE_MIN (and P not NULL): one page fault per 2 MB instead of
 * 512, and fewer TLB misses on random access (a third of er-eval's CPU time on 1 M rows
 * went to faults and misses). Advice only: it never fails and changes no contents. */
void er_vec_huge(void *p, size_t size);
#define ER_HUGE_MIN ((size_t)4 << 20)

/* realloc(P, SIZE) for a block of OLD bytes, the new block advised to huge pages (er_vec_huge)
 * before the old contents are copied in when SIZE is at least ER_HUGE_MIN. NULL when out of
 * memory, P left as it was. */
void *er_vec_realloc(void *p, size_t old, size_t size);

/* ER_GROW(P, CAP, NEED): er_grow for array P (an lvalue of a pointer type) of capacity CAP (a
 * size_t lvalue), with the common case (room enough) inline because it sits in hot loops.
 * Evaluates its arguments more than once. Returns 0 or -1 as er_grow. */
#define ER_GROW(p, cap, need) ((size_t)(need) <= (cap) ? 0 : er_grow(&(p), &(cap), (size_t)(need), sizeof *(p)))

#endif

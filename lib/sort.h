/* sort: a stable sort, for tables whose equal keys must keep their input order. */
#ifndef ER_SORT_H
#define ER_SORT_H

#include <stddef.h>

/* Sorts N elements of SIZE bytes at BASE by CMP (as qsort's), keeping equal elements in
 * their input order (bottom-up merge sort, O(n log n)). Returns 0, or -1 when out of memory
 * (BASE untouched). */
int er_sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif

/* sort: stable sorts, for tables whose equal keys must keep their input order. */
#ifndef ER_SORT_H
#define ER_SORT_H

#include <stddef.h>

/* Sorts N elements of SIZE bytes at BASE by CMP (as qsort's), keeping equal elements in
 * their input order (bottom-up merge sort, O(n log n)). Returns 0, or -1 when out of memory
 * (BASE untouched). */
int er_sort_stable(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* The order of the numbers KEY[0..N-1] from the largest down into ORDER (N entries): ORDER[0]
 * is the index of the largest; equal keys (0 and -0 too) keep their index order. A radix sort
 * on the keys' bits (passes of 16 bits, 8 under 65,536 keys), several times faster than qsort
 * on 1 M rows.
 * The keys must not be NaN. Returns 0, or -1 when out of memory. */
int er_sort_order_desc(const double *key, size_t n, size_t *order);

#endif

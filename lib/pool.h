/* pool: blocks of one size carved from large slabs, for many small objects allocated over
 * a run and freed together (per-entity accumulators): no malloc header or bin search per
 * block, a block given back is reused by the next one asked for, and the whole pool goes
 * back to the system one slab at a time. Not thread-safe. */
#ifndef ER_POOL_H
#define ER_POOL_H

#include <stddef.h>

typedef struct er_pool er_pool;

/* A new empty pool of blocks of SIZE bytes (rounded up to 16, the alignment of every
 * block), or NULL when out of memory. */
er_pool *er_pool_new(size_t size);

/* A zeroed block, or NULL when out of memory. Given back with er_pool_put, or freed with
 * the pool. */
void *er_pool_get(er_pool *p);

/* Gives BLOCK (from er_pool_get of P; may be NULL) back for reuse. */
void er_pool_put(er_pool *p, void *block);

/* Frees P (may be NULL) and every block it gave. */
void er_pool_free(er_pool *p);

#endif

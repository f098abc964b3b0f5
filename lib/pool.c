/* pool: a bump pointer in the newest slab, a free list of blocks given back. */
#include "lib/pool.h"

#include <stdlib.h>
#include <string.h>

#include "lib/vec.h"

/* A slab's header, padded so that its blocks start 16-aligned. */
struct slab {
	struct slab *next;
	size_t pad;
};

/* The first slab holds 16 blocks; each next one twice as many, up to 8 MB. */
#define SLAB_MAX ((size_t)8 << 20)

struct er_pool {
	size_t size;
	struct slab *slabs;
	unsigned char *at, *end; /* the newest slab's unused blocks */
	size_t slab_bytes;       /* the next slab's blocks' size */
	void *free_list;         /* blocks given back, each holding the next one's address */
};

er_pool *
er_pool_new(size_t size)
{
	er_pool *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->size = size < 16 ? 16 : (size + 15) & ~(size_t)15;
	p->slab_bytes = 16 * p->size;
	return p;
}

void *
er_pool_get(er_pool *p)
{
	void *b = p->free_list;
	if (b) {
		memcpy(&p->free_list, b, sizeof p->free_list);
		memset(b, 0, p->size);
		return b;
	}
	if (p->at == p->end) {
		/* not calloc: a block is zeroed by a write when handed out, so its fresh page
		 * faults once, not once to map the zero page at the first read and again to
		 * copy it at the first write */
		struct slab *s = malloc(sizeof *s + p->slab_bytes);
		if (!s)
			return NULL;
		er_vec_huge(s, sizeof *s + p->slab_bytes);
		s->next = p->slabs;
		p->slabs = s;
		p->at = (unsigned char *)(s + 1);
		p->end = p->at + p->slab_bytes;
		if (p->slab_bytes * 2 <= SLAB_MAX)
			p->slab_bytes *= 2;
	}
	b = p->at;
	p->at += p->size;
	memset(b, 0, p->size);
	return b;
}

void
er_pool_put(er_pool *p, void *block)
{
	if (!block)
		return;
	memcpy(block, &p->free_list, sizeof p->free_list);
	p->free_list = block;
}

void
er_pool_free(er_pool *p)
{
	if (!p)
		return;
	while (p->slabs) {
		struct slab *s = p->slabs;
		p->slabs = s->next;
		free(s);
	}
	free(p);
}

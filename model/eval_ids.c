/* eval_ids: the row ids of er-eval, a hash table only once they stop ascending. */
#include <stdlib.h>
#include <string.h>

#include "lib/vec.h"
#include "model/eval_data.h"

static const char *
id_of(const struct er_eval_ids *s, size_t k, size_t *len)
{
	size_t end = k + 1 < s->n ? s->off[k + 1] : s->len;
	*len = end - s->off[k] - 1;
	return s->arena + s->off[k];
}

/* Byte order, a prefix first. */
static int
idcmp(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

static int
append(struct er_eval_ids *s, const char *id, size_t len)
{
	if (ER_GROW(s->off, s->off_cap, s->n + 1) < 0 || ER_GROW(s->arena, s->cap, s->len + len + 1) < 0)
		return ER_ENOMEM;
	s->off[s->n++] = s->len;
	memcpy(s->arena + s->len, id, len);
	s->arena[s->len + len] = '\0';
	s->len += len + 1;
	return 0;
}

int
er_eval_ids_add(struct er_eval_ids *s, const char *id, size_t len)
{
	size_t pl;
	if (!s->map) {
		const char *prev = s->n ? id_of(s, s->n - 1, &pl) : NULL;
		if (!prev || idcmp(prev, pl, id, len) < 0)
			return append(s, id, len);
		/* out of order: from here on a hash table, with every id so far (all distinct) */
		if (!(s->map = er_strmap_new()))
			return ER_ENOMEM;
		for (size_t k = 0; k < s->n; k++) {
			const char *p = id_of(s, k, &pl);
			if (er_strmap_intern(s->map, p, pl, NULL) < 0)
				return ER_ENOMEM;
		}
	}
	int added;
	if (er_strmap_intern(s->map, id, len, &added) < 0)
		return ER_ENOMEM;
	return added ? append(s, id, len) : 1;
}

long
er_eval_ids_find(const struct er_eval_ids *s, const char *id, size_t len)
{
	if (s->map)
		return er_strmap_find(s->map, id, len);
	size_t lo = 0, hi = s->n, pl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = id_of(s, mid, &pl);
		int c = idcmp(p, pl, id, len);
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

void
er_eval_ids_free(struct er_eval_ids *s)
{
	if (!s)
		return;
	free(s->arena), free(s->off);
	er_strmap_free(s->map);
	memset(s, 0, sizeof *s);
}

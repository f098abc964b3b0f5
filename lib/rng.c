/* rng: seeding and the non-inline draws of xoshiro256** (see rng.h). */
#include "lib/rng.h"

#include <math.h>

uint64_t
er_rng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

uint64_t
er_rng_mix(uint64_t a, uint64_t b)
{
	/* Two splitmix64 rounds: the second input enters after the first is mixed, so
	 * (a, b) and (b, a) give unrelated keys. */
	uint64_t st = a;
	uint64_t h = er_rng_splitmix64(&st);
	st = h ^ b;
	return er_rng_splitmix64(&st);
}

void
er_rng_seed(struct er_rng *r, uint64_t seed)
{
	uint64_t st = seed;
	for (int i = 0; i < 4; i++)
		r->s[i] = er_rng_splitmix64(&st);
}

double
er_rng_normal(struct er_rng *r)
{
	/* 1 - u is in (0, 1], so the log is finite. */
	double u1 = 1.0 - er_rng_uniform(r), u2 = er_rng_uniform(r);
	return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

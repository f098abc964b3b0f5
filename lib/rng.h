/* rng: a small, fast, reproducible pseudo-random generator: xoshiro256** (Blackman and
 * Vigna, 2018; period 2^256 - 1, passes BigCrush), seeded through splitmix64 so that any
 * 64-bit seed, including 0, gives a well-mixed state. The same seed gives the same
 * sequence on every machine: only integer arithmetic decides the bits, and the doubles
 * are built from them exactly. Not for cryptography. */
#ifndef ER_RNG_H
#define ER_RNG_H

#include <stdint.h>

struct er_rng {
	uint64_t s[4];
};

/* Advances *STATE and returns the next splitmix64 output. Can't fail. */
uint64_t er_rng_splitmix64(uint64_t *state);

/* A well-mixed 64-bit key from two (a seed and a stream number, say), so that
 * independent streams can be derived from one seed: er_rng_seed(r, er_rng_mix(seed, n)). */
uint64_t er_rng_mix(uint64_t a, uint64_t b);

/* Seeds R from SEED (any value). Can't fail. */
void er_rng_seed(struct er_rng *r, uint64_t seed);

/* A standard normal variate (Box-Muller, one of the pair). Can't fail. */
double er_rng_normal(struct er_rng *r);

static inline uint64_t
er_rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* The next 64 random bits. */
static inline uint64_t
er_rng_next(struct er_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = er_rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = er_rng_rotl(s[3], 45);
	return result;
}

/* A uniform double in [0, 1) with 53 random bits. */
static inline double
er_rng_uniform(struct er_rng *r)
{
	return (double)(er_rng_next(r) >> 11) * 0x1.0p-53;
}

/* A uniform double in [LO, HI). */
static inline double
er_rng_range(struct er_rng *r, double lo, double hi)
{
	return lo + (hi - lo) * er_rng_uniform(r);
}

/* A uniform integer in [0, N) for 1 <= N <= 2^53 (scaled from 53 random bits, exact
 * and unbiased to within N / 2^53). */
static inline uint64_t
er_rng_below(struct er_rng *r, uint64_t n)
{
	uint64_t v = (uint64_t)(er_rng_uniform(r) * (double)n);
	return v < n ? v : n - 1;
}

/* 1 with probability P, else 0. */
static inline int
er_rng_chance(struct er_rng *r, double p)
{
	return er_rng_uniform(r) < p;
}

#endif

/* scorecard: scaling arithmetic and the two-level sign-constrained fit. */
#include "model/scorecard.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "model/logit.h"

int
er_scaling_init(struct er_scaling *s, double base_points, double base_odds, double pdo, char *err)
{
	if (!isfinite(pdo) || pdo == 0)
		return er_fail(err, ER_EUSAGE, "points to double the odds must be a non-zero number");
	if (!isfinite(base_odds) || !(base_odds > 0))
		return er_fail(err, ER_EUSAGE, "base odds must be a number > 0");
	if (!isfinite(base_points))
		return er_fail(err, ER_EUSAGE, "base points must be a number");
	s->base_points = base_points;
	s->base_odds = base_odds;
	s->pdo = pdo;
	s->factor = pdo / log(2.0);
	s->offset = base_points + s->factor * log(base_odds);
	return 0;
}

double
er_scaling_score(const struct er_scaling *s, double eta)
{
	return s->offset - s->factor * eta;
}

double
er_scaling_eta(const struct er_scaling *s, double score)
{
	return (s->offset - score) / s->factor;
}

void
er_scorecard_fit_free(struct er_scorecard_fit *f)
{
	if (!f)
		return;
	free(f->coef);
	free(f->mod_intercept);
	free(f->mod_weight);
	memset(f, 0, sizeof *f);
}

double
er_scorecard_module_eta(const struct er_scorecard_fit *f, const size_t *module, size_t m, const double *x)
{
	double eta = f->mod_intercept[m];
	for (size_t j = 0; j < f->p; j++)
		if (module[j] == m)
			eta += f->coef[j] * x[j];
	return eta;
}

double
er_scorecard_eta(const struct er_scorecard_fit *f, const size_t *module, const double *x)
{
	double eta = f->intercept;
	for (size_t m = 0; m < f->nmod; m++)
		eta += f->mod_weight[m] * er_scorecard_module_eta(f, module, m, x);
	return eta;
}

int
er_scorecard_fit(const double *woe, const double *y, size_t n, size_t p, const size_t *module, size_t nmod, double l2,
                 struct er_scorecard_fit *out, char *err)
{
	memset(out, 0, sizeof *out);
	if (nmod == 0 || p == 0)
		return er_fail(err, ER_EUSAGE, "a scorecard needs at least one indicator");
	out->p = p;
	out->nmod = nmod;
	out->coef = calloc(p, sizeof *out->coef);
	out->mod_intercept = calloc(nmod, sizeof *out->mod_intercept);
	out->mod_weight = calloc(nmod, sizeof *out->mod_weight);
	double *sub = malloc(n * (p > nmod ? p : nmod) * sizeof *sub);
	double *beta = malloc((p + nmod + 1) * sizeof *beta);
	signed char *sign = malloc(p + nmod);
	size_t *cols = malloc(p * sizeof *cols);
	int rc = 0;
	if (!out->coef || !out->mod_intercept || !out->mod_weight || !sub || !beta || !sign || !cols) {
		rc = er_fail(err, ER_ENOMEM, "out of memory fitting a scorecard");
		goto done;
	}
	memset(sign, ER_LOGIT_NONNEG, p + nmod);
	struct er_logit_opts o;
	er_logit_opts_init(&o);
	o.l2 = l2;
	o.sign = sign;
	for (size_t m = 0; m < nmod && !rc; m++) {
		size_t pm = 0;
		for (size_t j = 0; j < p; j++)
			if (module[j] == m)
				cols[pm++] = j;
		if (pm == 0) {
			rc = er_fail(err, ER_EUSAGE, "module %zu has no indicator", m);
			break;
		}
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < pm; k++)
				sub[i * pm + k] = woe[i * p + cols[k]];
		memset(beta, 0, (pm + 1) * sizeof *beta);
		rc = er_logit_fit(sub, y, NULL, n, pm, &o, beta, NULL, err);
		if (rc)
			break;
		out->mod_intercept[m] = beta[0];
		for (size_t k = 0; k < pm; k++)
			out->coef[cols[k]] = beta[k + 1];
	}
	if (rc)
		goto done;
	/* Second level: the module log-odds as inputs. */
	for (size_t i = 0; i < n; i++)
		for (size_t m = 0; m < nmod; m++)
			sub[i * nmod + m] = er_scorecard_module_eta(out, module, m, woe + i * p);
	memset(beta, 0, (nmod + 1) * sizeof *beta);
	for (size_t m = 0; m < nmod; m++)
		beta[m + 1] = 1.0 / (double)nmod;
	rc = er_logit_fit(sub, y, NULL, n, nmod, &o, beta, NULL, err);
	if (rc)
		goto done;
	out->intercept = beta[0];
	for (size_t m = 0; m < nmod; m++)
		out->mod_weight[m] = beta[m + 1];
done:
	free(sub), free(beta), free(sign), free(cols);
	if (rc)
		er_scorecard_fit_free(out);
	return rc;
}

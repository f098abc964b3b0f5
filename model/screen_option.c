#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "model/screen_option.h"

enum kind { K_INT, K_DOUBLE };

/* The numeric options: where each goes and its limits. */
static const struct num_option {
	const char *name;
	enum kind kind;
	size_t offset;
	double lo, hi;
} num_options[] = {
	{"fine-bins", K_INT, offsetof(struct er_screen_opts, bin.fine_bins), 2, 256},
	{"max-bins", K_INT, offsetof(struct er_screen_opts, bin.max_bins), 1, 1000},
	{"min-bin", K_DOUBLE, offsetof(struct er_screen_opts, bin.min_bin), 0, 0.5},
	{"zero-count", K_DOUBLE, offsetof(struct er_screen_opts, bin.zero_count), 1e-9, 1e9},
	{"chi-limit", K_DOUBLE, offsetof(struct er_screen_opts, bin.chi_limit), 0, 1e9},
	{"stop-limit", K_DOUBLE, offsetof(struct er_screen_opts, bin.stop_limit), 0, 1e9},
	{"min-iv", K_DOUBLE, offsetof(struct er_screen_opts, min_iv), 0, 1e9},
	{"max-missing", K_DOUBLE, offsetof(struct er_screen_opts, max_missing), 0, 1},
	{"max-identical", K_DOUBLE, offsetof(struct er_screen_opts, max_identical), 0, 1},
	{"max-psi", K_DOUBLE, offsetof(struct er_screen_opts, max_psi), 0, 1e9},
	{"max-corr", K_DOUBLE, offsetof(struct er_screen_opts, max_corr), 0, 1},
};

static const char *const methods[] = {"monotonic", "quantile", "chimerge", "tree", "unique"};
static const char *const shapes[] = {"monotone", "ascending", "descending", "peak", "valley", "auto"};

/* The index of ARG in the N words of LIST, or -1. */
static int
word_index(const char *arg, const char *const *list, int n)
{
	for (int k = 0; k < n; k++)
		if (strcmp(arg, list[k]) == 0)
			return k;
	return -1;
}

static int
set_number(struct er_screen_opts *so, const struct num_option *o, const char *arg, char *err)
{
	char *p = (char *)so + o->offset;
	if (o->kind == K_INT)
		return er_cli_int_value(arg, (int)o->lo, (int)o->hi, o->name, (int *)(void *)p, err);
	double v;
	int rc = er_cli_double_value(arg, o->lo, o->hi, o->name, &v, err);
	if (rc)
		return rc;
	*(double *)(void *)p = v;
	return 0;
}

int
er_screen_option(struct er_screen_opts *so, struct er_screen_specs *specs, const char *name, const char *arg, char *err)
{
	for (size_t k = 0; k < sizeof num_options / sizeof num_options[0]; k++)
		if (strcmp(name, num_options[k].name) == 0)
			return set_number(so, &num_options[k], arg, err);
	if (strcmp(name, "method") == 0) {
		int k = word_index(arg, methods, 5);
		if (k < 0) {
			snprintf(err, ER_ERRLEN, "unknown --method '%s' (monotonic, quantile, chimerge, tree, unique)",
			         arg);
			return ER_EUSAGE;
		}
		/* the names are in the order of enum er_bin_method */
		so->bin.method = (enum er_bin_method)k;
		return 0;
	}
	if (strcmp(name, "shape") == 0) {
		int k = word_index(arg, shapes, 6);
		if (k < 0) {
			snprintf(err, ER_ERRLEN,
			         "unknown --shape '%s' (monotone, ascending, descending, peak, valley, auto)", arg);
			return ER_EUSAGE;
		}
		so->bin.shape = (enum er_bin_shape)k;
		return 0;
	}
	if (strcmp(name, "no-corr") == 0) {
		so->max_corr = 1;
		return 0;
	}
	if (strcmp(name, "no-direction") == 0) {
		so->check_direction = 0;
		return 0;
	}
	if (strcmp(name, "breaks") == 0 || strcmp(name, "special") == 0) {
		int rc = name[0] == 'b' ? er_screen_specs_add_breaks(specs, arg, err)
					: er_screen_specs_add_special(specs, arg, err);
		if (rc == 0)
			so->specs = specs;
		return rc;
	}
	return -1;
}

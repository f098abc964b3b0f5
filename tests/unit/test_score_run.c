/* Unit tests for model/score_run.c: a run that runs out of memory says so (er-score used to
 * exit 4 without a word), provoked with an address-space limit (RLIMIT_AS) just above what
 * the process holds and a --keep list too long to fit under it (not under ASan or valgrind). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/model.h"
#include "model/score_run.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static char *
dupstr(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* Writes a one-indicator scorecard on column x ([-inf,1), [1,inf), missing) to PATH. */
static void
write_model(const char *path)
{
	struct er_model m;
	char err[ER_ERRLEN];
	memset(&m, 0, sizeof m);
	m.method = ER_MODEL_SCORECARD;
	m.id_col = dupstr("id");
	assert_int_equal(er_scaling_init(&m.scaling, 600, 1.0 / 19, 50, err), 0);
	m.blend = 1;
	m.cuts[0] = 620, m.cuts[1] = 600, m.cuts[2] = 580;
	m.nmod = 1;
	m.mod = calloc(1, sizeof *m.mod);
	m.mod[0] = (struct er_model_module){dupstr("all"), -1.5, 1, 0};
	m.sc_base_points = 600;
	m.nfeat = 1;
	m.feat = calloc(1, sizeof *m.feat);
	struct er_model_feature *f = &m.feat[0];
	f->var.name = dupstr("x");
	f->var.type = ER_BIN_NUMERIC;
	f->direction = '+';
	f->in_scorecard = 1;
	f->coef = 1;
	f->gbdt_col = -1;
	f->var.nbins = 3;
	f->var.bins = calloc(3, sizeof *f->var.bins);
	f->points = calloc(3, sizeof(double));
	f->module_points = calloc(3, sizeof(double));
	const char *labels[3] = {"[-Inf,1)", "[1,Inf)", "missing"};
	for (int k = 0; k < 3; k++) {
		struct er_bin *b = &f->var.bins[k];
		b->kind = k < 2 ? ER_BIN_RANGE : ER_BIN_MISSING;
		b->lo = k == 0 ? -INFINITY : k == 1 ? 1 : 0;
		b->hi = k == 0 ? 1 : k == 1 ? INFINITY : 0;
		b->good = 100, b->bad = 10 + k;
		b->woe = 0.1 * k;
		b->label = dupstr(labels[k]);
		f->points[k] = f->module_points[k] = -10.0 * k;
	}
	char *buf;
	size_t len;
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	FILE *out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(buf, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
	free(buf);
	er_model_free(&m);
}

/* The address space in use now, in bytes (from /proc/self/statm). */
static size_t
vm_size(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	assert_non_null(f);
	unsigned long pages = 0;
	assert_int_equal(fscanf(f, "%lu", &pages), 1);
	fclose(f);
	return pages * (size_t)sysconf(_SC_PAGESIZE);
}

static void
test_out_of_memory_has_a_message(void **state)
{
	const char *vg = getenv("ER_VALGRIND");
	/* ASan and valgrind reserve their own address space: a limit breaks them, not the tool.
	 * Nothing to check there (cmocka's skip() counts as a failure in scripts/check). */
	if (UNDER_ASAN || (vg && strcmp(vg, "1") == 0))
		return;
	char model[] = "/tmp/er-test-score-run-model-XXXXXX", rows[] = "/tmp/er-test-score-run-rows-XXXXXX";
	int fd = mkstemp(model);
	assert_true(fd >= 0);
	close(fd);
	write_model(model);
	fd = mkstemp(rows);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "id,x\nA,0.5\n", 11), 11);
	close(fd);
	/* 2M names to keep need 16 MB of pointers, twice the room left */
	size_t nkeep = 2000000;
	char *keep = malloc(nkeep * 3);
	assert_non_null(keep);
	for (size_t i = 0; i < nkeep; i++)
		memcpy(keep + 3 * i, "id,", 3);
	keep[3 * nkeep - 1] = '\0';

	struct er_cli_io io;
	er_cli_io_init(&io);
	char *inputs[1] = {rows};
	struct er_score_opts o = {.io = &io, .model = model, .keep = keep, .detail = 1, .inputs = inputs, .ninputs = 1};
	struct er_score_counts counts;
	char err[ER_ERRLEN] = "";
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_AS, &old), 0);
	lim = old;
	lim.rlim_cur = vm_size() + (8u << 20);
	assert_int_equal(setrlimit(RLIMIT_AS, &lim), 0);
	int st = er_score_run(&o, &counts, err);
	assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
	assert_int_equal(st, ER_ENOMEM);
	assert_non_null(strstr(err, "out of memory"));
	free(keep);
	unlink(model);
	unlink(rows);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_out_of_memory_has_a_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

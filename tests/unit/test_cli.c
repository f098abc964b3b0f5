/* Unit tests for lib/cli.c's option walk (er_cli_next): a tool's own options come back to
 * its switch, the shared ones are taken here, and a stop leaves the status main returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/cli.h"
#include "lib/err.h"

enum { OPT_OWN = ER_OPT_TOOL, OPT_FLAG };

static const struct er_opt opts[] = {{"own", 'o', "X", OPT_OWN, "an option of the tool", NULL},
                                     {"flag", 0, NULL, OPT_FLAG, "a flag of the tool", NULL},
                                     {NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: t\n",
	.opts = opts,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_QUIET,
};

/* Walks ARGV (ARGC words, NULL-ended) and writes the own options it got into GOT. */
static int
walk(int argc, char **argv, struct er_cli_io *io, char *got, size_t n)
{
	struct er_cli_args cli = {0};
	int opt;
	optind = 0; /* a fresh getopt scan */
	got[0] = '\0';
	while ((opt = er_cli_next(&cli, argc, argv, &spec, io)) != -1) {
		size_t len = strlen(got);
		snprintf(got + len, n - len, opt == OPT_OWN ? "own=%s;" : "flag;", optarg);
	}
	return cli.status;
}

static void
test_own_and_shared(void **state)
{
	(void)state;
	struct er_cli_io io;
	er_cli_io_init(&io);
	char a0[] = "t", a1[] = "--tsv", a2[] = "-o", a3[] = "v", a4[] = "--quiet", a5[] = "--flag", a6[] = "file";
	char *argv[] = {a0, a1, a2, a3, a4, a5, a6, NULL};
	char got[64];
	assert_int_equal(walk(7, argv, &io, got, sizeof got), -1);
	assert_string_equal(got, "own=v;flag;");
	assert_int_equal(io.in.format, ER_FMT_TSV);
	assert_int_equal(io.quiet, 1);
	assert_int_equal(optind, 6); /* at the operand */
}

static void
test_stops(void **state)
{
	(void)state;
	struct er_cli_io io;
	er_cli_io_init(&io);
	char got[64];
	/* an option of a group the tool does not name is unknown: usage, the walk ends there */
	char a0[] = "t", a1[] = "--output-csv", a2[] = "--flag";
	char *unknown[] = {a0, a1, a2, NULL};
	assert_int_equal(walk(3, unknown, &io, got, sizeof got), ER_EUSAGE);
	assert_string_equal(got, "");
	/* a missing argument */
	char b1[] = "--own";
	char *missing[] = {a0, b1, NULL};
	assert_int_equal(walk(2, missing, &io, got, sizeof got), ER_EUSAGE);
	/* --version answers and stops with 0 */
	char c1[] = "--flag", c2[] = "--version", c3[] = "--flag";
	char *version[] = {a0, c1, c2, c3, NULL};
	assert_int_equal(walk(4, version, &io, got, sizeof got), 0);
	assert_string_equal(got, "flag;");
}

/* er_cli_int_value: whole numbers within the bounds, and one message for the rest, the one
 * er-train and er-screen print for every int option. */
static void
test_int_value(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	int v = -1;
	assert_int_equal(er_cli_int_value("12", 0, 60, "max-unique", &v, err), 0);
	assert_int_equal(v, 12);
	assert_int_equal(er_cli_int_value("0", 0, 60, "max-unique", &v, err), 0);
	assert_int_equal(v, 0);
	const char *bad[] = {"61", "-1", "1.5", "", " ", "3 4", "3x", "99999999999999999999"};
	for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
		v = 7;
		assert_int_equal(er_cli_int_value(bad[k], 0, 60, "max-unique", &v, err), ER_EUSAGE);
		assert_int_equal(v, 7);
	}
	er_cli_int_value("61", 0, 60, "max-unique", &v, err);
	assert_string_equal(err, "--max-unique must be a whole number from 0 to 60, not '61'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_and_shared),
		cmocka_unit_test(test_stops),
		cmocka_unit_test(test_int_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for lib/opt.c: the getopt tables and the --help lines built from one table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/opt.h"

enum { OPT_LONG = 0x2000, OPT_DEF, OPT_A, OPT_B, OPT_SHARED, OPT_ALWAYS };

static const struct er_opt opts[] = {
	{"kind", 'k', "KIND", 'k', "the kind", NULL},
	ER_OPT_TEXT("More:"),
	{"long-only", 0, NULL, OPT_LONG, "two lines:\nthe second", NULL},
	{"cooldown", 0, "DAYS", OPT_DEF, "wait (default {})", "30"},
	{"a", 0, NULL, OPT_A, NULL, NULL},
	{"b", 0, NULL, OPT_B, "a or b", NULL},
	{"a-name-too-long-for-the-column", 0, "X", OPT_LONG + 100, "on the next line", NULL},
	ER_OPT_TEXT(""),
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_shared shared[] = {{{"shared", 0, NULL, OPT_SHARED, "in group 1", NULL}, 1},
                                              {{"other", 0, NULL, OPT_SHARED + 1, "in group 2", NULL}, 2},
                                              {{"help", 'h', NULL, OPT_ALWAYS, "always", NULL}, 0},
                                              {{NULL, 0, NULL, 0, NULL, NULL}, 0}};

static const struct er_opt_spec spec = {"Usage: t\n", opts, 20, shared, 1, "end\n"};

static void
test_help_lines(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	er_opt_print_help(f, &spec);
	fclose(f);
	assert_string_equal(buf,
	                    "Usage: t\n"
	                    "  -k, --kind KIND   the kind\n"
	                    "More:\n" /* a text line, not an option */
	                    "      --long-only   two lines:\n"
	                    "                    the second\n"
	                    "      --cooldown DAYS\n"
	                    "                    wait (default 30)\n"
	                    "      --a, --b      a or b\n"
	                    "      --a-name-too-long-for-the-column X\n"
	                    "                    on the next line\n"
	                    "\n"
	                    "      --shared           in group 1\n" /* shared options at ER_OPT_HELP_COL */
	                    "  -h, --help             always\n"
	                    "end\n");
	free(buf);
}

static int
parse(const struct er_opt_parser *p, int argc, char **argv, int *ids)
{
	int n = 0, c;
	optind = 0; /* glibc: 0 restarts getopt for a new argument vector */
	while ((c = er_opt_next(p, argc, argv)) != -1)
		ids[n++] = c;
	return n;
}

static void
test_parse(void **state)
{
	struct er_opt_parser p;
	char err[ER_ERRLEN];
	assert_int_equal(er_opt_begin(&p, &spec, err), 0);
	for (size_t i = 0; p.longs[i].name; i++) /* a text line is no option named "" */
		assert_string_not_equal(p.longs[i].name, "");
	char a[][16] = {"t", "-k", "x", "--long-only", "-h", "--shared", "--other", "--kind=y", "--cooldown"};
	char *argv[] = {a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], NULL};
	int ids[16];
	int n = parse(&p, 9, argv, ids);
	assert_int_equal(n, 7);
	assert_int_equal(ids[0], 'k');
	assert_int_equal(ids[1], OPT_LONG);
	assert_int_equal(ids[2], OPT_ALWAYS); /* -h is --help's id */
	assert_int_equal(ids[3], OPT_SHARED);
	assert_int_equal(ids[4], '?'); /* group 2 is not in the spec */
	assert_int_equal(ids[5], 'k');
	assert_int_equal(ids[6], ':'); /* --cooldown without its argument */
}

static void
test_letter_twice(void **state)
{
	static const struct er_opt twice[] = {{"help-me", 'h', NULL, 1, "mine", NULL}, {NULL, 0, NULL, 0, NULL, NULL}};
	struct er_opt_spec s = spec;
	s.opts = twice;
	struct er_opt_parser p;
	char err[ER_ERRLEN];
	assert_int_not_equal(er_opt_begin(&p, &s, err), 0);
	assert_string_equal(err, "option letter 'h' twice in the table");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_lines),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_letter_twice),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

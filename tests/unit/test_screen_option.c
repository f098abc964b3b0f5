/* screen_option: the binning and selection options er-screen and er-train share. */
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
#include "model/screen_option.h"

static void
test_values_land(void **state)
{
	(void)state;
	struct er_screen_opts so;
	struct er_screen_specs specs;
	char err[ER_ERRLEN];
	er_screen_opts_init(&so);
	memset(&specs, 0, sizeof specs);
	assert_int_equal(er_screen_option(&so, &specs, "fine-bins", "40", err), 0);
	assert_int_equal(so.bin.fine_bins, 40);
	assert_int_equal(er_screen_option(&so, &specs, "min-bin", "1/20", err), 0);
	assert_true(so.bin.min_bin == 0.05);
	assert_int_equal(er_screen_option(&so, &specs, "min-iv", "0.1", err), 0);
	assert_true(so.min_iv == 0.1);
	assert_int_equal(er_screen_option(&so, &specs, "shape", "valley", err), 0);
	assert_int_equal(so.bin.shape, ER_BIN_SHAPE_VALLEY);
	assert_int_equal(er_screen_option(&so, &specs, "method", "tree", err), 0);
	assert_int_equal(so.bin.method, ER_BIN_METHOD_TREE);
	assert_int_equal(er_screen_option(&so, &specs, "no-corr", NULL, err), 0);
	assert_true(so.max_corr == 1);
	assert_null(so.specs);
	assert_int_equal(er_screen_option(&so, &specs, "special", "96,98", err), 0);
	assert_ptr_equal(so.specs, &specs);
	er_screen_specs_free(&specs);
}

static void
test_bad_values(void **state)
{
	(void)state;
	struct er_screen_opts so;
	struct er_screen_specs specs;
	char err[ER_ERRLEN];
	er_screen_opts_init(&so);
	memset(&specs, 0, sizeof specs);
	assert_int_equal(er_screen_option(&so, &specs, "fine-bins", "1", err), ER_EUSAGE);
	assert_string_equal(err, "--fine-bins must be a whole number from 2 to 256, not '1'");
	assert_int_equal(so.bin.fine_bins, 20);
	assert_int_equal(er_screen_option(&so, &specs, "max-corr", "2", err), ER_EUSAGE);
	assert_string_equal(err, "--max-corr must be from 0 to 1, not '2'");
	assert_int_equal(er_screen_option(&so, &specs, "shape", "zig", err), ER_EUSAGE);
	assert_non_null(strstr(err, "unknown --shape 'zig'"));
	assert_int_equal(er_screen_option(&so, &specs, "id", "x", err), -1);
}

static void
test_opt_name(void **state)
{
	(void)state;
	static const struct er_opt opts[] = {
		ER_OPT_TEXT("Heading:"), {"alpha", 'a', NULL, 'a', "a", NULL}, {"beta", 0, "X", 300, "b", NULL}, {0}};
	assert_string_equal(er_opt_name(opts, 300), "beta");
	assert_string_equal(er_opt_name(opts, 'a'), "alpha");
	assert_null(er_opt_name(opts, 0));
	assert_null(er_opt_name(opts, 301));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values_land),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_opt_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests: er_screen_run_files reports through the caller's diag (the library never
 * prints): label rows left out, an output that cannot be opened, an empty table. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "model/screen_run.h"

#include "diag_collect.h"

/* Runs the screen on INPUT with LABELS, the report on stdout sent to /dev/null. */
static int
run(const struct er_diag *d, const char *input, const char *labels, const char *selected,
    struct er_screen_run_counts *n)
{
	struct er_cli_io io;
	struct er_screen_run_opts o;
	char *inputs[1] = {(char *)input}, err[ER_ERRLEN];
	int saved = dup(1), devnull = open("/dev/null", O_WRONLY);

	er_cli_io_init(&io);
	io.progress = 0;
	memset(&o, 0, sizeof o);
	o.io = &io;
	er_screen_opts_init(&o.screen);
	o.load.id_col = "id";
	o.load.label_col = "label";
	er_label_init(&o.load.label, NULL);
	o.load.diag = d;
	o.labels = labels;
	o.selected = selected;
	o.inputs = inputs;
	o.ninputs = 1;
	fflush(stdout);
	dup2(devnull, 1);
	int rc = er_screen_run_files(&o, n, err);
	dup2(saved, 1);
	close(saved);
	close(devnull);
	return rc;
}

static void
test_messages_to_diag(void **state)
{
	char in[] = "/tmp/test_screen_run_diag_XXXXXX", lab[] = "/tmp/test_screen_run_diag_XXXXXX";
	struct collected c = {.n = 0};
	struct er_diag d = {collect, &c};
	struct er_screen_run_counts n;

	(void)state;
	write_file(in, "id,x\nA,1\nB,2\nC,3\nD,4\n");
	write_file(lab, "id,label\nA,1\nB,0\nC,maybe\nD,0\n");
	assert_int_equal(run(&d, in, lab, "/nonexistent/dir/selected", &n), 0);
	assert_int_equal(n.output_status, ER_EIO);
	assert_true(c.n >= 2);
	assert_non_null(strstr(c.text[0], "1 label rows left out, first:"));
	assert_non_null(strstr(c.text[c.n - 1], "cannot open '/nonexistent/dir/selected'"));
	/* NULL drops the messages, the outcome stays */
	assert_int_equal(run(NULL, in, lab, "/nonexistent/dir/selected", &n), 0);
	assert_int_equal(n.output_status, ER_EIO);
	unlink(in);
	unlink(lab);
}

static void
test_no_labelled_rows(void **state)
{
	char in[] = "/tmp/test_screen_run_diag_XXXXXX";
	struct collected c = {.n = 0};
	struct er_diag d = {collect, &c};
	struct er_screen_run_counts n;

	(void)state;
	write_file(in, "id,label,x\n");
	assert_int_equal(run(&d, in, NULL, NULL, &n), 0);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.text[0], "no labelled rows"));
	unlink(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_messages_to_diag),
		cmocka_unit_test(test_no_labelled_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

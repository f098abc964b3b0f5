/* Tests of label: accepted spellings, --bad, and the label file joined on id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/err.h"
#include "data/label.h"

static int
parse(const struct er_label *l, const char *s)
{
	return er_label_parse(l, s, strlen(s));
}

static void
test_builtin(void **state)
{
	struct er_label l;

	er_label_init(&l, NULL);
	assert_int_equal(parse(&l, "1"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "1.0"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "0"), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, "bad"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, " Good "), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, "TRUE"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "false"), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, "Y"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "n"), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, "yes"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "No"), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, ""), ER_LABEL_MISSING);
	assert_int_equal(parse(&l, "  "), ER_LABEL_MISSING);
	assert_int_equal(parse(&l, "2"), ER_LABEL_UNKNOWN);
	assert_int_equal(parse(&l, "maybe"), ER_LABEL_UNKNOWN);
	assert_int_equal(parse(&l, "badly"), ER_LABEL_UNKNOWN);
}

static void
test_bad_value(void **state)
{
	struct er_label l;

	er_label_init(&l, "default");
	assert_int_equal(parse(&l, "default"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "DEFAULT"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "paid"), ER_LABEL_GOOD);
	assert_int_equal(parse(&l, "1"), ER_LABEL_GOOD); /* only the named value is bad */
	assert_int_equal(parse(&l, ""), ER_LABEL_MISSING);
	er_label_init(&l, "2");
	assert_int_equal(parse(&l, "2.0"), ER_LABEL_BAD);
	assert_int_equal(parse(&l, "1"), ER_LABEL_GOOD);
}

static void
test_table(void **state)
{
	char path[] = "/tmp/test_label_XXXXXX", err[ER_ERRLEN], warn[ER_ERRLEN];
	static const char text[] = "id,label,other\n"
				   "a1,1,x\n"
				   "a2,good,y\n"
				   "a3,,z\n"
				   "a4,perhaps,z\n"
				   "a1,0,dup\n"
				   "a5,Y,w\n";
	int fd = mkstemp(path), status = 0;
	struct er_label l;
	er_label_table *t;
	size_t rejected = 99;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	er_label_init(&l, NULL);
	status = er_label_table_read(&t, path, "id", "label", &l, &rejected, warn, err);
	assert_non_null(t);
	assert_int_equal(rejected, 3);
	assert_non_null(strstr(warn, "missing label"));
	assert_non_null(strstr(warn, "line 4"));
	assert_int_equal(er_label_table_size(t), 3);
	assert_int_equal(er_label_table_get(t, "a1", 2), ER_LABEL_BAD); /* the first one is kept */
	assert_int_equal(er_label_table_get(t, "a2", 2), ER_LABEL_GOOD);
	assert_int_equal(er_label_table_get(t, "a5", 2), ER_LABEL_BAD);
	assert_int_equal(er_label_table_get(t, "a3", 2), ER_LABEL_MISSING);
	assert_int_equal(er_label_table_get(t, "zz", 2), ER_LABEL_MISSING);
	er_label_table_free(t);

	status = er_label_table_read(&t, path, "id", "target", &l, NULL, NULL, err);
	assert_null(t);
	assert_int_equal(status, ER_EDATA);
	assert_non_null(strstr(err, "target"));
	unlink(path);
	status = er_label_table_read(&t, path, "id", "label", &l, NULL, NULL, err);
	assert_null(t);
	assert_int_equal(status, ER_EIO);
}

static void
test_table_grows(void **state)
{
	char path[] = "/tmp/test_label_XXXXXX", err[ER_ERRLEN];
	int fd = mkstemp(path), i;
	FILE *f = fdopen(fd, "w");
	struct er_label l;
	er_label_table *t;
	size_t rejected;

	assert_non_null(f);
	fputs("id,label\n", f);
	for (i = 0; i < 5000; i++)
		fprintf(f, "k%d,%d\n", i, i % 3 == 0);
	fclose(f);
	er_label_init(&l, NULL);
	assert_int_equal(er_label_table_read(&t, path, "id", "label", &l, &rejected, NULL, err), 0);
	assert_int_equal(rejected, 0);
	assert_int_equal(er_label_table_size(t), 5000);
	for (i = 0; i < 5000; i += 7) {
		char id[16];

		snprintf(id, sizeof id, "k%d", i);
		assert_int_equal(er_label_table_get(t, id, strlen(id)), i % 3 == 0);
	}
	er_label_table_free(t);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_bad_value),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

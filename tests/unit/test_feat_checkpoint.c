/* Unit tests for features/feat_checkpoint.c: a store with every member filled (loaded
 * tables, a live feed's accounts and shared values, series, meters with load shapes, custom
 * aggregations) survives encode and decode byte for byte and row for row; every truncation
 * and corruption of the bytes, and of the file, is refused with a status (and a message for
 * the file), never a crash. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_checkpoint.h"
#include "features/feat_custom.h"
#include "features/feat_series.h"
#include "features/feat_store.h"
#include "features/feat_tou.h"
#include "data/schema.h"
#include "lib/binio.h"
#include "lib/err.h"
#include "lib/reader.h"

static char dir[] = "/tmp/er-ckpt-unit-XXXXXX";

static const char *
testdata(const char *name, char *buf, size_t size)
{
	const char *d = getenv("TESTDATA");
	snprintf(buf, size, "%s/features/%s", d ? d : "testdata", name);
	return buf;
}

static const char *
write_tmp(const char *name, const char *text, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", dir, name);
	FILE *f = fopen(buf, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

struct fixture {
	struct er_feat_tou tou;
	er_feat_custom *custom;
	struct er_feat_store s;
};

/* Loads table KIND of file PATH into S whole. */
static void
load(struct er_feat_store *s, int kind, const char *path)
{
	char err[ER_ERRLEN];
	er_reader *r = NULL;
	struct er_feat_counts c = {0};
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	assert_int_equal(er_feat_store_load(s, kind, r, &c), 0);
	er_reader_close(r);
	assert_true(c.used > 0);
}

/* Adds every row of PATH, a table of KIND, as a live feed does. */
static void
feed(struct er_feat_store *s, int kind, const char *path)
{
	char err[ER_ERRLEN];
	er_reader *r = NULL;
	struct er_feat_cols k;
	struct er_feat_counts c = {0};
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	assert_int_equal(er_feat_store_bind(s, kind, r, &k, err), 0);
	while (er_reader_next(r) == 1) {
		long e;
		assert_int_equal(er_feat_store_add_row(s, kind, r, &k, &c, &e), 0);
	}
	er_reader_close(r);
	assert_int_equal(c.rejected, 0);
}

/* The readings of testdata (kwh and its custom max), and interval readings of a meter. */
static void
readings(struct fixture *f)
{
	char err[ER_ERRLEN], path[512];
	struct er_feat_store *s = &f->s;
	er_reader *r = NULL;
	assert_int_equal(er_reader_open1(&r, testdata("readings.csv", path, sizeof path), NULL, err), 0);
	while (er_reader_next(r) == 1) {
		const char *id = er_reader_field(r, 0);
		er_day date;
		assert_int_equal(er_date_parse(er_reader_field(r, 1), er_reader_field_len(r, 1), NULL, &date, NULL),
		                 ER_DATE_OK);
		long ei = er_feat_store_entity_of_account(s, id, strlen(id));
		assert_true(ei >= 0);
		er_feat_store_advance(s, (size_t)ei, date);
		struct er_feat_entity *e = &s->entities[ei];
		if (!e->series) {
			assert_non_null(e->series = malloc(sizeof *e->series));
			er_feat_series_init(e->series, e->asof);
		}
		er_feat_series_add(e->series, date, atoi(er_reader_field(r, 2)), atof(er_reader_field(r, 3)));
		if (!e->custom)
			assert_non_null(e->custom = er_feat_custom_state_new(s->custom, e->asof));
		assert_int_equal(er_feat_custom_add(s->custom, e->custom, ER_FEAT_TAB_READINGS, r, date, err), 0);
		assert_int_equal(er_feat_store_add_meter(s, ei, id, strlen(id), "M1", 2, date, 1, -1, 1.0, "r.csv", 1),
		                 0);
		e->seen = 1;
	}
	er_reader_close(r);
	/* a day of quarter hours on a second meter of the first entity: a load shape */
	er_day last = s->entities[0].asof;
	for (int q = 0; q < 96; q++)
		assert_int_equal(er_feat_store_add_meter(s, 0, er_feat_store_entity_id(s, 0),
		                                         strlen(er_feat_store_entity_id(s, 0)), "M2", 2, last, 1,
		                                         q * 15, q % 7 + 0.5, "r.csv", (uint64_t)q + 2),
		                 0);
}

static int
setup(void **state)
{
	static struct fixture f;
	char err[ER_ERRLEN], path[512];
	memset(&f, 0, sizeof f);
	if (!mkdtemp(dir))
		return -1;
	assert_int_equal(er_feat_tou_parse(&f.tou, ER_FEAT_TOU_DEFAULT, err), 0);
	assert_non_null(f.custom = er_feat_custom_new());
	assert_int_equal(er_feat_custom_parse(f.custom, "kwh:max,mean", err), 0);
	assert_int_equal(er_feat_store_init(&f.s), 0);
	f.s.by_enterprise = 1;
	f.s.moving_asof = 1;
	f.s.custom = f.custom;
	f.s.tou = &f.tou;
	/* the readings' header first, as er-features binds it: kwh is the readings' */
	er_reader *r = NULL;
	assert_int_equal(er_reader_open1(&r, testdata("readings.csv", path, sizeof path), NULL, err), 0);
	assert_true(er_feat_custom_bind(f.custom, ER_FEAT_TAB_READINGS, r) > 0);
	er_reader_close(r);
	assert_int_equal(er_feat_custom_check_bound(f.custom, err), 0);
	load(&f.s, ER_KIND_LOANS, testdata("loans.csv", path, sizeof path));
	load(&f.s, ER_KIND_ACCOUNTS, testdata("accounts.csv", path, sizeof path));
	assert_int_equal(er_feat_store_link(&f.s), 0);
	load(&f.s, ER_KIND_BILLS, testdata("bills.csv", path, sizeof path));
	load(&f.s, ER_KIND_INSPECTIONS, testdata("inspections.csv", path, sizeof path));
	load(&f.s, ER_KIND_EVENTS, testdata("events.csv", path, sizeof path));
	assert_int_equal(er_feat_store_sort(&f.s), 0);
	readings(&f);
	/* a live feed: an account sharing A1's phone and address, of an enterprise of its own */
	feed(&f.s, ER_KIND_ACCOUNTS,
	     write_tmp("acc.csv",
	               "account_id,uscc,name,legal_rep,legal_rep_id,phone,address,industry,contract_kva,open_date,"
	               "status\nF9,91350100M000900Y4X,新公司,赵六,330106199001011230,13800138000,文三路1号,C13,50,"
	               "2020-01-01,normal\n",
	               path, sizeof path));
	assert_true(f.s.feed);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	if (!f)
		return -1;
	er_feat_store_free(&f->s);
	er_feat_custom_free(f->custom);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A store to decode into: the options a run gives it before the checkpoint is loaded. */
static void
blank(struct fixture *f, struct er_feat_store *n)
{
	assert_int_equal(er_feat_store_init(n), 0);
	n->custom = f->custom;
	n->tou = &f->tou;
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct er_buf a = ER_BUF_INIT, b = ER_BUF_INIT;
	assert_int_equal(er_feat_ckpt_encode(&f->s, &a), 0);
	struct er_feat_store n;
	blank(f, &n);
	struct er_bin_cursor c = {a.p, a.p + a.len, 0};
	assert_int_equal(er_feat_ckpt_decode(&n, &c, "r.csv"), 0);
	/* every member encoded is back: encoding it again gives the same bytes */
	assert_int_equal(er_feat_ckpt_encode(&n, &b), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	/* the filled members the encoding must carry are there */
	assert_true(n.feed && n.feed_enterprises && er_strmap_size(n.shared[0].values) > 0);
	assert_true(n.nentities == f->s.nentities && n.naccounts == f->s.naccounts && n.nloans > 0);
	int bills = 0, meters = 0, custom = 0;
	double x[ER_FEAT_COUNT], y[ER_FEAT_COUNT];
	for (size_t i = 0; i < n.nentities; i++) {
		bills |= n.entities[i].nbills > 0;
		meters |= n.entities[i].meters != NULL;
		custom |= n.entities[i].custom != NULL;
		er_feat_store_refresh(&f->s, i);
		er_feat_store_refresh(&n, i);
		assert_string_equal(er_feat_store_entity_id(&n, i), er_feat_store_entity_id(&f->s, i));
		assert_int_equal(er_feat_store_compute(&f->s, i, x), 0);
		assert_int_equal(er_feat_store_compute(&n, i, y), 0);
		assert_memory_equal(x, y, sizeof x);
	}
	assert_true(bills && meters && custom);
	/* the shared counts: F9 joined A1's phone, so it is shared by two enterprises */
	long a1 = er_strmap_find(n.account_keys, "A1", 2);
	assert_true(a1 >= 0);
	assert_true(n.accounts[a1].phone_shared >= 2);
	er_feat_store_free(&n);
	er_buf_release(&a);
	er_buf_release(&b);
}

static void
test_truncated_and_corrupt_bytes(void **state)
{
	struct fixture *f = *state;
	struct er_buf a = ER_BUF_INIT;
	assert_int_equal(er_feat_ckpt_encode(&f->s, &a), 0);
	size_t step = a.len / 400 + 1;
	for (size_t len = 0; len < a.len; len += step) {
		struct er_feat_store n;
		blank(f, &n);
		struct er_bin_cursor c = {a.p, a.p + len, 0};
		assert_int_equal(er_feat_ckpt_decode(&n, &c, "r.csv"), ER_EDATA);
		er_feat_store_free(&n);
	}
	/* a byte changed anywhere: loaded (a value changed) or refused, never a crash */
	char *copy = malloc(a.len);
	assert_non_null(copy);
	for (size_t at = 0; at < a.len; at += step) {
		memcpy(copy, a.p, a.len);
		copy[at] ^= (char)0xA5;
		struct er_feat_store n;
		blank(f, &n);
		struct er_bin_cursor c = {copy, copy + a.len, 0};
		int st = er_feat_ckpt_decode(&n, &c, "r.csv");
		assert_true(st == 0 || st == ER_EDATA);
		er_feat_store_free(&n);
	}
	free(copy);
	er_buf_release(&a);
}

/* Writes F's store as checkpoint of DIR/S, then damages it with HOW; a load must say why. */
static void
damaged_file(struct fixture *f, const char *sub, int how)
{
	char err[ER_ERRLEN], path[512];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	struct er_feat_ckpt k;
	assert_int_equal(er_feat_ckpt_open(&k, path, "--by=enterprise\n", 0, 0, 10, err), 0);
	assert_int_equal(er_feat_ckpt_tick(&k, &f->s, 1, err), 0);
	struct stat st;
	assert_int_equal(stat(k.path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	int fd = open(k.path, O_RDWR);
	assert_true(fd >= 0);
	if (how == 0)
		assert_int_equal(ftruncate(fd, st.st_size / 2), 0);
	else {
		char c;
		assert_int_equal(pread(fd, &c, 1, st.st_size / 2), 1);
		c ^= 1;
		assert_int_equal(pwrite(fd, &c, 1, st.st_size / 2), 1);
	}
	close(fd);
	er_feat_ckpt_free(&k);
	struct er_feat_ckpt k2;
	assert_int_equal(er_feat_ckpt_open(&k2, path, "--by=enterprise\n", 0, 0, 10, err), 0);
	struct er_feat_store n;
	blank(f, &n);
	err[0] = '\0';
	assert_int_equal(er_feat_ckpt_load(&k2, &n, "r.csv", err), ER_EIO);
	assert_non_null(strstr(err, "truncated or corrupt"));
	assert_int_equal(n.nentities, 0);
	er_feat_store_free(&n);
	er_feat_ckpt_free(&k2);
}

static void
test_truncated_file(void **state)
{
	damaged_file(*state, "t", 0);
}

static void
test_corrupt_file(void **state)
{
	damaged_file(*state, "c", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_truncated_and_corrupt_bytes),
		cmocka_unit_test(test_truncated_file),
		cmocka_unit_test(test_corrupt_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

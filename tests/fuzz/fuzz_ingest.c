/* libFuzzer harness: er-ingest's whole row validation for every kind, wide mode included,
 * over an arbitrary table (personal data masked where a kind has it); the counts must add up,
 * and er-features must use every reading er-ingest writes (it rejects none of them). With
 * --repeats number (readings, bills) no row is a duplicate and the numbered ones are written. */
#include <assert.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "data/ingest.h"
#include "features/feat_run.h"

static int devnull = -1;

/* er-features over the readings table in FD, its rows to /dev/null: returns its status. */
static int
features(int fd)
{
	char path[64];
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	char *files[1] = {path};
	struct er_feat_opts o = {0};
	o.readings = files;
	o.nreadings = 1;
	o.asof = er_date_from_ymd(9999, 12, 31);
	char err[ER_ERRLEN];
	int rc = er_feat_tou_parse(&o.tou, ER_FEAT_TOU_DEFAULT, err);
	assert(rc == 0);
	/* the run writes to standard output */
	int saved = dup(1);
	dup2(devnull, 1);
	rc = er_feat_run(&o);
	dup2(saved, 1);
	close(saved);
	return rc;
}

/* 1 when a column of R's header is readings' meter_id (by name or alias). */
static int
has_meter(const er_reader *r)
{
	const struct er_schema *s = er_schema_get(ER_KIND_READINGS);
	for (size_t i = 0; i < er_reader_ncols(r); i++) {
		const struct er_field *f = er_schema_match_column(s, er_reader_colname(r, i));
		if (f && f == &s->fields[ER_READINGS_METER_ID])
			return 1;
	}
	return 0;
}

static void
ingest(int fd, enum er_kind kind, int wide, int tsv, int number)
{
	char path[64], err[ER_ERRLEN];
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	er_reader *r;
	if (er_reader_open1(&r, path, NULL, err) != 0)
		return;
	if (number && kind == ER_KIND_READINGS && !has_meter(r)) {
		/* a usage error, said on stderr: not what is fuzzed */
		er_reader_close(r);
		return;
	}
	struct er_writer_opts wo = {tsv ? ER_FMT_TSV : ER_FMT_CSV, 0, 0, 0};
	/* readings are kept for er-features */
	int outfd = kind == ER_KIND_READINGS ? memfd_create("readings", 0) : -1;
	er_writer *out = er_writer_open(outfd >= 0 ? outfd : devnull, "out", &wo);
	er_writer *rej = er_writer_open(devnull, "null", NULL);
	struct er_ingest_opts o = {0};
	o.schema = er_schema_get(kind);
	o.wide = wide;
	o.keep_extra = 1;
	o.max_rejects = UINT64_MAX;
	o.quiet = 1;
	o.today = 20000;
	o.tsv_strict = tsv;
	o.number_repeats = number;
	o.mask_pii = kind == ER_KIND_ACCOUNTS || kind == ER_KIND_LOANS; /* the kinds with personal data */
	struct er_ingest_counts c;
	int rc = er_ingest_run(r, out, rej, &o, &c);
	if (rc == ER_OK || rc == ER_EDATA)
		assert(c.read == c.written + c.rejected + c.duplicate + c.other_partition);
	if (number && (rc == ER_OK || rc == ER_EDATA))
		assert(c.duplicate == 0 && c.numbered <= c.written);
	if (outfd >= 0 && er_writer_flush(out) == 0 && (rc == ER_OK || rc == ER_EDATA) && c.written > 0) {
		int frc = features(outfd);
		assert(frc == ER_OK || frc == ER_ENOMEM);
	}
	er_writer_close(out);
	er_writer_close(rej);
	er_reader_close(r);
	if (outfd >= 0)
		close(outfd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (devnull < 0)
		devnull = open("/dev/null", O_WRONLY);
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	for (int k = 0; k < ER_KIND_COUNT; k++)
		ingest(fd, (enum er_kind)k, 0, k == 0, 0);
	ingest(fd, ER_KIND_READINGS, 1, 0, 0);
	ingest(fd, ER_KIND_READINGS, 0, 0, 1);
	ingest(fd, ER_KIND_READINGS, 1, 0, 1);
	ingest(fd, ER_KIND_BILLS, 0, 0, 1);
	close(fd);
	return 0;
}

/* libFuzzer harness: er-ingest's whole row validation for every kind, wide mode included,
 * over an arbitrary table (personal data masked where a kind has it); the counts must add up. */
#include <assert.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "data/ingest.h"

static int devnull = -1;

static void
ingest(int fd, enum er_kind kind, int wide, int tsv)
{
	char path[64], err[ER_ERRLEN];
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	er_reader *r;
	if (er_reader_open1(&r, path, NULL, err) != 0)
		return;
	struct er_writer_opts wo = {tsv ? ER_FMT_TSV : ER_FMT_CSV, 0, 0, 0};
	er_writer *out = er_writer_open(devnull, "null", &wo);
	er_writer *rej = er_writer_open(devnull, "null", NULL);
	struct er_ingest_opts o = {0};
	o.schema = er_schema_get(kind);
	o.wide = wide;
	o.keep_extra = 1;
	o.max_rejects = UINT64_MAX;
	o.quiet = 1;
	o.today = 20000;
	o.tsv_strict = tsv;
	o.mask_pii = kind == ER_KIND_ACCOUNTS || kind == ER_KIND_LOANS; /* the kinds with personal data */
	struct er_ingest_counts c;
	int rc = er_ingest_run(r, out, rej, &o, &c);
	if (rc == ER_OK || rc == ER_EDATA)
		assert(c.read == c.written + c.rejected + c.duplicate + c.other_partition);
	er_writer_close(out);
	er_writer_close(rej);
	er_reader_close(r);
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
		ingest(fd, (enum er_kind)k, 0, k == 0);
	ingest(fd, ER_KIND_READINGS, 1, 0);
	close(fd);
	return 0;
}

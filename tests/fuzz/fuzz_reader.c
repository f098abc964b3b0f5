/* libFuzzer harness: the CSV/TSV reader over arbitrary bytes, in both forced formats and
 * sniffed, with a small max_field so the long-field path is reached, and once through the
 * GB18030 converter. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/reader.h"

static void
read_all(int fd, enum er_format fmt, size_t max_field, enum er_encoding enc)
{
	char path[64], err[ER_ERRLEN];
	int status;
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	struct er_reader_opts o = {.format = fmt, .max_field = max_field, .encoding = enc};
	er_reader *r = er_reader_open1(path, &o, err, &status);
	if (!r)
		return;
	int rc;
	size_t total = 0;
	while ((rc = er_reader_next(r)) != 0 && rc != ER_READ_FAIL)
		for (size_t i = 0; i < er_reader_nfields(r); i++)
			total += er_reader_field_len(r, i) + (er_reader_field(r, i)[0] != 0);
	(void)total;
	er_reader_close(r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	read_all(fd, ER_FMT_AUTO, 0, ER_ENC_UTF8);
	read_all(fd, ER_FMT_AUTO, 0, ER_ENC_GB18030);
	read_all(fd, ER_FMT_CSV, 16, ER_ENC_UTF8);
	read_all(fd, ER_FMT_TSV, 16, ER_ENC_UTF8);
	close(fd);
	return 0;
}

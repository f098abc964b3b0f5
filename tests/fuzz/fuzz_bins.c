/* libFuzzer harness: the binning table reader (er-screen --bins, read by er-train --bins).
 * A table that loads is written back and read again (the same variables and bins), and
 * every variable looks up hostile values. */
#include <assert.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "model/bin.h"
#include "lib/err.h"
#include "lib/writer.h"

static const char *const hostile[] = {
	"", "0", "-0", "1e308", "-inf", "NaN", "abc", "%,%", "99999999999999999999", "\xff\xfe", "\xe4\xb8\xad"};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static int
read_fd(int fd, struct er_bin_var **vars, size_t *n)
{
	char path[64], err[ER_ERRLEN];
	lseek(fd, 0, SEEK_SET);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	return er_bin_read(path, vars, n, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("bins", 0);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	struct er_bin_var *vars = NULL;
	size_t n = 0;
	if (read_fd(fd, &vars, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < NHOSTILE; k++) {
				int unseen;
				size_t b = er_bin_find_field(&vars[i], hostile[k], strlen(hostile[k]), &unseen);
				assert(b == (size_t)-1 || b < vars[i].nbins || vars[i].nbins == 0);
			}
		int out = memfd_create("again", 0);
		if (out >= 0) {
			struct er_writer_opts wo = {ER_FMT_CSV, 0, 0, 0};
			er_writer *w = er_writer_open(out, "again", &wo); /* closing W leaves OUT open */
			int rc = w ? er_bin_write_header(w) : -1;
			for (size_t i = 0; rc == 0 && i < n; i++)
				rc = er_bin_write_var(w, &vars[i]);
			if (w && er_writer_close(w) != 0)
				rc = -1;
			struct er_bin_var *back = NULL;
			size_t nback = 0;
			if (rc == 0) {
				int rb = read_fd(out, &back, &nback);
				assert(rb == 0 || rb == ER_ENOMEM);
				if (rb == 0) {
					assert(nback == n);
					for (size_t i = 0; i < n; i++) {
						assert(strcmp(back[i].name, vars[i].name) == 0);
						assert(back[i].nbins == vars[i].nbins);
						assert(back[i].type == vars[i].type);
					}
				}
			}
			er_bin_vars_free(back, nback);
			close(out);
		}
	}
	er_bin_vars_free(vars, n);
	close(fd);
	return 0;
}

/* replay: runs a libFuzzer harness over the files named on the command line, without
 * libFuzzer, so the seed corpus and every crash once found run in `make check` under any
 * compiler. Prints "ok FILE" per file (a crash or an assertion ends the process). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, n = 0;
		uint8_t *buf = malloc(cap);
		size_t k;
		while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
			n += k;
			if (n == cap) {
				uint8_t *nb = realloc(buf, cap *= 2);
				if (!nb) {
					free(buf);
					buf = NULL;
				}
				buf = nb;
			}
		}
		fclose(f);
		if (!buf)
			return 1;
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}

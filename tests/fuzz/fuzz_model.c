/* libFuzzer harness: the model file loader (er-model(5)). Each input is parsed as it is and
 * with a correct checksum line appended, so the parser behind the checksum is reached. A
 * model that loads is scored on hostile values and written back: writing what was read
 * must give a file that reads back to the same bytes. */
#include <assert.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/hash.h"
#include "model/model.h"

static const char *const hostile[] = {
	"", "0", "-0", "1e308", "-1e308", "nan", "inf", "abc", "4.9e-324", "99999999999999999999", "\xe4\xb8\xad"};
#define NHOSTILE (sizeof hostile / sizeof hostile[0])

static void
use(const struct er_model *m)
{
	struct er_model_result r;
	if (er_model_result_init(m, &r) != 0)
		return;
	const char **text = calloc(m->nfeat + 1, sizeof *text);
	size_t *len = calloc(m->nfeat + 1, sizeof *len);
	if (text && len)
		for (size_t k = 0; k < NHOSTILE; k++) {
			for (size_t j = 0; j < m->nfeat; j++) {
				text[j] = hostile[(j + k) % NHOSTILE];
				len[j] = strlen(text[j]);
			}
			er_model_score(m, text, len, 1, &r);
			assert(r.grade >= 'A' && r.grade <= 'D');
		}
	free(text);
	free(len);
	er_model_result_free(&r);
	char err[ER_ERRLEN];
	char *buf = NULL, *buf2 = NULL;
	size_t n = 0, n2 = 0;
	if (er_model_write(m, &buf, &n, err) == 0) {
		struct er_model m2;
		memset(&m2, 0, sizeof m2);
		int rc = er_model_parse(buf, n, "again", &m2, err);
		assert(rc == 0 || rc == ER_ENOMEM);
		if (rc == 0 && er_model_write(&m2, &buf2, &n2, err) == 0) {
			assert(n2 == n && memcmp(buf, buf2, n) == 0);
			free(buf2);
		}
		er_model_free(&m2);
	}
	free(buf);
}

static void
parse(const char *text, size_t len)
{
	struct er_model m;
	char err[ER_ERRLEN];
	memset(&m, 0, sizeof m);
	if (er_model_parse(text, len, "fuzz", &m, err) == 0)
		use(&m);
	er_model_free(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse((const char *)data, size);
	char *t = malloc(size + 32);
	if (!t)
		return 0;
	memcpy(t, data, size);
	int n = snprintf(t + size, 32, "checksum\t%016" PRIx64 "\n", er_hash64(data, size));
	parse(t, size + (size_t)n);
	free(t);
	return 0;
}

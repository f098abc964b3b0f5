/* libFuzzer harness: the JSON lines reader (er-eval --audit reads the audit trail with it).
 * A line that parses gives members inside the line; a string member written back with the
 * builder parses again to the same bytes. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/err.h"
#include "lib/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"id", "decision", "grade", "values"};
	struct er_jsonl_val v[4], w[1];
	char err[ER_ERRLEN];
	char *line = malloc(size ? size : 1);
	if (!line)
		return 0;
	memcpy(line, data, size);
	if (er_jsonl_parse(line, size, keys, 4, v, err) == 0) {
		for (int k = 0; k < 4; k++)
			assert(v[k].type == ER_JSONL_ABSENT || (v[k].s >= line && v[k].s + v[k].len <= line + size));
		if (v[0].type == ER_JSONL_STRING) {
			struct er_buf b = ER_BUF_INIT;
			if (er_jsonl_begin(&b) == 0 && er_jsonl_str(&b, "id", v[0].s, v[0].len) == 0 &&
			    er_jsonl_end(&b) == 0) {
				char *again = malloc(b.len);
				assert(again);
				memcpy(again, b.p, b.len);
				assert(er_jsonl_parse(again, b.len - 1, keys, 1, w, err) == 0);
				assert(w[0].type == ER_JSONL_STRING && w[0].len == v[0].len &&
				       memcmp(w[0].s, v[0].s, v[0].len) == 0);
				free(again);
			}
			er_buf_release(&b);
		}
	}
	free(line);
	return 0;
}

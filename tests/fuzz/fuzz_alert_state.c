/* libFuzzer harness: er-alert's state file. Each input is loaded as it is and with a correct
 * trailer appended ("end,COUNT,XXH3", COUNT from the first byte), so the parser behind the
 * checksum is reached. A state that loads is saved (to a directory in /dev/shm when there is
 * one) and loaded again: the same entities must come back. */
#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/alert_state.h"
#include "lib/err.h"
#include "lib/hash.h"

static char dir[64];

/* The scratch directory goes when the process ends (it is empty between inputs). */
static void
remove_dir(void)
{
	if (dir[0])
		rmdir(dir);
}

static void
same_entity(struct er_alert_entity *a, struct er_alert_entity *b)
{
	assert(strcmp(a->id, b->id) == 0);
	assert(a->level == b->level);
	/* the level of the last alert means something only with its day, and is saved so */
	assert(a->last_emitted == ER_NO_DAY || a->emitted_level == b->emitted_level);
	assert((isnan(a->score) && isnan(b->score)) || a->score == b->score);
	assert(strcmp(a->grade, b->grade) == 0 && strcmp(a->hits, b->hits) == 0);
	assert(strcmp(a->emitted_hits, b->emitted_hits) == 0);
	assert(a->first_seen == b->first_seen && a->last_seen == b->last_seen);
	assert(a->last_emitted == b->last_emitted);
}

static void
load(const void *data, size_t size)
{
	char path[64], err[ER_ERRLEN];
	int fd = memfd_create("state", 0);
	if (fd < 0)
		return;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return;
	}
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	er_alert_state *s = er_alert_state_new();
	if (s && er_alert_state_load(s, path, err) == 0 && dir[0]) {
		char saved[96];
		snprintf(saved, sizeof saved, "%s/st", dir);
		if (er_alert_state_save(s, saved, NULL, err) == 0) {
			er_alert_state *s2 = er_alert_state_new();
			if (s2) {
				int rc = er_alert_state_load(s2, saved, err);
				assert(rc == 0 || rc == ER_ENOMEM);
				if (rc == 0) {
					assert(er_alert_state_count(s2) == er_alert_state_count(s));
					for (size_t i = 0; i < er_alert_state_count(s); i++)
						same_entity(er_alert_state_at(s, i), er_alert_state_at(s2, i));
				}
			}
			er_alert_state_free(s2);
			unlink(saved);
		}
	}
	er_alert_state_free(s);
	close(fd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!dir[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(dir, sizeof dir, "%s/fuzz-state-XXXXXX", base);
		if (!mkdtemp(dir))
			dir[0] = '\0';
		else
			atexit(remove_dir);
	}
	load(data, size);
	char *t = malloc(size + 64);
	if (!t)
		return 0;
	memcpy(t, data, size);
	unsigned count = size ? data[0] % 8 : 0;
	int n = snprintf(t + size, 64, "end,%u,%016" PRIx64 "\n", count, er_hash64(data, size));
	load(t, size + (size_t)n);
	free(t);
	return 0;
}

/* alert_state: entity records, the state file and the history log. */
#include "rules/alert_state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/atomicfile.h"
#include "lib/strmap.h"
#include "lib/vec.h"
#include "rules/alert_policy.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/num.h"
#include "rules/rule_text.h"

/* Version 2 adds the day of the last run to the first line, version 3 the two columns of a held
 * alert; version 1 and 2 files still load. */
static const char state_magic1[] = "er-alert-state,1\n";
static const char state_magic2[] = "er-alert-state,2,";
static const char state_magic3[] = "er-alert-state,3,";
static const char state_magic4[] = "er-alert-state,4,";
static const char state_header[] = "id,level,score,grade,hits,first_seen,last_seen,last_emitted,emitted_level,"
				   "emitted_hits,clean_runs,held_seen\n";
/* version 4 (written only once a row carried a feed position) adds last_seq */
enum { STATE_NCOLS2 = 10, STATE_NCOLS = 12, STATE_NCOLS4 = 13 };

struct er_alert_state {
	struct er_alert_entity *ents;
	size_t n, cap;
	er_strmap *map;  /* entity ids: index in ents */
	er_day last_run; /* ER_NO_DAY when unknown */
};

er_alert_state *
er_alert_state_new(void)
{
	er_alert_state *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->map = er_strmap_new();
	if (!s->map) {
		free(s);
		return NULL;
	}
	s->last_run = ER_NO_DAY;
	return s;
}

static void
free_entity(struct er_alert_entity *e)
{
	free(e->id);
	free(e->grade);
	free(e->hits);
	free(e->emitted_hits);
}

void
er_alert_state_free(er_alert_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free_entity(&s->ents[i]);
	free(s->ents);
	er_strmap_free(s->map);
	free(s);
}

size_t
er_alert_state_count(const er_alert_state *s)
{
	return s->n;
}

er_day
er_alert_state_last_run(const er_alert_state *s)
{
	return s->last_run;
}

void
er_alert_state_note_run(er_alert_state *s, er_day day)
{
	if (s->last_run == ER_NO_DAY || day > s->last_run)
		s->last_run = day;
}

struct er_alert_entity *
er_alert_state_at(er_alert_state *s, size_t i)
{
	return i < s->n ? &s->ents[i] : NULL;
}

int
er_alert_state_set_text(char **field, const char *s)
{
	char *copy = strdup(s ? s : "");
	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

struct er_alert_entity *
er_alert_state_get(er_alert_state *s, const char *id, size_t len, int create)
{
	long at = er_strmap_find(s->map, id, len);
	if (at >= 0)
		return &s->ents[at];
	if (!create)
		return NULL;
	if (ER_GROW(s->ents, s->cap, s->n + 1) < 0)
		return NULL;
	struct er_alert_entity *e = &s->ents[s->n];
	memset(e, 0, sizeof *e);
	e->id = strndup(id, len);
	e->grade = strdup("");
	e->hits = strdup("");
	e->emitted_hits = strdup("");
	e->score = NAN;
	e->first_seen = e->last_seen = e->last_emitted = e->held_seen = ER_NO_DAY;
	if (!e->id || !e->grade || !e->hits || !e->emitted_hits || er_strmap_intern(s->map, id, len, NULL) < 0) {
		free_entity(e);
		return NULL;
	}
	s->n++;
	return e;
}

/* Parses an optional day ("" is ER_NO_DAY). Returns 0 or -1. */
static int
parse_day(const char *s, er_day *out)
{
	if (!*s) {
		*out = ER_NO_DAY;
		return 0;
	}
	return er_date_parse(s, strlen(s), "%Y-%m-%d", out, NULL) == ER_DATE_OK ? 0 : -1;
}

static int
bad_state(char *err, const char *path, unsigned long line, const char *why)
{
	if (line)
		return er_fail(err, ER_EIO, "bad state file '%s': %s (line %lu)", path, why, line);
	return er_fail(err, ER_EIO, "bad state file '%s': %s", path, why);
}

/* Reads one entity line. Returns 0, ER_EDATA with WHY set, or ER_ENOMEM. */
static int
load_entity(er_alert_state *s, char **f, size_t ncols, const char **why)
{
	size_t idlen = strlen(f[0]);
	if (idlen == 0) {
		*why = "empty id";
		return ER_EDATA;
	}
	if (er_alert_state_get(s, f[0], idlen, 0)) {
		*why = "duplicate id";
		return ER_EDATA;
	}
	struct er_alert_entity *e = er_alert_state_get(s, f[0], idlen, 1);
	if (!e)
		return ER_ENOMEM;
	e->level = er_alert_level_parse(f[1]);
	e->emitted_level = *f[8] ? er_alert_level_parse(f[8]) : ER_LEVEL_NONE;
	if (e->level < 0 || e->emitted_level < 0) {
		*why = "bad level";
		return ER_EDATA;
	}
	if (*f[2] && er_num_parse(f[2], strlen(f[2]), &e->score) != ER_NUM_OK) {
		*why = "bad score";
		return ER_EDATA;
	}
	if (parse_day(f[5], &e->first_seen) < 0 || parse_day(f[6], &e->last_seen) < 0 ||
	    parse_day(f[7], &e->last_emitted) < 0) {
		*why = "bad date";
		return ER_EDATA;
	}
	if (er_alert_state_set_text(&e->grade, f[3]) < 0 || er_alert_state_set_text(&e->hits, f[4]) < 0 ||
	    er_alert_state_set_text(&e->emitted_hits, f[9]) < 0)
		return ER_ENOMEM;
	if (ncols == STATE_NCOLS4) {
		long long seq;
		if (*f[12] && (er_num_parse_int(f[12], strlen(f[12]), &seq) != ER_NUM_OK || seq < 0)) {
			*why = "bad last_seq";
			return ER_EDATA;
		}
		e->last_seq = *f[12] ? (uint64_t)seq : 0;
	}
	if (ncols >= STATE_NCOLS) {
		long long runs;
		if ((*f[10] &&
		     (er_num_parse_int(f[10], strlen(f[10]), &runs) != ER_NUM_OK || runs < 0 || runs > 1000000)) ||
		    parse_day(f[11], &e->held_seen) < 0 || (!*f[10]) != (e->held_seen == ER_NO_DAY)) {
			*why = "bad clean_runs or held_seen";
			return ER_EDATA;
		}
		e->clean_runs = *f[10] ? (int)runs : 0;
	}
	return 0;
}

int
er_alert_state_load(er_alert_state *s, const char *path, char *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return er_fail(err, ER_EIO, "cannot open state file '%s': %s", path, strerror(errno));
	}
	close(fd);
	size_t len;
	char *text;
	int status = er_rule_text_read_file(&text, path, &len, err);
	if (status != 0)
		return status;
	/* the last line is the trailer; everything before it is what the checksum covers */
	if (len == 0 || text[len - 1] != '\n') {
		free(text);
		return bad_state(err, path, 0, "truncated (no final end line)");
	}
	size_t ts = len - 1;
	while (ts > 0 && text[ts - 1] != '\n')
		ts--;
	unsigned long long count;
	uint64_t sum;
	int used = 0;
	text[len - 1] = '\0';
	if (sscanf(text + ts, "end,%llu,%16" SCNx64 "%n", &count, &sum, &used) != 2 || (size_t)used != len - 1 - ts) {
		free(text);
		return bad_state(err, path, 0, "truncated (no final end line)");
	}
	if (er_hash64(text, ts) != sum) {
		free(text);
		return bad_state(err, path, 0, "checksum mismatch");
	}
	size_t body = 0;
	int v1 = ts >= sizeof state_magic1 - 1 && memcmp(text, state_magic1, sizeof state_magic1 - 1) == 0;
	int v3 = ts >= sizeof state_magic3 - 1 && memcmp(text, state_magic3, sizeof state_magic3 - 1) == 0;
	int v4 = ts >= sizeof state_magic4 - 1 && memcmp(text, state_magic4, sizeof state_magic4 - 1) == 0;
	size_t ncols = v4 ? STATE_NCOLS4 : v3 ? STATE_NCOLS : STATE_NCOLS2;
	v3 |= v4;
	if (v1) {
		body = sizeof state_magic1 - 1;
	} else if (v3 || (ts >= sizeof state_magic2 - 1 && memcmp(text, state_magic2, sizeof state_magic2 - 1) == 0)) {
		const char *day = text + sizeof state_magic2 - 1; /* the magics of 2 and 3 have one length */
		const char *nl = memchr(day, '\n', ts - (size_t)(day - text));
		if (!nl ||
		    (nl > day &&
		     er_date_parse(day, (size_t)(nl - day), "%Y-%m-%d", &s->last_run, NULL) != ER_DATE_OK)) {
			free(text);
			return bad_state(err, path, 1, "bad day of the last run");
		}
		body = (size_t)(nl + 1 - text);
	} else {
		free(text);
		return bad_state(err, path, 1, "not an er-alert state file");
	}
	struct er_rule_text t;
	er_rule_text_init(&t, text + body, ts - body);
	char why_buf[ER_ERRLEN];
	const char *why = NULL;
	unsigned long nrec = 0;
	int rc;
	nrec = 1; /* the first line, read above */
	while ((rc = er_rule_text_next(&t, why_buf)) == 0 && t.nfields > 0) {
		nrec++;
		if (nrec == 2) {
			if (t.nfields != ncols || strcmp(t.fields[0], "id") != 0) {
				why = "bad header";
				break;
			}
			continue;
		}
		if (t.nfields != ncols) {
			why = "wrong number of fields";
			break;
		}
		int lr = load_entity(s, t.fields, ncols, &why);
		if (lr == ER_ENOMEM) {
			rc = ER_ENOMEM;
			break;
		}
		if (lr != 0)
			break;
	}
	unsigned long line = t.rec_line + 1; /* lines counted after the first */
	er_rule_text_free(&t);
	free(text);
	if (rc == ER_ENOMEM)
		return er_fail(err, ER_ENOMEM, "out of memory loading state '%s'", path);
	if (rc != 0)
		return bad_state(err, path, line, why_buf);
	if (why)
		return bad_state(err, path, line, why);
	if (nrec < 2)
		return bad_state(err, path, 0, "no header");
	if (count != s->n)
		return bad_state(err, path, 0, "entity count differs from the end line");
	/* a version 1 file has no run day: its latest alert day is a lower bound */
	for (size_t i = 0; v1 && i < s->n; i++) {
		if (s->ents[i].last_seen != ER_NO_DAY)
			er_alert_state_note_run(s, s->ents[i].last_seen);
		if (s->ents[i].last_emitted != ER_NO_DAY)
			er_alert_state_note_run(s, s->ents[i].last_emitted);
	}
	return 0;
}

static int
buf_day(struct er_buf *b, er_day d)
{
	char day[16] = "";
	if (d != ER_NO_DAY)
		er_date_format(day, d);
	return er_rule_text_csv(b, day, 0);
}

/* The whole file content of S, with its end line, in B. Returns 0 or -1 (out of memory). */
static int
format_state(const er_alert_state *s, struct er_buf *b)
{
	char run[16] = "";
	if (s->last_run != ER_NO_DAY)
		er_date_format(run, s->last_run);
	int v4 = 0;
	for (size_t i = 0; i < s->n && !v4; i++)
		v4 = s->ents[i].last_seq > 0;
	int bad = er_buf_adds(b, v4 ? state_magic4 : state_magic3) | er_buf_adds(b, run) | er_buf_add(b, "\n", 1);
	if (v4)
		bad |= er_buf_add(b, state_header, sizeof state_header - 2) | er_buf_adds(b, ",last_seq\n");
	else
		bad |= er_buf_adds(b, state_header);
	for (size_t i = 0; i < s->n && !bad; i++) {
		const struct er_alert_entity *e = &s->ents[i];
		char score[ER_NUM_BUFLEN];
		er_num_format(score, e->score);
		bad |= er_rule_text_csv(b, e->id, 1);
		bad |= er_rule_text_csv(b, er_alert_level_name(e->level), 0);
		bad |= er_rule_text_csv(b, score, 0);
		bad |= er_rule_text_csv(b, e->grade, 0);
		bad |= er_rule_text_csv(b, e->hits, 0);
		bad |= buf_day(b, e->first_seen);
		bad |= buf_day(b, e->last_seen);
		bad |= buf_day(b, e->last_emitted);
		bad |= er_rule_text_csv(b, e->last_emitted == ER_NO_DAY ? "" : er_alert_level_name(e->emitted_level),
		                        0);
		bad |= er_rule_text_csv(b, e->emitted_hits, 0);
		char runs[16] = "";
		if (e->held_seen != ER_NO_DAY)
			snprintf(runs, sizeof runs, "%d", e->clean_runs);
		bad |= er_rule_text_csv(b, runs, 0);
		bad |= buf_day(b, e->held_seen);
		if (v4) {
			char seq[24] = "";
			if (e->last_seq)
				snprintf(seq, sizeof seq, "%llu", (unsigned long long)e->last_seq);
			bad |= er_rule_text_csv(b, seq, 0);
		}
		bad |= er_buf_add(b, "\n", 1);
	}
	if (bad)
		return -1;
	char end[64];
	int n = snprintf(end, sizeof end, "end,%zu,%016" PRIx64 "\n", s->n, er_hash64(b->p, b->len));
	return er_buf_add(b, end, (size_t)n);
}

int
er_alert_state_save(const er_alert_state *s, const char *path, er_alert_state_hook hook, char *err)
{
	struct er_buf b = ER_BUF_INIT;
	if (format_state(s, &b) < 0) {
		er_buf_release(&b);
		return er_fail(err, ER_ENOMEM, "out of memory writing state '%s'", path);
	}
	int status = er_atomicfile_replace(path, b.p, b.len, "state file", hook, err);
	er_buf_release(&b);
	return status;
}

int
er_alert_state_lock(const char *path, int wait_ms, int *fd_out, char *err)
{
	*fd_out = -1;
	size_t n = strlen(path);
	char *lock = malloc(n + 6);
	if (!lock)
		return er_fail(err, ER_ENOMEM, "out of memory");
	memcpy(lock, path, n);
	memcpy(lock + n, ".lock", 6);
	int status = ER_EIO;
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		status = er_fail(err, ER_EIO, "cannot open lock file '%s': %s", lock, strerror(errno));
		free(lock);
		return status;
	}
	/* polled rather than blocking with an alarm, so no signal handler is needed */
	for (int waited = 0;; waited += 10) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			status = er_fail(err, ER_EIO, "cannot lock '%s': %s", lock, strerror(errno));
			goto fail;
		}
		if (waited >= wait_ms) {
			status = er_fail(err, ER_EIO,
			                 "state file '%s' is in use by another er-alert "
			                 "run (waited %d s for '%s')",
			                 path, wait_ms / 1000, lock);
			goto fail;
		}
		struct timespec ten_ms = {0, 10 * 1000 * 1000};
		nanosleep(&ten_ms, NULL);
	}
	free(lock);
	er_atomicfile_remove_stale(path);
	*fd_out = fd;
	return 0;
fail:
	close(fd);
	free(lock);
	return status;
}

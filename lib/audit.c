/* audit: the shared head of every line is built once; each line copies it and adds its own. */
#include "lib/audit.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/applog.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/jsonl.h"

struct er_audit {
	int fd;
	char *path;
	struct er_buf head;   /* "tool", "inputs" and the ids, without braces */
	struct er_buf inputs; /* the members of "inputs" */
	struct er_buf ids;    /* "policy_id":"..." and the like */
	struct er_buf batch;  /* whole lines not yet written */
	struct er_buf line;   /* the line being made */
	size_t queued;
	time_t sec; /* the second TIME was formatted for */
	char time[32];
};

int
er_audit_open(er_audit **out, const char *path, const char *tool, char *err)
{
	er_audit *a = calloc(1, sizeof *a);
	*out = NULL;
	if (!a || !(a->path = strdup(path)) || er_jsonl_str(&a->head, "tool", tool, strlen(tool)) < 0) {
		if (a)
			free(a->path), er_buf_release(&a->head);
		free(a);
		return er_fail(err, ER_ENOMEM, "out of memory opening audit '%s'", path);
	}
	a->sec = (time_t)-1;
	if ((a->fd = er_applog_open(path, "audit", NULL, err)) < 0) {
		free(a->path), er_buf_release(&a->head);
		free(a);
		return ER_EIO;
	}
	*out = a;
	return 0;
}

int
er_audit_input(er_audit *a, const char *path, char *err)
{
	uint64_t h;
	char hex[ER_HASH_HEXLEN];
	int st, is_stdin = strcmp(path, "-") == 0;
	if (!is_stdin && (st = er_hash_file(path, &h, err)))
		return st;
	if (!is_stdin)
		er_hash_hex(h, hex);
	/* null: standard input cannot be read a second time to hash it */
	if ((is_stdin ? er_jsonl_num(&a->inputs, path, NAN) : er_jsonl_str(&a->inputs, path, hex, strlen(hex))) < 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	return 0;
}

int
er_audit_id(er_audit *a, const char *key, const char *value, char *err)
{
	if (er_jsonl_str(&a->ids, key, value, strlen(value)) < 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	return 0;
}

struct er_buf *
er_audit_line(er_audit *a)
{
	time_t now = time(NULL);
	if (now != a->sec) {
		struct tm tm;
		a->sec = now;
		gmtime_r(&now, &tm);
		strftime(a->time, sizeof a->time, "%Y-%m-%dT%H:%M:%SZ", &tm);
	}
	struct er_buf *b = &a->line;
	er_buf_reset(b);
	if (er_jsonl_begin(b) < 0 || er_jsonl_str(b, "time", a->time, strlen(a->time)) < 0 ||
	    er_buf_add(b, ",", 1) < 0 || er_buf_add(b, a->head.p, a->head.len) < 0 ||
	    er_jsonl_open(b, "inputs", '{') < 0 || er_buf_add(b, a->inputs.p, a->inputs.len) < 0 ||
	    er_jsonl_close(b, '}') < 0 || (a->ids.len && er_buf_add(b, ",", 1) < 0) ||
	    er_buf_add(b, a->ids.p, a->ids.len) < 0)
		return NULL;
	return b;
}

/* Writes and syncs the batch. */
static int
flush(er_audit *a, char *err)
{
	int st = 0;
	if (a->batch.len && !(st = er_applog_append(a->fd, a->batch.p, a->batch.len, a->path, "audit", err)))
		st = er_applog_sync(a->fd, a->path, "audit", err);
	er_buf_reset(&a->batch);
	a->queued = 0;
	return st;
}

int
er_audit_commit(er_audit *a, char *err)
{
	if (er_jsonl_end(&a->line) < 0 || er_buf_add(&a->batch, a->line.p, a->line.len) < 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	return ++a->queued >= ER_AUDIT_BATCH ? flush(a, err) : 0;
}

int
er_audit_close(er_audit *a, char *err)
{
	if (!a)
		return 0;
	int st = flush(a, err);
	char e2[ER_ERRLEN];
	int cs = er_applog_close(a->fd, a->path, "audit", st ? e2 : err);
	er_buf_release(&a->head), er_buf_release(&a->inputs), er_buf_release(&a->ids);
	er_buf_release(&a->batch), er_buf_release(&a->line);
	free(a->path);
	free(a);
	return st ? st : cs;
}

/* oomwalk: the allocation-failure walk of the fault tests (tests/cli/faults/out-of-memory/walk
 * calls it), never linked into a tool.
 *
 *   oomwalk SHIM TOOL ARG...
 *
 * Runs TOOL ARG... once normally, counts its allocations with the shim SHIM
 * (tests/faults/failmalloc.c, ER_FAIL_ALLOC=count), then runs it once per allocation with
 * that allocation failing (ER_FAIL_ALLOC=N). Each run must exit 4 with one last line
 * "TOOL: ..." saying "out of memory" (with EXACT=1 in the environment: exactly
 * "TOOL: out of memory"), after no other message than the first ones of the normal run
 * (rows reported before it), or end as the normal run does (status, output and messages).
 * Prints one line per run that does neither, then "every failed allocation reported" when
 * the shim failed something and nothing else went wrong; exits 0 then, else 1.
 *
 * It is C, not the shell loop it replaces, because a walk is thousands of runs: the loop's
 * six helper processes per run (head, wc, cmp, tail) cost four times the tool's own run and
 * made the walks most of make check's time. Every run's standard input is the walk's. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* A captured stream: an anonymous file the child writes, read back whole after it exits. */
struct capture {
	int fd;
	char *buf;
	size_t len, cap;
};

static void
die(const char *what)
{
	fprintf(stderr, "oomwalk: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void
capture_open(struct capture *c, const char *name)
{
	c->fd = memfd_create(name, 0);
	if (c->fd < 0)
		die("memfd_create");
	c->buf = NULL;
	c->len = c->cap = 0;
}

static void
capture_reset(struct capture *c)
{
	if (ftruncate(c->fd, 0) || lseek(c->fd, 0, SEEK_SET) < 0)
		die("truncate a capture");
	c->len = 0;
}

static void
capture_read(struct capture *c)
{
	off_t end = lseek(c->fd, 0, SEEK_CUR);
	if (end < 0 || lseek(c->fd, 0, SEEK_SET) < 0)
		die("seek a capture");
	if ((size_t)end + 1 > c->cap) {
		c->cap = (size_t)end + 1;
		if (!(c->buf = realloc(c->buf, c->cap)))
			die("realloc");
	}
	size_t got = 0;
	while (got < (size_t)end) {
		ssize_t r = read(c->fd, c->buf + got, (size_t)end - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("read a capture");
		got += (size_t)r;
	}
	c->len = got;
	c->buf[got] = '\0';
}

/* Runs ARGV with ENVP, its stdout into OUT (NULL: /dev/null) and stderr into ERR; returns
 * its status as the shell's $? gives it (128 + signal when killed). */
static int
run(char **argv, char **envp, struct capture *out, struct capture *err)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa))
		die("posix_spawn_file_actions_init");
	if (out) {
		capture_reset(out);
		posix_spawn_file_actions_adddup2(&fa, out->fd, 1);
	} else {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	}
	capture_reset(err);
	posix_spawn_file_actions_adddup2(&fa, err->fd, 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		errno = rc;
		die(argv[0]);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	if (out)
		capture_read(out);
	capture_read(err);
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

/* The environment with LD_PRELOAD=SHIM and ER_FAIL_ALLOC=<slot filled by the caller>: a new
 * array whose entry *FAIL_SLOT the caller points at its own "ER_FAIL_ALLOC=..." string. */
static char **
shim_env(const char *shim, size_t *fail_slot)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 3, sizeof *env);
	if (!env)
		die("calloc");
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11) && strncmp(environ[i], "ER_FAIL_ALLOC=", 14))
			env[k++] = environ[i];
	char *pre = malloc(strlen(shim) + sizeof "LD_PRELOAD=");
	if (!pre)
		die("malloc");
	strcpy(pre, "LD_PRELOAD="), strcat(pre, shim);
	env[k++] = pre;
	*fail_slot = k++;
	env[k] = NULL;
	return env;
}

/* Number of newlines in S[0..LEN) (what wc -l counts). */
static size_t
count_lines(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

/* Length of the first N lines of S (what head -n N keeps). */
static size_t
head_len(const char *s, size_t len, size_t n)
{
	size_t i = 0;
	for (; n && i < len; i++)
		if (s[i] == '\n')
			n--;
	return i;
}

/* The last line of S (what tail -n 1 prints, without its newline) into *LINE, *LINELEN. */
static void
last_line(const char *s, size_t len, const char **line, size_t *linelen)
{
	size_t end = len;
	if (end && s[end - 1] == '\n')
		end--;
	size_t start = end;
	while (start && s[start - 1] != '\n')
		start--;
	*line = s + start;
	*linelen = end - start;
}

static int
same(const struct capture *a, const struct capture *b)
{
	return a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0;
}

/* 1 when RC/ERR is the one "out of memory" report of TOOL after the normal run's first
 * messages (REFERR). */
static int
reports_oom(int rc, const struct capture *err, const struct capture *referr, const char *tool, int exact)
{
	size_t lines = count_lines(err->buf, err->len);
	if (rc != 4 || lines < 1)
		return 0;
	size_t h = head_len(err->buf, err->len, lines - 1);
	size_t rh = head_len(referr->buf, referr->len, lines - 1);
	if (h != rh || memcmp(err->buf, referr->buf, h))
		return 0;
	const char *line;
	size_t ll, tl = strlen(tool);
	last_line(err->buf, err->len, &line, &ll);
	if (ll < tl + 2 || memcmp(line, tool, tl) || memcmp(line + tl, ": ", 2))
		return 0;
	static const char oom[] = "out of memory";
	if (exact)
		return ll == tl + 2 + sizeof oom - 1 && memcmp(line + tl + 2, oom, sizeof oom - 1) == 0;
	return memmem(line + tl + 2, ll - tl - 2, oom, sizeof oom - 1) != NULL;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: oomwalk SHIM TOOL [ARG]...\n");
		return 2;
	}
	const char *shim = argv[1], *tool = argv[2];
	char **targv = argv + 2;
	const char *ex = getenv("EXACT");
	int exact = ex && strcmp(ex, "1") == 0;
	struct capture ref, referr, out, err;
	capture_open(&ref, "ref"), capture_open(&referr, "referr");
	capture_open(&out, "out"), capture_open(&err, "err");

	int ref_rc = run(targv, environ, &ref, &referr);
	if (ref_rc != 0 && ref_rc != 1 && ref_rc != 5) {
		fprintf(stderr, "%s exits %d without the shim\n", tool, ref_rc);
		return 1;
	}
	size_t slot;
	char **env = shim_env(shim, &slot);
	char var[64] = "ER_FAIL_ALLOC=count";
	env[slot] = var;
	run(targv, env, NULL, &err);
	unsigned long k = 0;
	const char *c = memmem(err.buf, err.len, "allocations: ", 13);
	if (c)
		k = strtoul(c + 13, NULL, 10);
	if (k <= 20) {
		if (c)
			fprintf(stderr, "the shim counted %lu allocations\n", k);
		else
			fprintf(stderr, "the shim counted no allocations\n");
		return 1;
	}
	unsigned long oom = 0, bad = 0;
	for (unsigned long n = 1; n <= k; n++) {
		snprintf(var, sizeof var, "ER_FAIL_ALLOC=%lu", n);
		int rc = run(targv, env, &out, &err);
		if (reports_oom(rc, &err, &referr, tool, exact)) {
			oom++;
		} else if (rc != ref_rc || !same(&out, &ref) || !same(&err, &referr)) {
			/* the first two lines of its messages, each newline shown as '|' */
			size_t h = head_len(err.buf, err.len, 2);
			for (size_t i = 0; i < h; i++)
				if (err.buf[i] == '\n')
					err.buf[i] = '|';
			printf("allocation %lu: exit %d, %.*s\n", n, rc, (int)h, err.buf);
			bad++;
		}
	}
	/* the shim must have failed something, or this walk proves nothing */
	if (oom > 0 && bad == 0) {
		printf("every failed allocation reported\n");
		return fflush(stdout) ? 1 : 0;
	}
	fflush(stdout);
	return 1;
}

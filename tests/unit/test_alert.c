/* Unit tests for rules/alert_*.c: the level policy, state transitions and the cool-down, the
 * state file (round trip, refusal of a damaged file, atomic replace under kill -9) and the
 * join of scores and verification rows with either side missing. */
#include <glob.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "rules/alert_policy.h"
#include "rules/alert_run.h"
#include "rules/alert_state.h"
#include "rules/alert_track.h"
#include "lib/date.h"
#include "lib/err.h"
#include "lib/reader.h"
#include "lib/writer.h"

static char tmpdir[] = "/tmp/test_alert.XXXXXX";

static int
setup_dir(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int
remove_dir(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static char *
path_in_tmp(const char *name)
{
	static char buf[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strdup(buf);
}

/* Policy lookups for a fixed set of variables: grade, fail, warn, score_change. */
static long
lookup_vars(const char *name, void *ctx)
{
	(void)ctx;
	static const char *const names[] = {"grade", "fail", "warn", "score_change"};
	for (long i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

static int
level_of(struct er_alert_policy *p, const char *grade, const char *fail, const char *warn, const char *change,
         char *reasons_out)
{
	struct er_rule_value v[4] = {
		{grade, strlen(grade)}, {fail, strlen(fail)}, {warn, strlen(warn)}, {change, strlen(change)}};
	struct er_buf reasons = ER_BUF_INIT;
	char err[ER_ERRLEN];
	int level = er_alert_policy_level(p, v, 4, &reasons, err);
	if (reasons_out)
		strcpy(reasons_out, reasons.p ? reasons.p : "");
	free(reasons.p);
	return level;
}

static void
test_policy_levels(void **state)
{
	(void)state;
	char err[ER_ERRLEN], reasons[256];
	struct er_alert_policy *p;
	assert_int_equal(er_alert_policy_load(&p, NULL, err), 0);
	assert_non_null(p);
	assert_int_equal(er_alert_policy_bind(p, lookup_vars, NULL, err), 0);
	assert_int_equal(level_of(p, "A", "0", "0", "", reasons), ER_LEVEL_NONE);
	assert_string_equal(reasons, "");
	assert_int_equal(level_of(p, "A", "1", "0", "", reasons), ER_LEVEL_RED);
	assert_int_equal(level_of(p, "D", "", "", "", reasons), ER_LEVEL_RED);
	assert_string_equal(reasons, "grade D");
	assert_int_equal(level_of(p, "C", "0", "0", "", NULL), ER_LEVEL_ORANGE);
	assert_int_equal(level_of(p, "B", "0", "2", "", NULL), ER_LEVEL_ORANGE);
	assert_int_equal(level_of(p, "B", "0", "1", "", NULL), ER_LEVEL_YELLOW);
	/* a drop of more than 30 points, not exactly 30 */
	assert_int_equal(level_of(p, "B", "0", "0", "-30", NULL), ER_LEVEL_NONE);
	assert_int_equal(level_of(p, "B", "0", "0", "-30.5", reasons), ER_LEVEL_YELLOW);
	assert_string_equal(reasons, "score fell more than 30 points");
	/* reasons of every line that holds, highest level first */
	assert_int_equal(level_of(p, "C", "1", "1", "-40", reasons), ER_LEVEL_RED);
	assert_string_equal(reasons, "a fail rule hit; grade C; score fell more than 30 points; one warn rule");
	/* everything missing: nothing holds */
	assert_int_equal(level_of(p, "", "", "", "", NULL), ER_LEVEL_NONE);
	er_alert_policy_free(p);
}

static void
test_policy_errors(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	struct er_alert_policy *p;
	const char *bad_level = "level,condition,reason\npurple,fail>=1,x\n";
	assert_int_equal(er_alert_policy_parse(&p, bad_level, strlen(bad_level), "p.csv", err), ER_EDATA);
	assert_null(p);
	assert_string_equal(err, "bad level 'purple' (red, orange or yellow) (file p.csv, line 2)");
	const char *bad_cond = "red,fail>=,x\n";
	assert_int_equal(er_alert_policy_parse(&p, bad_cond, strlen(bad_cond), "p.csv", err), ER_EDATA);
	assert_null(p);
	assert_string_equal(err, "bad condition: expected a value at byte 7 of 'fail>=' (file p.csv, line 1)");
	const char *unknown = "red,nosuch>1,x\n";
	assert_int_equal(er_alert_policy_parse(&p, unknown, strlen(unknown), "p.csv", err), 0);
	assert_non_null(p);
	assert_int_equal(er_alert_policy_bind(p, lookup_vars, NULL, err), ER_EDATA);
	assert_string_equal(err, "policy names unknown variable 'nosuch' (file p.csv, line 1)");
	er_alert_policy_free(p);
}

static er_day
day(const char *s)
{
	er_day d;
	assert_int_equal(er_date_parse(s, strlen(s), NULL, &d, NULL), ER_DATE_OK);
	return d;
}

static int
track(struct er_alert_entity *e, int level, const char *hits, const char *date, int cooldown,
      struct er_alert_outcome *out)
{
	assert_int_equal(er_alert_track(e, level, hits, NAN, NULL, day(date), cooldown, NULL, out), 0);
	return out->status;
}

static int
track_held(struct er_alert_entity *e, int level, const char *date, struct er_alert_outcome *out)
{
	const struct er_alert_hold hold = {3, 7};
	assert_int_equal(er_alert_track(e, level, "", NAN, NULL, day(date), 30, &hold, out), 0);
	return out->level;
}

static void
test_hold(void **state)
{
	(void)state;
	er_alert_state *s = er_alert_state_new();
	struct er_alert_entity *e = er_alert_state_get(s, "E1", 2, 1);
	struct er_alert_outcome o;
	/* raised at once */
	assert_int_equal(track_held(e, ER_LEVEL_RED, "2024-01-01", &o), ER_LEVEL_RED);
	assert_int_equal(o.status, ER_ALERT_NEW);
	/* two clean evaluations the same day: held */
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-01-01", &o), ER_LEVEL_RED);
	assert_int_equal(o.held, 1);
	assert_int_equal(track_held(e, ER_LEVEL_YELLOW, "2024-01-02", &o), ER_LEVEL_RED);
	assert_int_equal(o.held, 2);
	/* back at red: the count starts again */
	assert_int_equal(track_held(e, ER_LEVEL_RED, "2024-01-02", &o), ER_LEVEL_RED);
	assert_int_equal(o.held, 0);
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-01-03", &o), ER_LEVEL_RED);
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-01-03", &o), ER_LEVEL_RED);
	/* the third clean evaluation in a row lowers it, to the level evaluated */
	assert_int_equal(track_held(e, ER_LEVEL_YELLOW, "2024-01-04", &o), ER_LEVEL_YELLOW);
	assert_int_equal(o.status, ER_ALERT_DOWNGRADED);
	assert_int_equal(e->last_seen, day("2024-01-04"));
	/* 7 days after the last day at yellow, one clean evaluation clears it */
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-01-11", &o), ER_LEVEL_NONE);
	assert_int_equal(o.status, ER_ALERT_CLEARED);
	/* 6 days are not enough */
	assert_int_equal(track_held(e, ER_LEVEL_ORANGE, "2024-02-01", &o), ER_LEVEL_ORANGE);
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-02-07", &o), ER_LEVEL_ORANGE);
	assert_int_equal(e->last_seen, day("2024-02-01"));
	assert_int_equal(track_held(e, ER_LEVEL_NONE, "2024-02-08", &o), ER_LEVEL_NONE);
	er_alert_state_free(s);
}

static void
test_transitions_and_cooldown(void **state)
{
	(void)state;
	er_alert_state *s = er_alert_state_new();
	struct er_alert_entity *e = er_alert_state_get(s, "E1", 2, 1);
	struct er_alert_outcome o;
	assert_int_equal(track(e, ER_LEVEL_NONE, "", "2024-01-01", 30, &o), ER_ALERT_QUIET);
	assert_false(o.emit);
	assert_int_equal(track(e, ER_LEVEL_YELLOW, "a", "2024-01-02", 30, &o), ER_ALERT_NEW);
	assert_true(o.emit);
	assert_int_equal(o.first_seen, day("2024-01-02"));
	/* the same alert again inside the cool-down is suppressed */
	assert_int_equal(track(e, ER_LEVEL_YELLOW, "a", "2024-01-20", 30, &o), ER_ALERT_SUPPRESSED);
	assert_false(o.emit);
	assert_int_equal(o.last_seen, day("2024-01-20"));
	/* a new hit rule at the same level is not a repeat */
	assert_int_equal(track(e, ER_LEVEL_YELLOW, "a b", "2024-01-21", 30, &o), ER_ALERT_ONGOING);
	assert_true(o.emit);
	/* fewer hits than the last written alert is still a repeat */
	assert_int_equal(track(e, ER_LEVEL_YELLOW, "b", "2024-02-19", 30, &o), ER_ALERT_SUPPRESSED);
	/* after the cool-down (30 days after 2024-01-21) it is written again */
	assert_int_equal(track(e, ER_LEVEL_YELLOW, "b", "2024-02-20", 30, &o), ER_ALERT_ONGOING);
	assert_true(o.emit);
	assert_int_equal(o.first_seen, day("2024-01-02"));
	assert_int_equal(track(e, ER_LEVEL_RED, "b", "2024-02-21", 30, &o), ER_ALERT_ESCALATED);
	assert_true(o.emit);
	assert_int_equal(track(e, ER_LEVEL_ORANGE, "b", "2024-02-22", 30, &o), ER_ALERT_DOWNGRADED);
	assert_true(o.emit);
	assert_int_equal(track(e, ER_LEVEL_NONE, "", "2024-02-23", 30, &o), ER_ALERT_CLEARED);
	assert_true(o.emit);
	assert_int_equal(o.first_seen, day("2024-01-02"));
	assert_int_equal(o.last_seen, day("2024-02-22"));
	assert_int_equal(track(e, ER_LEVEL_NONE, "", "2024-02-24", 30, &o), ER_ALERT_QUIET);
	/* a new episode starts a new first_seen */
	assert_int_equal(track(e, ER_LEVEL_ORANGE, "c", "2024-03-01", 30, &o), ER_ALERT_NEW);
	assert_int_equal(o.first_seen, day("2024-03-01"));
	/* cool-down 0 writes every repeat */
	assert_int_equal(track(e, ER_LEVEL_ORANGE, "c", "2024-03-01", 0, &o), ER_ALERT_ONGOING);
	assert_true(er_alert_hits_subset("", "x"));
	assert_true(er_alert_hits_subset("b a", "a b c"));
	assert_false(er_alert_hits_subset("ab", "a b"));
	er_alert_state_free(s);
}

static er_alert_state *
sample_state(int n)
{
	er_alert_state *s = er_alert_state_new();
	for (int i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "E,%d \"q\"", i);
		struct er_alert_entity *e = er_alert_state_get(s, id, strlen(id), 1);
		struct er_alert_outcome o;
		assert_int_equal(er_alert_track(e, i % 4, "r1 r2", 500.5 + i, "B", day("2024-05-01"), 30, NULL, &o), 0);
	}
	return s;
}

static void
test_state_round_trip(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	const char *path = path_in_tmp("state.csv");
	er_alert_state *s = sample_state(50);
	struct er_alert_entity *h = er_alert_state_get(s, "E,7 \"q\"", strlen("E,7 \"q\""), 0);
	h->clean_runs = 2;
	h->held_seen = day("2024-04-30");
	assert_int_equal(er_alert_state_save(s, path, NULL, err), 0);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	er_alert_state *t = er_alert_state_new();
	if (er_alert_state_load(t, path, err) != 0)
		fail_msg("%s", err);
	assert_int_equal(er_alert_state_count(t), 50);
	struct er_alert_entity *e = er_alert_state_get(t, "E,7 \"q\"", strlen("E,7 \"q\""), 0);
	assert_non_null(e);
	assert_int_equal(e->level, 3);
	assert_true(e->score == 507.5);
	assert_string_equal(e->grade, "B");
	assert_string_equal(e->hits, "r1 r2");
	assert_int_equal(e->first_seen, day("2024-05-01"));
	assert_int_equal(e->emitted_level, 3);
	assert_int_equal(e->clean_runs, 2);
	assert_int_equal(e->held_seen, day("2024-04-30"));
	/* saving what was loaded gives the same bytes */
	char *a = read_file(path);
	assert_int_equal(er_alert_state_save(t, path, NULL, err), 0);
	char *b = read_file(path);
	assert_string_equal(a, b);
	free(a);
	free(b);
	er_alert_state_free(s);
	er_alert_state_free(t);
	/* a missing file is a first run */
	t = er_alert_state_new();
	assert_int_equal(er_alert_state_load(t, path_in_tmp("nonexistent"), err), 0);
	assert_int_equal(er_alert_state_count(t), 0);
	er_alert_state_free(t);
}

static void
expect_bad_state(const char *text, const char *why)
{
	char err[ER_ERRLEN], want[ER_ERRLEN];
	const char *path = path_in_tmp("bad.csv");
	write_file(path, text);
	er_alert_state *s = er_alert_state_new();
	assert_int_equal(er_alert_state_load(s, path, err), ER_EIO);
	snprintf(want, sizeof want, "bad state file '%s': %s", path, why);
	assert_string_equal(err, want);
	er_alert_state_free(s);
}

static void
test_state_refused(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	const char *path = path_in_tmp("good.csv");
	er_alert_state *s = sample_state(3);
	assert_int_equal(er_alert_state_save(s, path, NULL, err), 0);
	er_alert_state_free(s);
	char *good = read_file(path);
	size_t n = strlen(good);
	/* cut anywhere: refused */
	char *cut = strndup(good, n / 2);
	expect_bad_state(cut, "truncated (no final end line)");
	free(cut);
	/* one byte changed: refused */
	char *flip = strdup(good);
	flip[40] = flip[40] == 'x' ? 'y' : 'x';
	expect_bad_state(flip, "checksum mismatch");
	free(flip);
	expect_bad_state("", "truncated (no final end line)");
	expect_bad_state("garbage\n", "truncated (no final end line)");
	free(good);
}

/* The atomic replace: a writer killed half-way leaves the old state readable. */
static void
stop_here(const char *tmp_path)
{
	(void)tmp_path;
	raise(SIGSTOP);
}

/* A second holder of the state lock is refused after its wait, with a message naming the
 * state; the lock is free again once the first holder closes it. */
static void
test_state_lock(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	const char *path = path_in_tmp("locked.csv");
	int a, b;
	assert_int_equal(er_alert_state_lock(path, 0, &a, err), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int st = er_alert_state_lock(path, 50, &b, err);
		_exit(st == ER_EIO && strstr(err, "in use by another er-alert run") && b == -1 ? 0 : 1);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	close(a);
	assert_int_equal(er_alert_state_lock(path, 0, &b, err), 0);
	close(b);
	unlink(path_in_tmp("locked.csv.lock"));
}

static void
test_state_killed_writer(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	const char *path = path_in_tmp("atomic.csv");
	er_alert_state *old = sample_state(10);
	assert_int_equal(er_alert_state_save(old, path, NULL, err), 0);
	char *before = read_file(path);
	er_alert_state *big = sample_state(2000);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		er_alert_state_save(big, path, stop_here, err);
		_exit(0);
	}
	int ws;
	assert_int_equal(waitpid(pid, &ws, WUNTRACED), pid);
	assert_true(WIFSTOPPED(ws));
	/* the half-written temporary file (a name of its own) exists, beside the untouched
	 * state file */
	glob_t g;
	assert_int_equal(glob(path_in_tmp(".atomic.csv.??????.tmp"), 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	char *tmp = read_file(g.gl_pathv[0]);
	assert_non_null(tmp);
	assert_true(strlen(tmp) > 1000);
	free(tmp);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws));
	char *after = read_file(path);
	assert_string_equal(before, after);
	er_alert_state *t = er_alert_state_new();
	assert_int_equal(er_alert_state_load(t, path, err), 0);
	assert_int_equal(er_alert_state_count(t), 10);
	er_alert_state_free(t);
	/* the next run takes the lock, which removes the leftover temporary file, and saves */
	int lock_fd;
	assert_int_equal(er_alert_state_lock(path, 0, &lock_fd, err), 0);
	assert_int_equal(access(g.gl_pathv[0], F_OK), -1);
	globfree(&g);
	assert_int_equal(er_alert_state_save(big, path, NULL, err), 0);
	close(lock_fd);
	unlink(path_in_tmp("atomic.csv.lock"));
	t = er_alert_state_new();
	assert_int_equal(er_alert_state_load(t, path, err), 0);
	assert_int_equal(er_alert_state_count(t), 2000);
	er_alert_state_free(t);
	free(before);
	free(after);
	er_alert_state_free(old);
	er_alert_state_free(big);
}

static void
test_history_append(void **state)
{
	(void)state;
	char err[ER_ERRLEN];
	const char *path = path_in_tmp("history.csv");
	for (int run = 0; run < 2; run++) {
		int fd = er_alert_history_open(path, "h\n", err);
		assert_true(fd >= 0);
		assert_int_equal(er_alert_history_append(fd, "line\n", 5, path, err), 0);
		assert_int_equal(er_alert_history_close(fd, path, err), 0);
	}
	char *text = read_file(path);
	assert_string_equal(text, "h\nline\nline\n");
	free(text);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

/* Runs the join on files SCORES and VERIFY (either may be NULL) and returns stdout. */
static char *
run_join(const char *scores, const char *verify, struct er_alert_run_stats *st, int *status)
{
	char err[ER_ERRLEN];
	er_reader *r[2];
	size_t n = 0;
	if (scores) {
		write_file(path_in_tmp("s.csv"), scores);
		assert_int_equal(er_reader_open1(&r[n++], path_in_tmp("s.csv"), NULL, err), 0);
	}
	if (verify) {
		write_file(path_in_tmp("v.csv"), verify);
		assert_int_equal(er_reader_open1(&r[n++], path_in_tmp("v.csv"), NULL, err), 0);
	}
	const char *out = path_in_tmp("out.csv");
	FILE *f = fopen(out, "w");
	assert_non_null(f);
	er_writer *w = er_writer_open(fileno(f), "out", NULL);
	struct er_alert_policy *p;
	*status = er_alert_policy_load(&p, NULL, err);
	assert_int_equal(*status, 0);
	er_alert_state *state = er_alert_state_new();
	struct er_alert_run_opts o = {
		.policy = p,
		.state = state,
		.cooldown = 30,
		.date = day("2024-06-30"),
		.fail_on = ER_LEVEL_RED,
		.history_fd = -1,
	};
	*status = er_alert_run(r, n, w, &o, st, err);
	assert_int_equal(er_writer_close(w), 0);
	fclose(f);
	for (size_t i = 0; i < n; i++)
		er_reader_close(r[i]);
	er_alert_policy_free(p);
	er_alert_state_free(state);
	return read_file(out);
}

static const char scores_csv[] = "id,score,pd,grade,reason1\n"
				 "A,420,0.3,D,usage.zero_months_12m\n"
				 "B,650,0.02,A,\n"
				 "C,560,0.1,C,\n";
static const char verify_summary_csv[] = "id,worst,hits,fail,warn,info,na,rules\n"
					 "B,warn,1,0,1,0,0,late_payments\n"
					 "X,fail,1,1,0,0,0,theft\n";
static const char verify_detail_csv[] = "id,rule,indicator,value,interval,result,severity,message\n"
					"B,late,pay.late_count_12m,4,>=3,hit,warn,late\n"
					"B,theft,insp.theft_count_36m,0,>=1,pass,fail,theft\n"
					"X,late,pay.late_count_12m,,>=3,na,warn,late\n"
					"X,theft,insp.theft_count_36m,2,>=1,hit,fail,theft\n";

static void
test_join_both_sides(void **state)
{
	(void)state;
	struct er_alert_run_stats st;
	int status;
	const char *want = "id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status\n"
			   "A,red,420,D,,,grade D; no verification rows; drivers: usage.zero_months_12m,"
			   "2024-06-30,2024-06-30,new\n"
			   "B,yellow,650,A,,late_payments,one warn rule,2024-06-30,2024-06-30,new\n"
			   "C,orange,560,C,,,grade C; no verification rows,2024-06-30,2024-06-30,new\n"
			   "X,red,,,,theft,a fail rule hit; no score row,2024-06-30,2024-06-30,new\n";
	char *out = run_join(scores_csv, verify_summary_csv, &st, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out, want);
	assert_int_equal(st.no_verify, 2);
	assert_int_equal(st.no_score, 1);
	assert_int_equal(st.written, 4);
	assert_true(st.flagged);
	free(out);
	/* detail rows give the same alerts as the summary */
	out = run_join(scores_csv, verify_detail_csv, &st, &status);
	assert_int_equal(status, 0);
	char *want_detail = strdup(want);
	char *at = strstr(want_detail, "late_payments");
	memmove(at + 4, at + 13, strlen(at + 13) + 1); /* the rule is named "late" there */
	assert_string_equal(out, want_detail);
	free(want_detail);
	free(out);
}

static void
test_join_one_side(void **state)
{
	(void)state;
	struct er_alert_run_stats st;
	int status;
	char *out = run_join(scores_csv, NULL, &st, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out,
	                    "id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status\n"
	                    "A,red,420,D,,,grade D; drivers: usage.zero_months_12m,2024-06-30,2024-06-30,new\n"
	                    "C,orange,560,C,,,grade C,2024-06-30,2024-06-30,new\n");
	assert_false(st.has_verify);
	assert_int_equal(st.no_verify, 0);
	free(out);
	out = run_join(NULL, verify_detail_csv, &st, &status);
	assert_int_equal(status, 0);
	assert_string_equal(out,
	                    "id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status\n"
	                    "B,yellow,,,,late,one warn rule,2024-06-30,2024-06-30,new\n"
	                    "X,red,,,,theft,a fail rule hit,2024-06-30,2024-06-30,new\n");
	assert_false(st.has_scores);
	free(out);
	/* two score inputs, or an input of neither kind, are refused */
	out = run_join(scores_csv, scores_csv, &st, &status);
	assert_int_equal(status, ER_EUSAGE);
	free(out);
	out = run_join("id,x\n1,2\n", NULL, &st, &status);
	assert_int_equal(status, ER_EUSAGE);
	free(out);
}

int
main(void)
{
	er_set_progname("test_alert");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_levels),
		cmocka_unit_test(test_policy_errors),
		cmocka_unit_test(test_transitions_and_cooldown),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_refused),
		cmocka_unit_test(test_state_killed_writer),
		cmocka_unit_test(test_state_lock),
		cmocka_unit_test(test_history_append),
		cmocka_unit_test(test_join_both_sides),
		cmocka_unit_test(test_join_one_side),
	};
	return cmocka_run_group_tests(tests, setup_dir, remove_dir);
}

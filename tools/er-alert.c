/* er-alert: the early-warning system (评分预警体系): scores and rule hits become alerts. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rules/alert_policy.h"
#include "rules/alert_run.h"
#include "rules/alert_state.h"
#include "lib/applog.h"
#include "lib/buf.h"
#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/reader.h"
#include "rules/rule_text.h"
#include "lib/writer.h"

enum {
	OPT_POLICY = ER_OPT_TOOL,
	OPT_PRINT_POLICY,
	OPT_STATE,
	OPT_HISTORY,
	OPT_COOLDOWN,
	OPT_FAIL_ON,
	OPT_DATE,
	OPT_ID,
	OPT_ALL,
	OPT_AUDIT
};

static const struct er_opt options[] = {
	{"policy", 0, "FILE", OPT_POLICY, "the level policy (CSV: level,condition,reason; default {})", "built in"},
	{"print-policy", 0, NULL, OPT_PRINT_POLICY, "print the policy and exit", NULL},
	{"state", 0, "FILE", OPT_STATE, "the stored warning signals, read and replaced atomically", NULL},
	{"history", 0, "FILE", OPT_HISTORY, "append every written alert to FILE (date first)", NULL},
	{"audit", 0, "FILE", OPT_AUDIT,
         "append one JSON line per alert written to FILE (created\n"
         "mode 0600; refused when others may write it)",
         NULL},
	{"cooldown", 0, "DAYS", OPT_COOLDOWN, "do not repeat the same alert within DAYS days (default {})", "30"},
	{"fail-on", 0, "LEVEL", OPT_FAIL_ON,
         "exit 5 when an alert at LEVEL or above is written\n"
         "(yellow, orange or red)",
         NULL},
	{"date", 0, "DATE", OPT_DATE, "the day of this run (default: {})",
         "the asof column of the scores,\n"
         "else today"},
	{"id", 0, "COLUMN", OPT_ID, "the entity column of both inputs (default {})", "id"},
	{"all", 0, NULL, OPT_ALL,
         "also write entities without an alert (status quiet) and\n"
         "repeats inside the cool-down (status suppressed)",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

/* er-alert has no progress meter: it does not accept --progress. */
static const struct er_opt_spec spec = {
	.usage = "Usage: er-alert [OPTIONS] SCORES [VERIFY]\n"
		 "Join er-score rows and er-verify rows (detail or --summary) by id, in either order, and\n"
		 "write alerts: id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status.\n"
		 "Levels (red, orange, yellow, none) come from the policy; with a state file each alert is\n"
		 "new, escalated, ongoing, downgraded or cleared against the last run. '-' is standard\n"
		 "input; without files, standard input. One side may be missing.\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_QUIET,
	.epilog = "\n"
		  "With --line-buffered each alert is written, and the state saved, as soon as the row that\n"
		  "causes it is read.\n"
		  "Exit status: 0 ok, 1 some rows rejected, 2 usage, 3 I/O or a bad state or policy file,\n"
		  "4 out of memory, 5 an alert at the --fail-on level or above was written.\n",
};

/* How long a run waits for another run holding the same state. */
#define STATE_LOCK_WAIT_MS 60000

static const char *opt_policy, *opt_state, *opt_history, *opt_audit, *opt_id = "id";
static int opt_print_policy, opt_all, opt_fail_on = -1;
static long long opt_cooldown = 30;
static er_day opt_date = ER_NO_DAY;

/* Test hook (environment ER_ALERT_TEST_STALL=FILE): stop the state writer half-way while FILE
 * exists, so a test can kill it there or start a second run against it. */
static void
stall_hook(const char *tmp_path)
{
	const char *gate = getenv("ER_ALERT_TEST_STALL");
	fprintf(stderr, "er-alert: stalled writing '%s'\n", tmp_path);
	fflush(stderr);
	struct timespec ten_ms = {0, 10 * 1000 * 1000};
	while (access(gate, F_OK) == 0)
		nanosleep(&ten_ms, NULL);
}

/* Reads the options into the opt_ flags and IO. Returns -1 when main goes on, else the
 * status main exits with (0 after --help or --version). */
static int
parse_options(int argc, char **argv, struct er_cli_io *io)
{
	int c;
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, io)) != -1) {
		switch (c) {
		case OPT_POLICY: opt_policy = optarg; break;
		case OPT_PRINT_POLICY: opt_print_policy = 1; break;
		case OPT_STATE: opt_state = optarg; break;
		case OPT_HISTORY: opt_history = optarg; break;
		case OPT_AUDIT: opt_audit = optarg; break;
		case OPT_ID: opt_id = optarg; break;
		case OPT_ALL: opt_all = 1; break;
		case OPT_COOLDOWN:
			if (er_num_parse_int(optarg, strlen(optarg), &opt_cooldown) != ER_NUM_OK || opt_cooldown < 0 ||
			    opt_cooldown > 100000)
				return er_usage_error("bad number of days '%s' for --cooldown", optarg);
			break;
		case OPT_FAIL_ON:
			opt_fail_on = er_alert_level_parse(optarg);
			if (opt_fail_on <= 0)
				return er_usage_error("bad level '%s' for --fail-on (yellow, orange or red)", optarg);
			break;
		case OPT_DATE: {
			int dr = er_date_parse(optarg, strlen(optarg), NULL, &opt_date, NULL);
			if (dr != ER_DATE_OK)
				return er_usage_error("bad date '%s' for --date: %s", optarg, er_date_strerror(dr));
			break;
		}
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (argc - optind > 2)
		return er_usage_error("too many files (SCORES and VERIFY at most)");
	/* the alerts always go to standard output */
	if (er_cli_refuse_stdout("history", opt_history) || er_cli_refuse_stdout("audit", opt_audit))
		return ER_EUSAGE;
	return -1;
}

/* Prints the policy file PATH as it is. Returns 0, or the status after a message. */
static int
print_policy_file(const char *path)
{
	char err[ER_ERRLEN];
	size_t len;
	char *text;
	int status = er_rule_text_read_file(&text, path, &len, err);
	if (status != 0) {
		er_warn("%s", err);
		return status;
	}
	int bad = fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0;
	free(text);
	return bad ? ER_EIO : 0;
}

/* Appends the PENDING history lines when the run DELIVERED its alerts, then closes the history
 * (FD < 0: none) and releases PENDING. Returns 0, or the first failure's status with ERR. */
static int
finish_history(int fd, struct er_buf *pending, int delivered, char *err)
{
	int hs = 0;
	if (delivered && fd >= 0 && pending->len)
		hs = er_applog_append(fd, pending->p, pending->len, opt_history, "history", err);
	er_buf_release(pending);
	if (hs == 0)
		return er_applog_close(fd, opt_history, "history", err);
	char close_err[ER_ERRLEN]; /* the append failure is the one to report */
	er_applog_close(fd, opt_history, "history", close_err);
	return hs;
}

/* The summary lines of a successful run (unless QUIET) and its exit status: 1 when rows were
 * rejected, 5 when an alert reached --fail-on, else 0. */
static int
summary(const struct er_alert_run_stats *st, int quiet)
{
	if (!quiet) {
		if (!st->has_verify)
			er_warn("no verification input: levels from scores only");
		if (!st->has_scores)
			er_warn("no score input: levels from verification rows only");
		if (st->no_verify && st->has_verify)
			er_warn("%llu entities without verification rows", (unsigned long long)st->no_verify);
		if (st->no_score && st->has_scores)
			er_warn("%llu entities without a score row", (unsigned long long)st->no_score);
		er_warn("%llu entities: %llu red, %llu orange, %llu yellow; %llu alerts written, "
		        "%llu suppressed by the cool-down",
		        (unsigned long long)st->evaluated, (unsigned long long)st->by_level[ER_LEVEL_RED],
		        (unsigned long long)st->by_level[ER_LEVEL_ORANGE],
		        (unsigned long long)st->by_level[ER_LEVEL_YELLOW], (unsigned long long)st->written,
		        (unsigned long long)st->suppressed);
		if (st->replayed)
			er_warn("%llu rows replayed after a restart upstream (seq not after the entity's last), "
			        "skipped",
			        (unsigned long long)st->replayed);
	}
	if (st->rejected > 10)
		er_warn("%llu more row problems not shown", (unsigned long long)(st->rejected - 10));
	if (st->rejected)
		return ER_EDATA;
	else if (st->flagged)
		return ER_EFLAG;
	return 0;
}

/* Opens the audit log with what every line says: the inputs' checksums and the policy's id. */
static int
open_audit(er_audit **a, char *const *files, size_t nfiles, const char *policy_id, char *err)
{
	int st = er_audit_open(a, opt_audit, "er-alert", err);
	for (size_t i = 0; !st && i < (nfiles ? nfiles : 1); i++)
		st = er_audit_input(*a, nfiles ? files[i] : "-", err);
	if (!st && opt_policy)
		st = er_audit_input(*a, opt_policy, err);
	if (!st)
		st = er_audit_id(*a, "policy_id", policy_id, err);
	return st;
}

int
main(int argc, char **argv)
{
	er_set_progname("er-alert");
	struct er_cli_io io;
	er_cli_io_init(&io);
	int po = parse_options(argc, argv, &io);
	if (po >= 0)
		return po;
	if (opt_print_policy && !opt_policy)
		return er_cli_print_help(er_alert_policy_default_text());

	char err[ER_ERRLEN], close_err[ER_ERRLEN];
	struct er_alert_policy *policy;
	int status = er_alert_policy_load(&policy, opt_policy, err);
	if (status != 0) {
		er_warn("%s", err);
		return status == ER_ENOMEM ? ER_ENOMEM : ER_EIO;
	}
	if (opt_print_policy) {
		er_alert_policy_free(policy);
		return print_policy_file(opt_policy);
	}
	er_alert_state *state = er_alert_state_new();
	if (!state) {
		er_warn("out of memory");
		er_alert_policy_free(policy);
		return ER_ENOMEM;
	}
	/* held until the state is saved, so a second run starts from this one's state */
	int lock_fd = -1;
	if (opt_state &&
	    ((status = er_alert_state_lock(opt_state, STATE_LOCK_WAIT_MS, &lock_fd, err)) != 0 ||
	     (status = er_alert_state_load(state, opt_state, err)) != 0)) {
		er_warn("%s", err);
		goto out_state;
	}

	size_t nfiles = (size_t)(argc - optind);
	er_audit *audit = NULL; /* before the first goto out_readers: closed there */
	er_reader *readers[2] = {NULL, NULL};
	size_t nreaders = nfiles ? nfiles : 1;
	for (size_t i = 0; i < nreaders; i++) {
		status = er_reader_open1(&readers[i], nfiles ? argv[optind + (int)i] : NULL, &io.in, err);
		if (!readers[i]) {
			er_warn("%s", err);
			goto out_readers;
		}
	}
	if (opt_audit && (status = open_audit(&audit, argv + optind, nfiles, policy->id, err)) != 0) {
		er_warn("%s", err);
		goto out_readers;
	}
	int history_fd = -1;
	if (opt_history && (history_fd = er_applog_open(opt_history, "history", er_alert_history_header, err)) < 0) {
		er_warn("%s", err);
		status = ER_EIO;
		goto out_readers;
	}
	er_cli_io_follow(&io, readers[0]);
	er_writer *w = er_writer_open(STDOUT_FILENO, "stdout", &io.out);
	if (!w) {
		er_warn("out of memory");
		status = ER_ENOMEM;
		er_applog_close(history_fd, opt_history, "history", err);
		goto out_readers;
	}
	struct er_diag diag = er_cli_diag();
	/* the history records alerts sent: it is written once standard output is known good (at
	 * the end, or row by row when each row is flushed as it is written) */
	struct er_buf pending = ER_BUF_INIT;
	struct er_alert_run_opts ro = {
		.policy = policy,
		.state = state,
		.cooldown = (int)opt_cooldown,
		.date = opt_date,
		.all = opt_all,
		.fail_on = opt_fail_on,
		.id_col = opt_id,
		.history_fd = history_fd,
		.history_path = opt_history,
		.history_pending = io.out.line_buffered ? NULL : &pending,
		.state_path = opt_state,
		.save_each = io.out.line_buffered,
		.hook = getenv("ER_ALERT_TEST_STALL") ? stall_hook : NULL,
		.diag = &diag,
		.audit = audit,
	};
	struct er_alert_run_stats st;
	status = er_alert_run(readers, nreaders, w, &ro, &st, err);
	if (status != 0) {
		er_warn("%s", err);
		if (status == ER_EUSAGE)
			fprintf(stderr, "Try 'er-alert --help' for more information.\n");
	}
	status = er_cli_finish(w, status);
	int hs = finish_history(history_fd, &pending, status == 0, err);
	int as = er_audit_close(audit, hs ? close_err : err);
	audit = NULL;
	if (as != 0 && status == 0 && hs == 0) {
		er_warn("%s", err);
		status = as;
	}
	if (hs != 0 && status == 0) {
		er_warn("%s", err);
		status = hs;
	}
	/* only a run whose alerts were all delivered may mark them as sent */
	if (status == 0 && opt_state && (status = er_alert_state_save(state, opt_state, ro.hook, err)) != 0)
		er_warn("%s", err);
	if (status == 0)
		status = summary(&st, io.quiet);
out_readers:
	er_audit_close(audit, close_err);
	for (size_t i = 0; i < 2; i++)
		er_reader_close(readers[i]);
out_state:
	if (lock_fd >= 0)
		close(lock_fd);
	er_alert_state_free(state);
	er_alert_policy_free(policy);
	return status;
}

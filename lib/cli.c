/* cli: the shared options. */
#include "lib/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/vec.h"

const struct er_opt_shared er_cli_io_opts[] = {
	{{"csv", 0, NULL, ER_OPT_CSV, NULL, NULL}, ER_IO_FORMAT},
	{{"tsv", 0, NULL, ER_OPT_TSV, "read CSV or TSV (default: {})", "detected from the header line"}, ER_IO_FORMAT},
	{{"output-csv", 0, NULL, ER_OPT_OUT_CSV, NULL, NULL}, ER_IO_WRITE},
	{{"output-tsv", 0, NULL, ER_OPT_OUT_TSV, "write CSV or TSV (default: {})", "the format read"}, ER_IO_WRITE},
	{{"line-buffered", 0, NULL, ER_OPT_LINE_BUFFERED, "write each row at once, for live pipelines", NULL},
         ER_IO_WRITE},
	{{"progress", 0, NULL, ER_OPT_PROGRESS, "show progress on stderr even when it is not a terminal", NULL},
         ER_IO_PROGRESS},
	{{"quiet", 0, NULL, ER_OPT_QUIET, "no summary lines on stderr", NULL}, ER_IO_QUIET},
	{{"safe-csv", 0, NULL, ER_OPT_SAFE_CSV, "prefix formula-like fields (=, +, -, @) with ' on output", NULL},
         ER_IO_WRITE},
	{{"max-field", 0, "BYTES", ER_OPT_MAX_FIELD, "longest field accepted (default {}; K, M, G suffixes)", "64M"},
         ER_IO_MAX_FIELD},
	{{"encoding", 0, "ENC", ER_OPT_ENCODING,
          "input encoding: utf-8, gbk, gb18030 or utf-16, converted\nto UTF-8 (default {}; a UTF-16 byte order mark is "
          "always\nhonoured)",
          "utf-8"},
         ER_IO_MAX_FIELD},
	{{"na", 0, "LIST", ER_OPT_NA,
          "missing values of numeric fields, comma-separated,\nbesides the empty field (default {})",
          "NA, N/A, #N/A, NULL, null,\nNaN, nan, -, --, #DIV/0!, #VALUE!, #REF!, #NUM!, #NAME?, #NULL!, \\N"},
         ER_IO_MAX_FIELD},
	{{"tsv-replace", 0, NULL, ER_OPT_TSV_REPLACE,
          "replace tab, CR and LF inside TSV output fields by a space\n(default: {})", "such a field is an error"},
         ER_IO_WRITE},
	{{"version", 'V', NULL, ER_OPT_VERSION, "print the version and exit", NULL}, 0},
	{{"help", 'h', NULL, ER_OPT_HELP, "print this help and exit", NULL}, 0},
	{{NULL, 0, NULL, 0, NULL, NULL}, 0}};

void
er_cli_io_init(struct er_cli_io *io)
{
	memset(io, 0, sizeof *io);
}

int
er_cli_parse_size(const char *s, size_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		shift = 20;
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	default: return -1;
	}
	if (*end || v == 0 || v > (SIZE_MAX >> shift))
		return -1;
	*out = (size_t)(v << shift);
	return 0;
}

int
er_cli_io_option(struct er_cli_io *io, int opt, const char *arg)
{
	switch (opt) {
	case ER_OPT_CSV: io->in.format = ER_FMT_CSV; return 1;
	case ER_OPT_TSV: io->in.format = ER_FMT_TSV; return 1;
	case ER_OPT_OUT_CSV:
		io->out.format = ER_FMT_CSV;
		io->out_format_set = 1;
		return 1;
	case ER_OPT_OUT_TSV:
		io->out.format = ER_FMT_TSV;
		io->out_format_set = 1;
		return 1;
	case ER_OPT_LINE_BUFFERED: io->out.line_buffered = 1; return 1;
	case ER_OPT_PROGRESS: io->progress = 1; return 1;
	case ER_OPT_QUIET: io->quiet = 1; return 1;
	case ER_OPT_SAFE_CSV: io->out.safe_csv = 1; return 1;
	case ER_OPT_TSV_REPLACE: io->out.tsv_replace = 1; return 1;
	case ER_OPT_MAX_FIELD:
		if (er_cli_parse_size(arg, &io->in.max_field) < 0) {
			er_usage_error("bad size '%s' for --max-field", arg);
			return -1;
		}
		return 1;
	case ER_OPT_ENCODING: {
		static const char *const names[] = {"utf-8", "gbk", "gb18030", "utf-16"};
		for (size_t i = 0; i < sizeof names / sizeof *names; i++)
			if (strcasecmp(arg, names[i]) == 0) {
				io->in.encoding = (enum er_encoding)i;
				return 1;
			}
		er_usage_error("bad encoding '%s' for --encoding (utf-8, gbk, gb18030 or utf-16)", arg);
		return -1;
	}
	case ER_OPT_NA: io->in.na = arg; return 1;
	case ER_OPT_VERSION: printf("%s (er) %s\n", er_progname(), ER_VERSION); return 2;
	case ER_OPT_HELP: return 2;
	}
	return 0;
}

int
er_cli_option(struct er_cli_io *io, int opt, const char *arg, char *const *argv, const struct er_opt_spec *spec)
{
	/* optind has moved past the option; for "--opt=value" cut the value from the name */
	const char *word = argv[optind - 1];
	if (opt == ':')
		return er_usage_error("option '%s' needs an argument", word);
	int rc = opt == '?' ? 0 : er_cli_io_option(io, opt, arg);
	if (rc == 1)
		return -1;
	if (rc == 2) { /* --help, or --version already printed: either way stdout is checked */
		if (opt == ER_OPT_HELP)
			er_opt_print_help(stdout, spec);
		return er_cli_print_help("");
	}
	if (rc < 0)
		return ER_EUSAGE;
	const char *eq = strchr(word, '=');
	return er_usage_error("unknown option '%.*s'", eq ? (int)(eq - word) : (int)strlen(word), word);
}

/* Whether OPT is the id of one of SPEC's own options. */
static int
own_option(const struct er_opt_spec *spec, int opt)
{
	for (const struct er_opt *o = spec->opts; o && o->name; o++)
		if (o->name[0] && o->id == opt)
			return 1;
	return 0;
}

int
er_cli_next(struct er_cli_args *a, int argc, char *const *argv, const struct er_opt_spec *spec, struct er_cli_io *io)
{
	if (!a->begun) {
		char err[ER_ERRLEN];
		a->begun = 1;
		a->status = er_opt_begin(&a->p, spec, err) != 0 ? er_usage_error("%s", err) : -1;
	}
	while (a->status < 0) {
		int opt = er_opt_next(&a->p, argc, argv);
		if (opt == -1 || own_option(spec, opt))
			return opt;
		a->status = er_cli_option(io, opt, optarg, argv, spec);
	}
	return -1;
}

void
er_cli_io_follow(struct er_cli_io *io, const er_reader *r)
{
	if (!io->out_format_set)
		io->out.format = er_reader_format(r);
}

int
er_cli_print_help(const char *help)
{
	return er_cli_print_text(help, strlen(help));
}

int
er_cli_print_text(const char *text, size_t len)
{
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0 || ferror(stdout)) {
		er_warn("write error 'stdout': %s", strerror(errno));
		return ER_EIO;
	}
	return 0;
}

int
er_cli_split_list(char *s, char ***items, size_t *n)
{
	char *save = NULL;
	size_t cap = *n; /* at least what the caller has */
	for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (ER_GROW(*items, cap, *n + 1) < 0)
			return -1;
		(*items)[(*n)++] = tok;
	}
	return 0;
}

int
er_cli_double_value(const char *s, double lo, double hi, const char *name, double *out, char *err)
{
	double v;
	const char *slash = strchr(s, '/');
	if (slash) {
		double a, b;
		if (er_num_parse(s, (size_t)(slash - s), &a) != ER_NUM_OK ||
		    er_num_parse(slash + 1, strlen(slash + 1), &b) != ER_NUM_OK || b == 0) {
			snprintf(err, ER_ERRLEN, "bad --%s '%s'", name, s);
			return ER_EUSAGE;
		}
		v = a / b;
	} else if (er_num_parse(s, strlen(s), &v) != ER_NUM_OK) {
		snprintf(err, ER_ERRLEN, "bad --%s '%s'", name, s);
		return ER_EUSAGE;
	}
	if (!(v >= lo && v <= hi)) {
		snprintf(err, ER_ERRLEN, "--%s must be from %g to %g, not '%s'", name, lo, hi, s);
		return ER_EUSAGE;
	}
	*out = v;
	return 0;
}

int
er_cli_int_value(const char *s, int lo, int hi, const char *name, int *out, char *err)
{
	long long v;
	if (er_num_parse_int(s, strlen(s), &v) != ER_NUM_OK || v < lo || v > hi) {
		snprintf(err, ER_ERRLEN, "--%s must be a whole number from %d to %d, not '%s'", name, lo, hi, s);
		return ER_EUSAGE;
	}
	*out = (int)v;
	return 0;
}

int
er_cli_parse_double(const char *s, double *out, double lo, double hi, const char *name)
{
	char err[ER_ERRLEN];
	if (er_cli_double_value(s, lo, hi, name, out, err) != 0)
		return er_usage_error("%s", err);
	return 0;
}

static void
cli_emit(void *ctx, const char *msg)
{
	(void)ctx;
	er_warn("%s", msg);
}

struct er_diag
er_cli_diag(void)
{
	return (struct er_diag){cli_emit, NULL};
}

int
er_cli_finish(er_writer *w, int status)
{
	int report = status == ER_OK || status == ER_EDATA;
	int failed = 0;
	/* flushed before closing, so the reason of a failure can still be read */
	if (w && er_writer_flush(w) != 0) {
		failed = 1;
		if (report) {
			er_warn("%s", er_writer_error(w));
			status = ER_EIO;
		}
	}
	er_writer_close(w);
	/* stdout closed by the caller (>&-) is not a write error: nothing was written */
	if (close(STDOUT_FILENO) != 0 && errno != EBADF && !failed && report) {
		er_warn("write error 'stdout': %s", strerror(errno));
		status = ER_EIO;
	}
	return status;
}

unsigned
er_cli_guard_std_fds(void)
{
	unsigned mask = 0;
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		mask |= 1u << fd;
		/* open returns the lowest free descriptor: this one */
		int nfd = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (nfd >= 0 && nfd != fd)
			close(nfd);
	}
	return mask;
}

int
er_cli_refuse_stdout(const char *name, const char *path)
{
	if (!path || strcmp(path, "-") != 0)
		return 0;
	return er_usage_error("--%s - would mix into the table on standard output (name a file)", name);
}

int
er_cli_stdin_closed(unsigned mask, char *const *paths, size_t n)
{
	if (!(mask & 1))
		return 0;
	int reads = n == 0;
	for (size_t i = 0; i < n; i++)
		reads |= strcmp(paths[i], "-") == 0;
	if (!reads)
		return 0;
	er_warn("read error 'stdin': %s (file stdin, line 1)", strerror(EBADF));
	return ER_EIO;
}

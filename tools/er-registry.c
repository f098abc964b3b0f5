/* er-registry: the shared database of lending status across platforms (S1 of the second patent). */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "lib/reader.h"
#include "credit/registry.h"
#include "credit/registry_export.h"
#include "credit/registry_import.h"
#include "credit/registry_row.h"
#include "lib/writer.h"

enum {
	OPT_DB = ER_OPT_TOOL,
	OPT_PLATFORM,
	OPT_REJECTS,
	OPT_MAX_REJECTS,
	OPT_ASOF,
	OPT_BUSY_TIMEOUT,
	OPT_SCHEMA,
	OPT_ID_KEY,
	OPT_PLATFORM_ROLES
};

static const struct er_opt options[] = {
	{"db", 0, "DB", OPT_DB, "SQLite file or postgresql://... URL (default: {})", "$ER_REGISTRY_DB"},
	{"platform", 0, "P", OPT_PLATFORM, "the platform whose export is imported", NULL},
	{"rejects", 0, "FILE", OPT_REJECTS, "write rejected rows with line, field, reason and message to FILE", NULL},
	{"max-rejects", 0, "N", OPT_MAX_REJECTS, "import nothing when more than N rows are rejected", NULL},
	{"asof", 0, "DATE", OPT_ASOF,
         "export the status as it was at the end of DATE (or at\n"
         "DATE HH:MM:SS)",
         NULL},
	{"busy-timeout", 0, "MS", OPT_BUSY_TIMEOUT, "wait up to MS milliseconds for another writer (default {})",
         "30000"},
	{"schema", 0, "N", OPT_SCHEMA, "init: migrate up to schema version N (default: {})", "the newest"},
	{"id-key", 0, "FILE", OPT_ID_KEY,
         "the platforms' shared secret: subject ids are stored as\n"
         "keyed hashes (HMAC-SHA-256) under it",
         NULL},
	{"platform-roles", 0, "P1,P2", OPT_PLATFORM_ROLES,
         "init (PostgreSQL): a role per platform, each writing\n"
         "its own rows only",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-registry [--db DB] COMMAND [OPTION]... [ARG]...\n"
		 "The shared database of lending status across platforms: each platform's status of\n"
		 "each subject, its history, and each business's products and grade standards.\n"
		 "\n"
		 "Commands:\n"
		 "  init [--schema N] [--id-key FILE] [--platform-roles P1,P2,...]\n"
		 "                            create the schema, or migrate an older one\n"
		 "  migrate --id-key FILE     replace the raw subject ids by keyed hashes\n"
		 "  import --platform P [FILE]...\n"
		 "                            upsert a platform's status export (subject_id,status,\n"
		 "                            platform_grade,monthly_repayment,updated_at)\n"
		 "  products import [FILE]... upsert products (product,min_grade,min_monthly_repayment,\n"
		 "                            max_amount,annual_rate,term_months)\n"
		 "  products export           write the products table er-decide --products reads\n"
		 "  export [--asof DATE]      write the status per subject and platform that\n"
		 "                            er-decide --registry reads\n"
		 "  history SUBJECT           write one subject's changes on every platform\n"
		 "  imports                   write the record of every import\n"
		 "\n",
	.opts = options,
	.col = 27,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 ok, 1 some rows rejected, 2 usage, 3 database or I/O error,\n"
		  "4 out of memory.\n",
};

struct opts {
	const char *db, *platform, *rejects, *id_key, *platform_roles;
	er_registry_key *key;
	uint64_t max_rejects;
	int64_t asof;
	int busy_ms;
	int schema;
	unsigned closed_fds; /* er_cli_guard_std_fds */
	struct er_cli_io io;
};

static int
parse_count(const char *s, const char *opt, long long max, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > max)
		return er_usage_error("bad number '%s' for %s", s, opt);
	*out = v;
	return 0;
}

/* The platforms of --platform-roles (a copy of LIST split at commas) in *OUT, *N of them;
 * 0, or a usage error. */
static int
split_platforms(const char *list, char **copy, char ***out, size_t *n)
{
	*n = 0;
	*out = NULL;
	if (!(*copy = strdup(list)) || !(*out = calloc(strlen(list) / 2 + 2, sizeof **out))) {
		free(*copy);
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	for (char *save = NULL, *p = strtok_r(*copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		const char *why;
		if (er_registry_key_check(p, strlen(p), &why) != 0)
			return er_usage_error("bad platform '%s' in --platform-roles: %s", p, why);
		(*out)[(*n)++] = p;
	}
	if (*n == 0)
		return er_usage_error("no platform in --platform-roles '%s'", list);
	return 0;
}

static int
cmd_init(const struct opts *o, er_registry *reg)
{
	char err[ER_ERRLEN];
	int from, ignored;
	uint64_t none;
	int st = er_registry_migrate(reg, o->schema, &from, err);
	/* a new registry takes the key now; an old one keeps what it holds (migrate changes it) */
	if (st == 0 && o->key)
		st = from == 0 && o->schema == ER_REGISTRY_SCHEMA
			? er_registry_pseudonymise(reg, o->key, &none, &ignored, err)
			: er_registry_use_key(reg, o->key, 1, err);
	if (st == 0 && o->platform_roles) {
		char *copy, **platforms;
		size_t n;
		if ((st = split_platforms(o->platform_roles, &copy, &platforms, &n)) == 0)
			st = er_registry_platform_roles(reg, platforms, n, err);
		else
			err[0] = '\0';
		free(platforms);
		free(copy);
	}
	if (st != 0) {
		if (err[0])
			er_warn("%s", err);
		return st;
	}
	if (o->io.quiet)
		return 0;
	if (from == 0)
		er_warn("created registry '%s' at schema version %d%s", er_registry_name(reg), o->schema,
		        o->key ? ", subject ids pseudonymised" : "");
	else if (from < o->schema)
		er_warn("migrated registry '%s' from schema version %d to %d", er_registry_name(reg), from, o->schema);
	else
		er_warn("registry '%s' is at schema version %d already", er_registry_name(reg), from);
	if (o->platform_roles)
		er_warn("platform roles of registry '%s': %s", er_registry_name(reg), o->platform_roles);
	return 0;
}

static int
cmd_migrate(const struct opts *o, er_registry *reg)
{
	char err[ER_ERRLEN];
	int from;
	uint64_t n;
	int st = er_registry_pseudonymise(reg, o->key, &n, &from, err);
	if (st != 0) {
		er_warn("%s", err);
		return st;
	}
	if (!o->io.quiet)
		er_warn("pseudonymised %llu subject ids of registry '%s' (schema version %d to %d)",
		        (unsigned long long)n, er_registry_name(reg), from, ER_REGISTRY_SCHEMA);
	return 0;
}

static int
cmd_import(struct opts *o, er_registry *reg, char **files, size_t nfiles, int products)
{
	char err[ER_ERRLEN];
	int st;
	if ((st = er_cli_stdin_closed(o->closed_fds, files, nfiles)) != 0)
		return st;
	er_reader *in;
	o->io.in.checksum = 1;
	st = er_reader_open(&in, files, nfiles, &o->io.in, err);
	if (!in) {
		er_warn("%s", err);
		return st;
	}
	er_writer *rej = NULL;
	/* "-": standard output, which an import writes nothing else to */
	struct er_writer_opts ro = {ER_FMT_CSV, 0, 0, o->io.out.safe_csv};
	if (o->rejects && (st = er_writer_create(&rej, o->rejects, 0644, &ro, err)) != 0) {
		er_warn("%s", err);
		er_reader_close(in);
		return st;
	}
	struct er_diag diag = er_cli_diag();
	/* the record names every file read */
	char source[1024] = "-";
	for (size_t i = 0, n = 0; i < nfiles && n < sizeof source; i++)
		n += (size_t)snprintf(source + n, sizeof source - n, "%s%s", i ? "," : "", files[i]);
	struct er_registry_import_opts io = {o->platform, source, o->max_rejects, o->io.progress, &diag};
	struct er_registry_import_counts n;
	st = products ? er_registry_import_products(reg, in, rej, &io, &n)
		      : er_registry_import_status(reg, in, rej, &io, &n);
	er_reader_close(in);
	if (rej && er_writer_finish(rej, 0, err) && st != ER_EIO) {
		er_warn("%s", err);
		st = ER_EIO;
	}
	if (!o->io.quiet && (st == ER_OK || st == ER_EDATA)) {
		char older[48] = "";
		if (!products)
			snprintf(older, sizeof older, ", %llu older than stored", (unsigned long long)n.older);
		er_warn("%llu rows read, %llu inserted, %llu updated, %llu unchanged%s, %llu rejected%s",
		        (unsigned long long)n.read, (unsigned long long)n.inserted, (unsigned long long)n.updated,
		        (unsigned long long)n.unchanged, older, (unsigned long long)n.rejected,
		        n.rolled_back ? "; nothing imported" : "");
	}
	return st;
}

/* export, history and products export: a table on stdout. */
static int
cmd_write(struct opts *o, er_registry *reg, const char *what, const char *subject)
{
	char err[ER_ERRLEN];
	if (!o->io.out_format_set)
		o->io.out.format = ER_FMT_CSV;
	er_writer *w = er_writer_open(STDOUT_FILENO, "stdout", &o->io.out);
	if (!w) {
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	uint64_t rows = 0;
	int st = strcmp(what, "history") == 0  ? er_registry_export_history(reg, subject, w, &rows, err)
		: strcmp(what, "export") == 0  ? er_registry_export_status(reg, o->asof, w, &rows, err)
		: strcmp(what, "imports") == 0 ? er_registry_export_imports(reg, w, &rows, err)
					       : er_registry_export_products(reg, w, &rows, err);
	if (st != 0)
		er_warn("%s", err);
	if ((st = er_cli_finish(w, st)) != 0)
		return st;
	if (!o->io.quiet) {
		if (subject)
			er_warn("%llu changes of '%s'", (unsigned long long)rows, subject);
		else
			er_warn("%llu %s rows exported", (unsigned long long)rows,
			        strcmp(what, "export") == 0            ? "status"
			                : strcmp(what, "imports") == 0 ? "import"
			                                               : "product");
	}
	return 0;
}

/* Over 120 lines: one flat case per option of every subcommand (init, import, export, history),
 * then the dispatch; each case is one assignment or one check, which reads best unbroken. */
int
main(int argc, char **argv)
{
	er_set_progname("er-registry");
	struct opts o = {.db = getenv("ER_REGISTRY_DB"),
	                 .max_rejects = UINT64_MAX,
	                 .asof = INT64_MAX,
	                 .busy_ms = 30000,
	                 .schema = ER_REGISTRY_SCHEMA};
	er_cli_io_init(&o.io);
	/* the database must not take the place of a closed standard input or output */
	o.closed_fds = er_cli_guard_std_fds();
	int asof_given = 0;
	int opt;
	long long v;
	struct er_cli_args cli = {0};
	while ((opt = er_cli_next(&cli, argc, argv, &spec, &o.io)) != -1) {
		switch (opt) {
		case OPT_DB: o.db = optarg; break;
		case OPT_PLATFORM: o.platform = optarg; break;
		case OPT_REJECTS: o.rejects = optarg; break;
		case OPT_MAX_REJECTS:
			if (parse_count(optarg, "--max-rejects", INT64_MAX, &v))
				return ER_EUSAGE;
			o.max_rejects = (uint64_t)v;
			break;
		case OPT_BUSY_TIMEOUT:
			if (parse_count(optarg, "--busy-timeout", 86400000, &v))
				return ER_EUSAGE;
			o.busy_ms = (int)v;
			break;
		case OPT_ID_KEY: o.id_key = optarg; break;
		case OPT_PLATFORM_ROLES: o.platform_roles = optarg; break;
		case OPT_SCHEMA:
			if (parse_count(optarg, "--schema", ER_REGISTRY_SCHEMA, &v))
				return ER_EUSAGE;
			if (v < 1)
				return er_usage_error("bad number '%s' for --schema", optarg);
			o.schema = (int)v;
			break;
		case OPT_ASOF: {
			const char *why;
			int has_time;
			if (er_registry_time_parse(optarg, strlen(optarg), &o.asof, &has_time, &why) != 0)
				return er_usage_error("bad date '%s' for --asof: %s", optarg, why);
			if (!has_time)
				o.asof += 86399; /* the end of that day */
			asof_given = 1;
			break;
		}
		}
	}
	if (cli.status >= 0)
		return cli.status;
	char **args = argv + optind;
	size_t nargs = (size_t)(argc - optind);
	if (nargs == 0)
		return er_usage_error("no command (init, migrate, import, products, export, history or imports)");
	const char *cmd = args[0];
	int products = strcmp(cmd, "products") == 0;
	if (products) {
		if (nargs < 2 || (strcmp(args[1], "import") != 0 && strcmp(args[1], "export") != 0))
			return er_usage_error("products needs import or export");
		cmd = strcmp(args[1], "import") == 0 ? "products-import" : "products-export";
		args++;
		nargs--;
	}
	args++;
	nargs--;
	int is_init = strcmp(cmd, "init") == 0, is_import = strcmp(cmd, "import") == 0;
	int is_history = strcmp(cmd, "history") == 0, is_export = strcmp(cmd, "export") == 0;
	int is_migrate = strcmp(cmd, "migrate") == 0, is_imports = strcmp(cmd, "imports") == 0;
	if (!is_init && !is_import && !is_history && !is_export && !products && !is_migrate && !is_imports)
		return er_usage_error("unknown command '%s'", cmd);
	if (!o.db || !*o.db)
		return er_usage_error("no registry: give --db DB or set ER_REGISTRY_DB");
	if (is_import && !o.platform)
		return er_usage_error("import needs --platform");
	if (o.platform && !is_import)
		return er_usage_error("--platform applies to import only");
	const char *why;
	if (o.platform && er_registry_key_check(o.platform, strlen(o.platform), &why) != 0)
		return er_usage_error("bad --platform '%s': %s", o.platform, why);
	if ((o.rejects || o.max_rejects != UINT64_MAX) && !is_import && strcmp(cmd, "products-import") != 0)
		return er_usage_error("--rejects and --max-rejects apply to imports only");
	if (asof_given && !is_export)
		return er_usage_error("--asof applies to export only");
	if (o.schema != ER_REGISTRY_SCHEMA && !is_init)
		return er_usage_error("--schema applies to init only");
	if (is_history && nargs != 1)
		return er_usage_error("history needs one SUBJECT");
	if (is_migrate && !o.id_key)
		return er_usage_error("migrate needs --id-key");
	if (o.platform_roles && !is_init)
		return er_usage_error("--platform-roles applies to init only");
	if ((is_init || is_export || is_migrate || is_imports || strcmp(cmd, "products-export") == 0) && nargs > 0)
		return er_usage_error("unexpected argument '%s'", args[0]);

	if ((o.closed_fds & 2) && !is_init && !is_import && strcmp(cmd, "products-import") != 0) {
		er_warn("write error 'stdout': %s", strerror(EBADF));
		return ER_EIO;
	}
	char err[ER_ERRLEN];
	int st;
	if (o.id_key && (st = er_registry_key_load(&o.key, o.id_key, err)) != 0) {
		er_warn("%s", err);
		return st;
	}
	er_registry *reg;
	if ((st = er_registry_open(&reg, o.db, is_init, o.busy_ms, err)) != 0) {
		er_warn("%s", err);
		er_registry_key_free(o.key);
		return st;
	}
	/* the subjects that enter (imports, a history's argument) need the key; reading
	 * pseudonyms back does not */
	if (!is_init && !is_migrate &&
	    ((st = er_registry_check_schema(reg, err)) != 0 ||
	     (st = er_registry_use_key(reg, o.key, is_import || is_history, err)) != 0))
		er_warn("%s", err);
	else if (is_init)
		st = cmd_init(&o, reg);
	else if (is_migrate)
		st = cmd_migrate(&o, reg);
	else if (is_import || strcmp(cmd, "products-import") == 0)
		st = cmd_import(&o, reg, args, nargs, !is_import);
	else
		st = cmd_write(&o, reg,
		               is_history           ? "history"
		                       : is_export  ? "export"
		                       : is_imports ? "imports"
		                                    : "products",
		               is_history ? args[0] : NULL);
	er_registry_close(reg);
	er_registry_key_free(o.key);
	return st;
}

/* cli: the options every tool shares (formats, buffering, progress, quiet, safety),
 * so their spelling, help text and meaning are the same everywhere.
 * A tool's er_opt_spec (lib/opt.h) merges in er_cli_io_opts by the ER_IO_ groups it honours
 * and passes every option its switch does not know to er_cli_option. */
#ifndef ER_CLI_H
#define ER_CLI_H

#include <stdio.h>

#include "lib/diag.h"
#include "lib/opt.h"
#include "lib/reader.h"
#include "lib/writer.h"

/* Long-only option values shared by all tools; tool-specific ones start at ER_OPT_TOOL. */
enum er_cli_opt {
	ER_OPT_CSV = 0x1000,
	ER_OPT_TSV,
	ER_OPT_OUT_CSV,
	ER_OPT_OUT_TSV,
	ER_OPT_LINE_BUFFERED,
	ER_OPT_PROGRESS,
	ER_OPT_QUIET,
	ER_OPT_SAFE_CSV,
	ER_OPT_MAX_FIELD,
	ER_OPT_TSV_REPLACE,
	ER_OPT_VERSION,
	ER_OPT_HELP,
	ER_OPT_ENCODING,
	ER_OPT_NA,
	ER_OPT_TOOL = 0x1100
};

/* The groups of er_cli_io_opts a tool names in its spec; --help and --version are always in. */
enum er_cli_io_group {
	ER_IO_FORMAT = 1,    /* --csv --tsv: the input format (er-synth: the output format) */
	ER_IO_MAX_FIELD = 2, /* --max-field --encoding --na: the tool reads tables */
	ER_IO_WRITE = 4,     /* --output-csv --output-tsv --line-buffered --safe-csv --tsv-replace */
	ER_IO_PROGRESS = 8,  /* --progress */
	ER_IO_QUIET = 16     /* --quiet */
};

/* The shared options, ended by a NULL name. */
extern const struct er_opt_shared er_cli_io_opts[];

#define ER_VERSION "0.1.0"

struct er_cli_io {
	struct er_reader_opts in;
	struct er_writer_opts out;
	int out_format_set; /* 1 when --output-csv/--output-tsv was given */
	int progress;       /* --progress */
	int quiet;          /* --quiet */
};

/* Sets the defaults (formats sniffed, output follows input). Can't fail. */
void er_cli_io_init(struct er_cli_io *io);

/* Handles shared option OPT with argument ARG. Returns 1 when handled, 0 when OPT
 * is not a shared option, -1 on a bad argument (message printed) and 2 for --help
 * or --version, which the tool answers: --version is printed here, --help is not. */
int er_cli_io_option(struct er_cli_io *io, int opt, const char *arg);

/* Handles what a tool's option switch did not: the shared options, and er_opt_next's ':' (a
 * missing argument) and '?' (an unknown option). Returns -1 when option parsing goes on, else
 * the status main returns: 0 after --help (SPEC's help printed) or --version, ER_EIO when
 * stdout could not be written, ER_EUSAGE after a one-line usage message. */
int er_cli_option(struct er_cli_io *io, int opt, const char *arg, char *const *argv, const struct er_opt_spec *spec);

/* A tool's walk over its options (er_cli_next); start it zeroed: {0}. */
struct er_cli_args {
	struct er_opt_parser p;
	int begun;
	int status; /* after the walk: -1 main goes on, else the status main returns */
};

/* The next of the tool's own options (an id of SPEC->opts, optarg set) in ARGV; the parser is
 * built from SPEC on the first call. Everything else is handled here as er_cli_option does
 * (the shared options into IO, --help, --version, a missing argument, an unknown option).
 * Returns -1 at the end of the options or when main must stop: A->status is then -1 when
 * main goes on (optind at the operands), else the status main returns (0 after --help or
 * --version, ER_EUSAGE after a usage message, ER_EIO when stdout could not be written). */
int er_cli_next(struct er_cli_args *a, int argc, char *const *argv, const struct er_opt_spec *spec,
                struct er_cli_io *io);

/* The output format once the input format is known: forced, else the same as read. */
void er_cli_io_follow(struct er_cli_io *io, const er_reader *r);

/* Parses a size with optional K, M or G suffix into *OUT. Returns 0 or -1. */
int er_cli_parse_size(const char *s, size_t *out);

/* Splits the comma-separated list S in place and appends its items (pointers into S; empty
 * items are skipped) to the array *ITEMS of *N entries, which grows with realloc (the caller
 * frees the array, not the items). Returns 0, or -1 when out of memory. */
int er_cli_split_list(char *s, char ***items, size_t *n);

/* er_cli_parse_double without the message: 0, or ER_EUSAGE with the message in ERR
 * (ER_ERRLEN bytes), for option parsers outside a tool's file. */
int er_cli_double_value(const char *s, double lo, double hi, const char *name, double *out, char *err);

/* Parses the value S of option --NAME, a whole number (strict: no sign games, spaces or
 * fraction), into *OUT when it lies in [LO, HI]. Returns 0, or ER_EUSAGE with the message
 * "--NAME must be a whole number from LO to HI, not 'S'" in ERR (ER_ERRLEN bytes). */
int er_cli_int_value(const char *s, int lo, int hi, const char *name, int *out, char *err);

/* Parses the value S of option --NAME, a strict decimal or a ratio such as 1/19, into *OUT
 * when it lies in [LO, HI]. Returns 0, or ER_EUSAGE after a one-line usage message. */
int er_cli_parse_double(const char *s, double *out, double lo, double hi, const char *name);

/* Prints the usage text HELP to stdout and checks stdout. Returns 0, or ER_EIO
 * after an error message when stdout could not be written. */
int er_cli_print_help(const char *help);

/* Writes TEXT (LEN bytes) to stdout and checks stdout, as er_cli_print_help does. */
int er_cli_print_text(const char *text, size_t len);

/* The tool's destination for the library's messages: each is printed with er_warn. */
struct er_diag er_cli_diag(void);

/* Opens /dev/null on each of descriptors 0, 1 and 2 that is closed, so that a file the tool
 * opens later (a database, a side table) does not take its number and get read as standard
 * input or written as standard output. Returns a mask, bit N set when descriptor N was
 * closed; the caller reports a closed standard input it would read (er_cli_stdin_closed). */
unsigned er_cli_guard_std_fds(void);

/* Reports standard input closed at start (MASK from er_cli_guard_std_fds) when PATHS[0..N-1]
 * read it (no paths, or "-"), like a read of the closed descriptor. Returns ER_EIO then,
 * else 0. */
int er_cli_stdin_closed(unsigned mask, char *const *paths, size_t n);

/* Refuses "-" (standard output) as the FILE of option --NAME in a tool whose table already
 * goes to standard output: the two would interleave. Returns 0 when PATH is NULL or another
 * name, else ER_EUSAGE after a one-line usage message. */
int er_cli_refuse_stdout(const char *name, const char *path);

/* Finishes standard output: flushes and frees W (NULL when the run closed its own writer),
 * then closes fd 1 so a late failure is seen. A failure is reported once and makes the
 * status ER_EIO when STATUS was ER_OK or ER_EDATA (the output was the run's product); a run
 * that already failed otherwise reported its cause and keeps its status. Returns the final
 * status. */
int er_cli_finish(er_writer *w, int status);

#endif

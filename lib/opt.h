/* opt: one option table per tool drives getopt_long, the option lines of --help and (through
 * tests/cli/docs/help-vs-man) the OPTIONS section of the man page, so the three cannot drift.
 * A tool's table may be followed by entries of a shared table (lib/cli.h's I/O options),
 * merged in by the groups the tool names: a tool accepts only the options it honours. */
#ifndef ER_OPT_H
#define ER_OPT_H

#include <getopt.h>
#include <stdio.h>

/* The most options one tool may have, its own and the shared ones together. */
#define ER_OPT_MAX 96

/* The column where help text starts when a spec does not say; the shared options use it. */
#define ER_OPT_HELP_COL 25

struct er_opt {
	const char *name; /* long name, without the dashes; NULL ends a table; "" makes the
	                     * entry a line of --help text, not an option (ER_OPT_TEXT) */
	int letter;       /* short option letter, or 0 */
	const char *arg;  /* the argument's name in --help, or NULL for a flag */
	int id;           /* what er_opt_next returns for the option, long or short */
	const char *help; /* --help text; '\n' starts an indented line; "{}" shows DEF; NULL
	                     * prints the name on the line of the next entry ("--csv, --tsv") */
	const char *def;  /* the default, shown where the help text has "{}", or NULL */
};

/* A line of --help text among the options (a heading such as "Input:", or "" for a blank
 * line), for a tool whose options fall into groups. */
#define ER_OPT_TEXT(line) \
	{ \
		"", 0, NULL, 0, line, NULL \
	}

/* An entry of a table several tools share, in the group a spec selects it by (0: always). */
struct er_opt_shared {
	struct er_opt opt;
	unsigned group;
};

struct er_opt_spec {
	const char *usage;                  /* --help text before the option lines */
	const struct er_opt *opts;          /* the tool's own options */
	int col;                            /* column of their help text (0: ER_OPT_HELP_COL) */
	const struct er_opt_shared *shared; /* a shared table ended by a NULL name, or NULL */
	unsigned groups;                    /* the shared groups the tool honours */
	const char *epilog;                 /* --help text after the option lines, or NULL */
};

/* The getopt_long tables built from a spec; filled by er_opt_begin, no resources held. */
struct er_opt_parser {
	struct option longs[ER_OPT_MAX + 1];
	char shorts[2 * ER_OPT_MAX + 2];
	const struct er_opt *by_letter[128];
};

/* The long name of option ID in the table OPTS (ended by a NULL name), or NULL when no
 * entry has that id. Can't fail. */
const char *er_opt_name(const struct er_opt *opts, int id);

/* Builds P's getopt tables from SPEC. Returns 0, or -1 with a message in ERR (ER_ERRLEN
 * bytes) when the tables have more than ER_OPT_MAX options or a letter twice: a bug. */
int er_opt_begin(struct er_opt_parser *p, const struct er_opt_spec *spec, char *err);

/* getopt_long over ARGV with P's tables and opterr off: returns the id of the option found
 * (optarg set), ':' for a missing argument, '?' for an unknown option, -1 at the end. */
int er_opt_next(const struct er_opt_parser *p, int argc, char *const *argv);

/* Writes SPEC's --help text (usage, option lines, epilog) to F. The caller checks F. */
void er_opt_print_help(FILE *f, const struct er_opt_spec *spec);

/* Whether SPEC accepts entry O of its shared table. */
int er_opt_spec_has_shared(const struct er_opt_spec *spec, const struct er_opt_shared *o);

#endif

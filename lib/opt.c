/* opt: getopt_long tables and --help lines from one option table. */
#include "lib/opt.h"

#include <string.h>

#include "lib/err.h"

int
er_opt_spec_has_shared(const struct er_opt_spec *spec, const struct er_opt_shared *o)
{
	return o->group == 0 || (o->group & spec->groups) != 0;
}

/* Adds O to P's tables at position *N. Returns 0 or -1 (message in ERR). */
static int
add(struct er_opt_parser *p, size_t *n, const struct er_opt *o, char *err)
{
	if (*n >= ER_OPT_MAX)
		return er_fail(err, -1, "more than %d options in the table", ER_OPT_MAX);
	p->longs[*n] = (struct option){o->name, o->arg ? required_argument : no_argument, NULL, o->id};
	(*n)++;
	if (o->letter) {
		if (o->letter <= 0 || o->letter >= 128 || p->by_letter[o->letter])
			return er_fail(err, -1, "option letter '%c' twice in the table", o->letter);
		p->by_letter[o->letter] = o;
		size_t len = strlen(p->shorts);
		p->shorts[len++] = (char)o->letter;
		if (o->arg)
			p->shorts[len++] = ':';
		p->shorts[len] = '\0';
	}
	return 0;
}

int
er_opt_begin(struct er_opt_parser *p, const struct er_opt_spec *spec, char *err)
{
	memset(p, 0, sizeof *p);
	/* a leading ':' makes getopt report a missing argument as ':', apart from unknown '?' */
	p->shorts[0] = ':';
	size_t n = 0;
	for (const struct er_opt *o = spec->opts; o && o->name; o++)
		if (*o->name && add(p, &n, o, err) != 0)
			return -1;
	for (const struct er_opt_shared *o = spec->shared; o && o->opt.name; o++)
		if (er_opt_spec_has_shared(spec, o) && add(p, &n, &o->opt, err) != 0)
			return -1;
	return 0;
}

int
er_opt_next(const struct er_opt_parser *p, int argc, char *const *argv)
{
	opterr = 0; /* the caller reports ':' and '?' in the shared message format */
	int c = getopt_long(argc, argv, p->shorts, p->longs, NULL);
	if (c > 0 && c < 128 && c != ':' && c != '?' && p->by_letter[c])
		return p->by_letter[c]->id;
	return c;
}

/* Writes S to F, indenting each line after a '\n' to COL; "{}" in S writes DEF the same way. */
static void
put_text(FILE *f, const char *s, const char *def, int col)
{
	for (; *s; s++) {
		if (s[0] == '{' && s[1] == '}' && def) {
			put_text(f, def, NULL, col);
			s++;
		} else if (*s == '\n') {
			fprintf(f, "\n%*s", col, "");
		} else {
			fputc(*s, f);
		}
	}
}

/* Writes the option line(s) of O with help at COL; *WIDTH is that of the names already on
 * the line (an entry without help shares the next entry's line). */
static void
print_opt(FILE *f, const struct er_opt *o, int col, int *width)
{
	if (!*o->name) {
		fprintf(f, "%s\n", o->help);
		return;
	}
	if (*width == 0)
		*width = o->letter ? fprintf(f, "  -%c, ", o->letter) : fprintf(f, "      ");
	else
		*width += fprintf(f, ", ");
	*width += fprintf(f, "--%s", o->name);
	if (o->arg)
		*width += fprintf(f, " %s", o->arg);
	if (!o->help)
		return;
	if (*width < col)
		fprintf(f, "%*s", col - *width, "");
	else
		fprintf(f, "\n%*s", col, "");
	put_text(f, o->help, o->def, col);
	fputc('\n', f);
	*width = 0;
}

void
er_opt_print_help(FILE *f, const struct er_opt_spec *spec)
{
	if (spec->usage)
		fputs(spec->usage, f);
	int width = 0;
	for (const struct er_opt *o = spec->opts; o && o->name; o++)
		print_opt(f, o, spec->col ? spec->col : ER_OPT_HELP_COL, &width);
	for (const struct er_opt_shared *o = spec->shared; o && o->opt.name; o++)
		if (er_opt_spec_has_shared(spec, o))
			print_opt(f, &o->opt, ER_OPT_HELP_COL, &width);
	if (spec->epilog)
		fputs(spec->epilog, f);
}

const char *
er_opt_name(const struct er_opt *opts, int id)
{
	for (; opts->name; opts++)
		if (opts->name[0] && opts->id == id)
			return opts->name;
	return NULL;
}

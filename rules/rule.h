/* rule: verification rule sets (阈值区间 rules of the post-loan verification model).
 *
 * A rules file is CSV (see er-rules(5)) with the columns rule, indicator, condition, severity,
 * message and an optional group; '#' lines are comments. A header line naming those columns
 * is optional (without it the order above is used). The condition is in the language of
 * rule_cond.h; its tests without a name test the rule's indicator. An empty indicator means
 * the first name in the condition. The built-in default set is the same format. */
#ifndef ER_RULE_H
#define ER_RULE_H

#include <stddef.h>

#include "rules/rule_cond.h"

enum er_rule_severity { ER_SEV_NONE = 0, ER_SEV_INFO = 1, ER_SEV_WARN = 2, ER_SEV_FAIL = 3 };

struct er_rule {
	char *id;
	char *indicator; /* the name whose value is reported */
	char *condition; /* as written */
	enum er_rule_severity severity;
	char *message;
	char *group;        /* "" when not given */
	unsigned long line; /* line in the rules file */
	er_rule_cond *cond;
	size_t indicator_slot; /* the indicator's slot once bound, else (size_t)-1 */
};

struct er_rule_set {
	struct er_rule *rules;
	size_t n;
	char *source; /* file name for messages */
};

/* The severity called NAME (info, warn, fail), or ER_SEV_NONE. */
enum er_rule_severity er_rule_severity_parse(const char *name);

/* "info", "warn", "fail", or "" for ER_SEV_NONE. */
const char *er_rule_severity_name(enum er_rule_severity s);

/* Parses a rules file held in TEXT[0..LEN-1], named SOURCE in messages, into *OUT (free it
 * with er_rule_set_free). Returns 0, or ER_EDATA or ER_ENOMEM with ERR ("bad condition ...
 * (file F, line N)") and *OUT NULL. */
int er_rule_set_parse(struct er_rule_set **out, const char *text, size_t len, const char *source, char *err);

/* Reads the rules file PATH, or the built-in set when PATH is "default", into *OUT. Returns 0,
 * or ER_EIO (cannot read), ER_EDATA (bad rule) or ER_ENOMEM with ERR (*OUT NULL). */
int er_rule_set_load(struct er_rule_set **out, const char *path, char *err);

/* The built-in default rule set, as rules-file text. */
const char *er_rule_default_text(void);

/* Looks a name up in the input: returns its column (slot), or -1 when the input lacks it. */
typedef long (*er_rule_lookup_fn)(const char *name, void *ctx);

/* Binds every name of every rule with LOOKUP. Returns 0, or ER_EDATA with "rule 'ID' names
 * indicator 'X' that the input lacks (file F, line N)" in ERR for the first unknown name.
 * With DROP_MISSING, rules naming an absent indicator are removed instead (their number in
 * *DROPPED, may be NULL) and the first is described in ERR. */
int er_rule_set_bind(struct er_rule_set *rs, er_rule_lookup_fn lookup, void *ctx, int drop_missing, size_t *dropped,
                     char *err);

/* Writes RS as a rules file with a header line into a malloc'd NUL-terminated string, which
 * the caller frees. Returns NULL when out of memory. */
char *er_rule_set_format(const struct er_rule_set *rs);

/* Frees RS (may be NULL). */
void er_rule_set_free(struct er_rule_set *rs);

#endif

/* profile_tags: the S2 tag pipeline of er-profile. Raw tags come from several sources
 * (subject_id,source,tag,value); the synonym library (source,tag,canonical) maps each
 * source's names to one canonical tag, fusing categories across sources; the scenario
 * table (scenario,canonical,attribute) keeps the tags strongly relevant to one business
 * scenario and says which attribute each feeds. Without a scenario table a canonical tag
 * named like an attribute feeds it. Several tags feeding one attribute are summed, except
 * priority_level, where the worst (largest) level counts. */
#ifndef ER_PROFILE_TAGS_H
#define ER_PROFILE_TAGS_H

#include <stddef.h>

#include "credit/profile.h"
#include "lib/diag.h"
#include "lib/reader.h"

typedef struct er_profile_tags er_profile_tags;

/* An empty tag set, or NULL when out of memory. Free with er_profile_tags_free. */
er_profile_tags *er_profile_tags_new(void);

/* Reads the synonym library PATH. Bad rows are reported to D and added to *ERRORS.
 * Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_profile_tags_load_synonyms(const struct er_diag *d, er_profile_tags *t, const char *path,
                                  const struct er_reader_opts *o, unsigned long *errors, char *err);

/* Reads the rows of scenario NAME from the scenario table PATH; as above. */
int er_profile_tags_load_scenario(const struct er_diag *d, er_profile_tags *t, const char *path, const char *name,
                                  const struct er_reader_opts *o, unsigned long *errors, char *err);

/* Reads the tags PATH (after the synonyms and the scenario) and sums them per subject.
 * A value that is not a number is reported, counted and noted in the subject's problems;
 * tags feeding no attribute are counted in *IGNORED. Returns 0, ER_EIO or ER_ENOMEM. */
int er_profile_tags_load(const struct er_diag *d, er_profile_tags *t, const char *path, const struct er_reader_opts *o,
                         unsigned long *errors, unsigned long *ignored, char *err);

/* Fills the unknown attributes of subject ID from its tags, appends its tag problems
 * and marks it used. Returns 1 when the subject has tags, else 0. */
int er_profile_tags_apply(er_profile_tags *t, const char *id, size_t len, double attr[ER_ATTR_COUNT], char *problems);

/* Reports every subject with tags that no er_profile_tags_apply used, with the file and
 * line of its first tag, to D (ids masked when MASK_PII). Returns how many. */
unsigned long er_profile_tags_report_unused(const struct er_diag *d, const er_profile_tags *t, int mask_pii);

/* Frees T (may be NULL). */
void er_profile_tags_free(er_profile_tags *t);

#endif

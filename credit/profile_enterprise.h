/* profile_enterprise: er-features and er-score output as er-profile reads it for
 * enterprises (--from-features, --scores): per entity id, the indicators of
 * struct er_profile_features. A later row for the same id replaces an earlier one
 * (er-features --stream writes updates). */
#ifndef ER_PROFILE_ENTERPRISE_H
#define ER_PROFILE_ENTERPRISE_H

#include <stddef.h>

#include "credit/profile.h"
#include "lib/diag.h"
#include "lib/reader.h"

typedef struct er_profile_enterprise er_profile_enterprise;

/* An empty table, or NULL when out of memory. */
er_profile_enterprise *er_profile_enterprise_new(void);

/* Reads er-features output PATH (id and any of usage.kwh_mean_12m, usage.months_covered_12m,
 * pay.late_count_12m, pay.on_time_rate_12m). Bad numbers are reported to D, counted in *ERRORS
 * and left unknown. Returns 0, ER_EIO or ER_ENOMEM with ERR. */
int er_profile_enterprise_load_features(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                        const struct er_reader_opts *o, unsigned long *errors, char *err);

/* Reads er-score output PATH (id, grade A-D); ids without features get a row too. */
int er_profile_enterprise_load_scores(const struct er_diag *d, er_profile_enterprise *e, const char *path,
                                      const struct er_reader_opts *o, unsigned long *errors, char *err);

/* Number of entities. */
size_t er_profile_enterprise_count(const er_profile_enterprise *e);

/* Entity I's id, or NULL. */
const char *er_profile_enterprise_id(const er_profile_enterprise *e, size_t i);

/* Entity I's indicators (I < count). */
const struct er_profile_features *er_profile_enterprise_get(const er_profile_enterprise *e, size_t i);

/* The number of entity ID, or -1. */
long er_profile_enterprise_find(const er_profile_enterprise *e, const char *id, size_t len);

/* Frees E (may be NULL). */
void er_profile_enterprise_free(er_profile_enterprise *e);

#endif

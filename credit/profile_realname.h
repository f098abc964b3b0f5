/* profile_realname: the real-name registry of er-profile --identity (id_number,phone,name):
 * an ID number and a phone pass only when they appear together in one row, and when both
 * sides give a name, the names are equal. Mobile numbers match with or without +86. */
#ifndef ER_PROFILE_REALNAME_H
#define ER_PROFILE_REALNAME_H

#include <stddef.h>

#include "lib/diag.h"
#include "lib/reader.h"

typedef struct er_profile_realname er_profile_realname;

/* Reads PATH into *OUT (free it with er_profile_realname_free). Bad rows are reported to D and
 * counted in *ERRORS. Returns 0, or ER_EIO or ER_ENOMEM with ERR and *OUT NULL. */
int er_profile_realname_load(const struct er_diag *d, er_profile_realname **out, const char *path,
                             const struct er_reader_opts *o, unsigned long *errors, char *err);

/* 1 when ID and PHONE are registered together (and NAME, when both sides have one, agrees);
 * else 0 with a short reason in WHY (ER_ERRLEN). */
int er_profile_realname_check(const er_profile_realname *rn, const char *id, size_t idlen, const char *phone,
                              size_t phonelen, const char *name, char *why);

/* Frees RN (may be NULL). */
void er_profile_realname_free(er_profile_realname *rn);

#endif

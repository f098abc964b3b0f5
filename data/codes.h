/* codes: a utility's own code values mapped to canonical ones, from a CSV file with the
 * header field,raw,canonical (e.g. finding,01,theft or pay_method,代扣,bank). A field with
 * listed codes (finding, type, status) must map to one of them; a free-text field such as
 * pay_method takes the canonical text as given. */
#ifndef ER_CODES_H
#define ER_CODES_H

#include <stddef.h>

#include "data/schema.h"

typedef struct er_codes er_codes;

/* Loads PATH for the fields of S (rows naming a field of another table are kept out;
 * a field no table has is an error). Returns ER_OK and *OUT (free with er_codes_free),
 * ER_EIO when PATH cannot be read, ER_EUSAGE for a bad row, ER_ENOMEM; ERR says which
 * file, line and field. */
int er_codes_load(er_codes **out, const char *path, const struct er_schema *s, char *err);

/* The canonical value of RAW[0..LEN-1] in field F of the schema (its index), or NULL when
 * the file does not list it. Owned by C. */
const char *er_codes_map(const er_codes *c, size_t f, const char *raw, size_t len);

/* Frees C (may be NULL). */
void er_codes_free(er_codes *c);

#endif

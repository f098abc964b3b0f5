/* partition: which of N partitions an account or an enterprise falls in, for scale-out.
 *
 * er-ingest --partition splits the exports and er-features --partition writes the rows of
 * one partition with the same keys, so N jobs over the partitions write together exactly the
 * rows of one run. By account, the key is the account id. By enterprise, it is the
 * enterprise key of the account's unified social credit code: every account that
 * er-features --by enterprise puts in one enterprise (the same code, or a legacy
 * organization code matched to an applicant's code) has the same key, so an enterprise never
 * straddles two partitions. An account without a code is an enterprise of its own, keyed by
 * its account id. */
#ifndef ER_PARTITION_H
#define ER_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"

/* The enterprise key of the code USCC[0..LEN-1] (compared form, er_ident_norm_uscc): the
 * organization code embedded at characters 9-17 of an 18-character code, the 9 characters of
 * a legacy organization code (a '-' before its check character dropped), else the code as
 * it is; letters in upper case. Sets *KEY (into BUF when rewritten) and returns its length.
 * Can't fail. */
size_t er_partition_enterprise_key(const char *uscc, size_t len, char buf[16], const char **key);

/* The partition (0..N-1, N > 0) of the account ACCOUNT[0..ALEN-1] whose code is
 * USCC[0..ULEN-1]: by the account id, or with BY_ENTERPRISE by the enterprise key of the
 * code (of the account id when ULEN is 0). Can't fail. */
uint64_t er_partition_of(const char *account, size_t alen, const char *uscc, size_t ulen, int by_enterprise,
                         uint64_t n);

/* The code of each account, from an accounts table, for partitioning other tables by
 * enterprise. */
typedef struct er_partition_map er_partition_map;

/* Loads the columns account_id and uscc of the accounts table PATH (er-ingest --kind accounts
 * output) into *OUT; malformed rows go to D and are skipped, an account given twice keeps its
 * first code. Returns 0, or with ERR and *OUT NULL: ER_EIO (cannot open or read, or a column
 * missing) or ER_ENOMEM. The caller frees *OUT with er_partition_map_free. */
int er_partition_map_load(er_partition_map **out, const char *path, const struct er_diag *d, char *err);

/* The code (compared form) of ACCOUNT[0..LEN-1] in *ULEN bytes, or "" (0) when the table has
 * none. Valid until M is freed. */
const char *er_partition_map_code(const er_partition_map *m, const char *account, size_t len, size_t *ulen);

/* Frees M (may be NULL). */
void er_partition_map_free(er_partition_map *m);

#endif

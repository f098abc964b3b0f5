/* registry_export: the registry written as tables: the current status per subject and
 * platform (the registry table er-decide --registry reads), one subject's history, and
 * the products table er-decide --products reads. */
#ifndef ER_REGISTRY_EXPORT_H
#define ER_REGISTRY_EXPORT_H

#include <stdint.h>

#include "credit/registry.h"
#include "lib/writer.h"

/* Writes subject_id,platform,status,platform_grade,monthly_repayment to W, by subject then
 * platform; ASOF as in er_registry_each_status. *ROWS counts the rows written. Returns 0,
 * or ER_EIO with ERR (database or write failure). */
int er_registry_export_status(er_registry *reg, int64_t asof, er_writer *w, uint64_t *rows, char *err);

/* Writes subject_id,platform,updated_at,status,platform_grade,monthly_repayment,
 * previous_status,import_id for SUBJECT, oldest first. Returns as above. */
int er_registry_export_history(er_registry *reg, const char *subject, er_writer *w, uint64_t *rows, char *err);

/* Writes product,min_grade,min_monthly_repayment,max_amount,annual_rate,term_months.
 * Returns as above. */
int er_registry_export_products(er_registry *reg, er_writer *w, uint64_t *rows, char *err);

/* Writes id,kind,platform,source,checksum,actor,imported_at,rows_read,inserted,updated,
 * unchanged,older,rejected for every import (counts empty before schema 3). Returns as
 * above. */
int er_registry_export_imports(er_registry *reg, er_writer *w, uint64_t *rows, char *err);

#endif

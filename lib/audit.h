/* audit: the audit trail of er-decide and er-alert: one JSON line per decision or alert,
 * appended to an append-only log (applog.h: O_APPEND, mode 0600, a file others may write is
 * refused). Every line starts with what the run shares, in this order:
 *
 *   {"time":"2026-12-05T06:40:00Z","tool":"er-decide","inputs":{"apps.csv":"<xxh3>",...},
 *    "policy_id":"<xxh3>", ...then the caller's members...}
 *
 * time is UTC when the line was made; inputs name each input file with the XXH3-64 of its
 * bytes (null for standard input, which cannot be read twice); the ids name the model or
 * policy that decided. Lines are written in batches of ER_AUDIT_BATCH, each batch one write
 * and an fsync, and the last at er_audit_close: a crash loses at most the batch being made,
 * never half a line of an earlier one. er-eval --audit reads the file back. */
#ifndef ER_AUDIT_H
#define ER_AUDIT_H

#include <stddef.h>

#include "lib/buf.h"

#define ER_AUDIT_BATCH 4096

typedef struct er_audit er_audit;

/* Opens the audit log PATH for TOOL ("er-decide"). Returns 0, or ER_EIO (cannot open, or a
 * file others may write) / ER_ENOMEM with ERR; *OUT is NULL then. Close with er_audit_close. */
int er_audit_open(er_audit **out, const char *path, const char *tool, char *err);

/* Adds input file PATH ("-": standard input, no checksum) to what every line says. Call before
 * the first line. Returns 0, or ER_EIO (cannot read it) / ER_ENOMEM with ERR. */
int er_audit_input(er_audit *a, const char *path, char *err);

/* Adds member KEY ("model_id", "policy_id") with VALUE to what every line says. Call before the
 * first line. Returns 0 or ER_ENOMEM with ERR. */
int er_audit_id(er_audit *a, const char *key, const char *value, char *err);

/* Starts a line: the shared members are in the buffer returned; the caller adds its own with
 * er_jsonl_* and then calls er_audit_commit. Returns NULL when out of memory. */
struct er_buf *er_audit_line(er_audit *a);

/* Ends the line started by er_audit_line and queues it; a full batch is written and synced.
 * Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
int er_audit_commit(er_audit *a, char *err);

/* Writes what is queued, syncs and closes A (nothing when A is NULL). Returns 0, or ER_EIO
 * with ERR; A is freed either way. */
int er_audit_close(er_audit *a, char *err);

#endif

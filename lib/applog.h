/* applog: an append-only log file (er-alert's history, the audit trail of er-decide and
 * er-alert). Opened with O_APPEND, so every append lands at the end even with several writers
 * at once, and a whole line given to one append is written by one write(2) when the system
 * allows, never interleaved with another writer's. Created with mode 0600: a log of decisions
 * names people and must not be readable, let alone writable, by others; an existing file that
 * the group or others may write is refused rather than trusted. */
#ifndef ER_APPLOG_H
#define ER_APPLOG_H

#include <stddef.h>

/* Opens PATH for appending, creating it with mode 0600; when it is empty, HEADER (NULL: none)
 * is written first. NOUN names the log in messages ("history", "audit"). Returns the file
 * descriptor, or -1 with ERR (ER_ERRLEN bytes): it cannot be opened, it is not a regular file,
 * or the group or others may write it. */
int er_applog_open(const char *path, const char *noun, const char *header, char *err);

/* Appends S[0..LEN-1] to the log FD. Returns 0, or ER_EIO with ERR. */
int er_applog_append(int fd, const char *s, size_t len, const char *path, const char *noun, char *err);

/* Flushes what was appended to FD to the disk (fsync). Returns 0, or ER_EIO with ERR. */
int er_applog_sync(int fd, const char *path, const char *noun, char *err);

/* Syncs and closes FD (nothing when FD < 0). Returns 0, or ER_EIO with ERR. */
int er_applog_close(int fd, const char *path, const char *noun, char *err);

#endif

/* atomicfile: replacing a small file so that a crash at any moment leaves the old or the new
 * contents, never a mix: written with mode 0600 to a temporary file of a unique name in the
 * same directory (".BASE.XXXXXX.tmp"), synced, renamed over the old one and the directory
 * synced. State files (er-alert --state, er-features --state) are written this way. */
#ifndef ER_ATOMICFILE_H
#define ER_ATOMICFILE_H

#include <stddef.h>

/* Called after half of the file is written and synced; tests use it to stop the writer
 * there. TMP_PATH is the temporary file. */
typedef void (*er_atomicfile_hook)(const char *tmp_path);

/* Replaces PATH by DATA[0..LEN-1] as described above; WHAT names the file in messages ("state
 * file"). HOOK may be NULL. Returns 0, or ER_EIO (message in ERR; the old file is untouched and
 * the temporary file removed), ER_ENOMEM. */
int er_atomicfile_replace(const char *path, const void *data, size_t len, const char *what, er_atomicfile_hook hook,
                          char *err);

/* Removes the temporary files a killed writer of PATH left beside it. Call it only while
 * holding a lock that keeps other writers of PATH out. Can't fail. */
void er_atomicfile_remove_stale(const char *path);

#endif

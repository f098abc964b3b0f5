/* atomicfile: write-temp, fsync, rename, fsync-directory replacement of a file. */
#include "lib/atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
er_atomicfile_replace(const char *path, const void *data, size_t len, const char *what_file, er_atomicfile_hook hook,
                      char *err)
{
	const char *p = data;
	/* the temporary file must be in the same directory for rename to be atomic */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	const char *base = slash ? slash + 1 : path;
	size_t tlen = strlen(path) + 24;
	char *tmp = malloc(tlen);
	char *dir = malloc(dirlen + 2);
	if (!tmp || !dir) {
		free(tmp);
		free(dir);
		return er_fail(err, ER_ENOMEM, "out of memory writing %s '%s'", what_file, path);
	}
	if (slash) {
		memcpy(dir, path, dirlen);
		dir[dirlen] = '\0';
		if (dirlen == 0)
			strcpy(dir, "/");
		snprintf(tmp, tlen, "%s/.%s.XXXXXX.tmp", dirlen ? dir : "", base);
	} else {
		strcpy(dir, ".");
		snprintf(tmp, tlen, ".%s.XXXXXX.tmp", base);
	}
	int status = 0;
	const char *what = "cannot create";
	const char *subject = tmp;
	/* a name of its own, so two writers never remove or rename each other's file */
	int fd = mkstemps(tmp, 4);
	if (fd < 0) {
		status = er_fail(err, ER_EIO, "%s %s '%s': %s", what, what_file, subject, strerror(errno));
		free(tmp);
		free(dir);
		return status;
	}
	what = "write error";
	size_t half = len / 2;
	if (write_all(fd, p, half) < 0 || fsync(fd) < 0)
		goto io_fail;
	if (hook)
		hook(tmp);
	if (write_all(fd, p + half, len - half) < 0 || fsync(fd) < 0)
		goto io_fail;
	if (close(fd) < 0) {
		fd = -1;
		goto io_fail;
	}
	fd = -1;
	what = "cannot rename";
	subject = path;
	if (rename(tmp, path) < 0)
		goto io_fail;
	/* the rename itself is only durable once the directory is synced */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) < 0 && errno != EINVAL)
			status = er_fail(err, ER_EIO, "cannot sync directory '%s': %s", dir, strerror(errno));
		close(dfd);
	}
	free(tmp);
	free(dir);
	return status;
io_fail:
	status = er_fail(err, ER_EIO, "%s %s '%s': %s", what, what_file, subject, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	free(dir);
	return status;
}

void
er_atomicfile_remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base), dlen = slash ? (size_t)(slash - path) + 1 : 0;
	char *dirname = strndup(slash ? path : ".", slash ? dlen : 1);
	DIR *d = dirname ? opendir(dirname) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		if (len != blen + 12 || n[0] != '.' || memcmp(n + 1, base, blen) != 0 || n[1 + blen] != '.' ||
		    memcmp(n + len - 4, ".tmp", 4) != 0)
			continue;
		char *full = malloc(dlen + len + 1);
		if (!full)
			break;
		memcpy(full, path, dlen);
		memcpy(full + dlen, n, len + 1);
		unlink(full);
		free(full);
	}
	if (d)
		closedir(d);
	free(dirname);
}

/* applog: append-only log files. */
#include "lib/applog.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/err.h"

static int
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

int
er_applog_open(const char *path, const char *noun, const char *header, char *err)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	struct stat st;
	if (fd < 0) {
		er_fail(err, ER_EIO, "cannot open %s '%s': %s", noun, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		er_fail(err, ER_EIO, "cannot open %s '%s': %s", noun, path, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		er_fail(err, ER_EIO, "%s '%s' is not a regular file", noun, path);
	} else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		er_fail(err, ER_EIO, "%s '%s' may be written by others (mode %03o): chmod go-w it first", noun, path,
		        (unsigned)(st.st_mode & 0777));
	} else if (st.st_size == 0 && header && write_all(fd, header, strlen(header)) < 0) {
		er_fail(err, ER_EIO, "write error %s '%s': %s", noun, path, strerror(errno));
	} else {
		return fd;
	}
	close(fd);
	return -1;
}

int
er_applog_append(int fd, const char *s, size_t len, const char *path, const char *noun, char *err)
{
	if (write_all(fd, s, len) < 0)
		return er_fail(err, ER_EIO, "write error %s '%s': %s", noun, path, strerror(errno));
	return 0;
}

int
er_applog_sync(int fd, const char *path, const char *noun, char *err)
{
	/* EINVAL: a file that cannot be synced (a pipe, /dev/null) has nothing to lose */
	if (fsync(fd) < 0 && errno != EINVAL)
		return er_fail(err, ER_EIO, "write error %s '%s': %s", noun, path, strerror(errno));
	return 0;
}

int
er_applog_close(int fd, const char *path, const char *noun, char *err)
{
	if (fd < 0)
		return 0;
	int st = er_applog_sync(fd, path, noun, err);
	if (close(fd) < 0 && !st)
		st = er_fail(err, ER_EIO, "write error %s '%s': %s", noun, path, strerror(errno));
	return st;
}

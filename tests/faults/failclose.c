/* failclose: an LD_PRELOAD shim for fault tests, never linked into a tool.
 * With ER_FAIL_CLOSE=FD in the environment, close(FD) closes the descriptor and then fails
 * with EIO, as a file system that reports a deferred write error only at close does (NFS,
 * a full quota on some network file systems). A test checks that a tool sees that error on
 * its standard output instead of exiting 0 with its product lost. */
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int
close(int fd)
{
	const char *v = getenv("ER_FAIL_CLOSE");
	long rc = syscall(SYS_close, fd);
	if (rc == 0 && v && *v && atoi(v) == fd) {
		errno = EIO;
		return -1;
	}
	return (int)rc;
}

#define _GNU_SOURCE
#include "CSystem.h"
#include <errno.h>
#include <fcntl.h>

int cap_start_writeback(int fd, long long offset, long long length) {
#if defined(__linux__)
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE) == 0 ? 0 : errno;
#else
    (void)fd; (void)offset; (void)length;
    return 0;
#endif
}

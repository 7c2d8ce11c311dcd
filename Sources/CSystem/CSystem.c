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

#if defined(__GLIBC__)
#include <stdlib.h>
#include <unistd.h>
#endif

void cap_reserve_heap(unsigned long bytes) {
#if defined(__GLIBC__)
    static __thread unsigned long reserved = 0;
    // Below glibc's mmap threshold (128 KB), so that they come from the heap.
    enum { block = 120 * 1024 };
    const unsigned long most = 56ul << 20;
    // The main thread's heap grows with sbrk, 128 KB ahead of its needs.
    if (gettid() == getpid()) return;
    if (bytes > most - reserved) bytes = most - reserved;
    unsigned long count = bytes / block;
    if (count == 0) return;
    void **blocks = malloc(count * sizeof *blocks);
    if (blocks == NULL) return;
    unsigned long made = 0;
    while (made < count && (blocks[made] = malloc(block)) != NULL) made++;
    // Freed in the order made, each joins the free one before it, and the
    // last joins them all to the top of the heap, trimmed once.
    for (unsigned long i = 0; i < made; i++) free(blocks[i]);
    free(blocks);
    reserved += made * block;
#else
    (void)bytes;
#endif
}

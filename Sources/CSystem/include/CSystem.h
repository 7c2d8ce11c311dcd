#ifndef CAP_SYSTEM_H
#define CAP_SYSTEM_H

// System calls Swift's Glibc module leaves out: they are GNU extensions,
// declared only under _GNU_SOURCE.

/// Starts writing the page cache of `length` bytes of `fd` from `offset` to
/// disk, without waiting for it (Linux's sync_file_range with
/// SYNC_FILE_RANGE_WRITE), so that a later fsync has less to wait for.
/// Elsewhere it does nothing. Returns 0, or an errno; failing is harmless,
/// since the fsync that follows is what makes the bytes durable.
int cap_start_writeback(int fd, long long offset, long long length);

/// Asks the processor to fetch the cache lines at `address` and the next
/// ones ahead of their use. A hint: any address is allowed.
static inline void cap_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
    __builtin_prefetch((const char *)address + 64, 0, 3);
    __builtin_prefetch((const char *)address + 128, 0, 3);
    __builtin_prefetch((const char *)address + 192, 0, 3);
#else
    (void)address;
#endif
}

#endif

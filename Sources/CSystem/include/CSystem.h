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

/// Makes `bytes` more of the calling thread's malloc heap writable in one
/// go, beyond what its earlier calls made, up to 56 MB in all (a glibc
/// heap holds 64). glibc grows the heap of a thread's arena by exactly
/// what each allocation needs, with an mprotect system call per page.
/// Allocating blocks of 120 KB and freeing them leaves the heap writable;
/// the pages it gives back to the system are not touched again. On the
/// main thread, and elsewhere than glibc, it does nothing.
void cap_reserve_heap(unsigned long bytes);

#endif

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

#endif

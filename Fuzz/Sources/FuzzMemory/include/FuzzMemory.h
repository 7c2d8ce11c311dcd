#ifndef FUZZ_MEMORY_H
#define FUZZ_MEMORY_H
#include <stddef.h>

/// Starts counting the heap bytes one input holds: from here until
/// fuzz_memory_disarm, live heap bytes beyond those live now may not pass
/// `limit`, or the process prints what happened and aborts (libFuzzer then
/// saves the input as a crash). Installs the allocator hooks on first use.
void fuzz_memory_arm(size_t limit);
/// Stops counting; returns the input's peak in bytes.
size_t fuzz_memory_disarm(void);
/// The largest peak of any input so far.
size_t fuzz_memory_max_peak(void);

#endif

// The fuzz targets' memory property: every input runs within 256 MB of heap.
//
// libFuzzer's -rss_limit_mb cannot say it under ASan: the resident size
// includes ASan's quarantine (freed blocks kept unreusable, 256 MB by
// default), its shadow memory and libFuzzer's own corpus, and it is
// sampled once a second. Instead the sanitizer allocator's hooks
// (compiler-rt's allocator_interface.h: called on every malloc and free of
// any thread, before a freed block enters the quarantine) keep a count of
// live heap bytes; an input arms the count with the bytes live before it,
// and the malloc that takes it past the limit aborts there, with its stack.
// Freed memory stops counting when it is freed, quarantine or not.
#include "FuzzMemory.h"
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

// From <sanitizer/allocator_interface.h>, declared here so the build needs
// no header path into the toolchain's resource folder.
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));
size_t __sanitizer_get_allocated_size(const volatile void *p);
void __sanitizer_print_stack_trace(void);

static _Atomic int64_t live;
static _Atomic int64_t baseline;
static _Atomic int64_t peak;
static _Atomic int64_t max_peak;
static _Atomic int armed;
static int64_t limit;
static int installed;

static void say(const char *text) {
    size_t n = 0;
    while (text[n]) n++;
    (void)!write(2, text, n);
}

static void say_number(int64_t value) {
    char digits[24];
    int i = sizeof digits - 1;
    digits[i] = 0;
    if (value <= 0) digits[--i] = '0';
    while (value > 0 && i > 0) { digits[--i] = (char)('0' + value % 10); value /= 10; }
    say(digits + i);
}

static void on_malloc(const volatile void *pointer, size_t size) {
    (void)pointer;
    int64_t now = atomic_fetch_add(&live, (int64_t)size) + (int64_t)size;
    if (!atomic_load_explicit(&armed, memory_order_relaxed)) return;
    int64_t used = now - atomic_load_explicit(&baseline, memory_order_relaxed);
    int64_t seen = atomic_load_explicit(&peak, memory_order_relaxed);
    while (used > seen && !atomic_compare_exchange_weak(&peak, &seen, used)) {}
    if (used > limit && atomic_exchange(&armed, 0)) {
        // No malloc from here: write(2) and the sanitizer's own printer.
        say("==fuzz-memory== this input holds ");
        say_number(used);
        say(" bytes of heap, over the limit of ");
        say_number(limit);
        say(" (the allocation that passed it follows)\n");
        __sanitizer_print_stack_trace();
        abort();
    }
}

static void on_free(const volatile void *pointer) {
    if (pointer) atomic_fetch_sub(&live, (int64_t)__sanitizer_get_allocated_size(pointer));
}

static void say_max_peak(void) {
    say("fuzz-memory: the largest heap one input held: ");
    say_number(atomic_load(&max_peak) / 1024);
    say(" KB (limit ");
    say_number(limit >> 20);
    say(" MB)\n");
}

void fuzz_memory_arm(size_t bytes) {
    if (!installed) {
        installed = 1;
        atexit(say_max_peak);
        if (!__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free)) {
            say("==fuzz-memory== the allocator takes no more hooks: the memory property is not checked\n");
        }
    }
    limit = (int64_t)bytes;
    atomic_store(&peak, 0);
    atomic_store(&baseline, atomic_load(&live));
    atomic_store(&armed, 1);
}

size_t fuzz_memory_disarm(void) {
    atomic_store(&armed, 0);
    int64_t p = atomic_load(&peak);
    if (p > atomic_load(&max_peak)) atomic_store(&max_peak, p);
    return (size_t)p;
}

size_t fuzz_memory_max_peak(void) { return (size_t)atomic_load(&max_peak); }

// LeakSanitizer's suppressions, as Sources/CapProcess/LeakSanitizer.swift
// gives the cap executable and the tests (the fuzz targets do not link
// CapProcess): what a global `let` allocates once, and weak-reference side
// tables, are held through pointers with bits packed into them, which
// LeakSanitizer cannot follow. Without them the first run of fuzz-script
// stopped on "leaks" of the schema's static kinds. A leak anywhere else is
// still reported. Weak, so that a target giving its own list (fuzz-fmt
// does) keeps it.
__attribute__((weak)) const char *__lsan_default_suppressions(void) {
    return "leak:swift::threading_impl::once_slow\n"
           "leak:formWeakReference\n";
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Objects a command keeps until its process exits, instead of freeing them
/// when it is done: freeing 100,000 timeline entries block by block took
/// `cap build` 40 ms after its last file was written, work the exit does at
/// once. (Compilers skip the same work: clang's `-disable-free`.)
///
/// Under LeakSanitizer (`make asan`) nothing is kept and everything is
/// freed as usual: it cannot follow the pointers Swift packs bits into (see
/// LeakSanitizer.swift), so what a kept object reached through them, such
/// as the strings in a cache, was reported as leaked.
public enum KeptUntilExit {
    // Only the main thread of a command-line run calls `keep`.
    nonisolated(unsafe) private static var objects: [AnyObject] = []

    /// Whether the process runs under LeakSanitizer, whose runtime exports
    /// this function.
    static let underLeakSanitizer: Bool = {
        #if os(Linux)
        // RTLD_DEFAULT, which Swift's Glibc module does not import.
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__lsan_do_leak_check") != nil
        #else
        return false
        #endif
    }()

    public static func keep(_ object: AnyObject) {
        guard !underLeakSanitizer else { return }
        objects.append(object)
    }
}

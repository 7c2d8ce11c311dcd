/// Suppressions for LeakSanitizer, which `--sanitize=address` runs at exit
/// on Linux.
///
/// LeakSanitizer finds leaks by scanning memory for pointers, and cannot
/// read the ones Swift stores with bits packed into them, so three kinds of
/// live memory look leaked and fail the run with no leak in it:
///
/// - what a global `let` allocates once, when first used: the schema's
///   `ValueType` and other enums keep their payload pointers with the case
///   tag in the spare bits;
/// - weak-reference side tables, whose address an object keeps shifted into
///   its reference count (Foundation's `Process` forms one);
/// - XCTest's own harness objects (swiftlang/swift-corelibs-xctest#534);
/// - swift-argument-parser's description of the command line, still held
///   when a usage error ends the process with `exit` (`cap run --format
///   xml`), which LeakSanitizer checks at that exit.
///
/// Each is suppressed by the frame every such allocation passes through; a
/// leak anywhere else is still reported. The function is looked up by the
/// sanitizer runtime and is inert in a normal build.
///
/// (The matching `__lsan_default_options`, to stop LeakSanitizer listing
/// the suppressions it used, cannot be written in Swift: the runtime calls
/// it before the shadow memory that instrumented code needs exists. Tests
/// that read a command's standard error pass LSAN_OPTIONS instead.)
@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar> {
    let text: StaticString = """
        leak:swift::threading_impl::once_slow
        leak:formWeakReference
        leak:libXCTest.so
        leak:ArgumentParser8InputKey

        """
    return UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Objects a command keeps until its process exits, instead of freeing them
/// when it is done: freeing 100,000 timeline entries block by block took
/// `cap build` 40 ms after its last file was written, work the exit does at
/// once. (Compilers skip the same work: clang's `-disable-free`.)
///
/// Held by a global, not leaked: LeakSanitizer (`make asan`) counts what a
/// global reaches as live, so the objects are not reported.
public enum KeptUntilExit {
    // Only the main thread of a command-line run calls `keep`.
    nonisolated(unsafe) private static var objects: [AnyObject] = []

    public static func keep(_ object: AnyObject) {
        objects.append(object)
    }
}

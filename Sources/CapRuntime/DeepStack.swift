#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs recursive work — checking and evaluating scripts — on a thread with
/// a large stack, and waits for it.
///
/// The script checker and the evaluator recurse once per level of nesting.
/// Their limits (expressions 128 deep, evaluation nested 4,096 levels) are
/// what keeps hostile input from overflowing the stack, but they must also
/// be reachable in every build: a debug or sanitizer build's frames are ten
/// times a release build's, and the 8 MiB a main thread usually gets holds
/// only a few hundred of them. The thread is joined before `run` returns, so
/// nothing runs concurrently, and its stack is address space: only the
/// pages actually touched cost memory. The work that does run side by side
/// (parsing files, rendering outputs) gets such threads too: see
/// DeepStack+Workers.swift and DeepStack+Pipeline.swift.
public enum DeepStack {
    /// Bytes of stack for the thread.
    public static let size = 1 << 30

    /// Runs `body` on a thread with `size` bytes of stack, or in place when
    /// already on one (or when no such thread can be made, e.g. under a
    /// tight address-space limit).
    public static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        if pthread_getspecific(key) != nil { return try body() }
        var result: Result<T, E>? = nil
        let ran = withoutActuallyEscaping(body) { body in
            onThread(Job { result = Result { () throws(E) -> T in try body() } })
        }
        guard ran, let result else { return try body() }
        return try result.get()
    }

    /// Runs the job on a new thread and waits; false when no thread could be made.
    private static func onThread(_ job: Job) -> Bool {
        guard let thread = start(job) else { return false }
        pthread_join(thread, nil)
        return true
    }

    /// Starts the job on a new thread with a deep stack; nil when no thread
    /// could be made.
    ///
    /// Under a limit on address space (`ulimit -v`, `prlimit --as`, as CI
    /// and hostile-input harnesses set) 1 GiB may not be had: smaller
    /// stacks are tried, down to 64 MiB, before giving up. Falling back to
    /// the main thread's 8 MiB made a chain of 6,000 `let`s, which stops
    /// with a diagnostic at 4,096 levels, crash a debug build instead.
    static func start(_ job: Job) -> pthread_t? {
        var stack = size
        while stack >= 64 << 20 {
            if let thread = start(job, stackSize: stack) { return thread }
            stack /= 2
        }
        return nil
    }

    private static func start(_ job: Job, stackSize: Int) -> pthread_t? {
        var attributes = pthread_attr_t()
        guard pthread_attr_init(&attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, stackSize) == 0 else { return nil }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        guard pthread_create(&thread, &attributes, { context in
            let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
            pthread_setspecific(DeepStack.key, UnsafeRawPointer(bitPattern: 1))
            job.work()
            return nil
        }, context) == 0 else {
            Unmanaged<Job>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// Set (non-nil) on the threads `run` makes.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    final class Job {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }
}

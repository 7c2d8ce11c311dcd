#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// Work started now on a deep-stack thread of its own, and waited for
    /// when its result is needed: `cap build` reads its timeline entries
    /// while the checker's second pass runs on the other processor.
    ///
    /// `body` must read nothing the starting thread changes until `value()`
    /// returns (joining the thread is what orders the two).
    package final class Background<T>: @unchecked Sendable {
        private let body: () -> T
        /// Written by the thread, read once it is joined. Apart from `self`:
        /// a thread that held `self` while it ran could be the last to let
        /// go of it, and then nothing waited for it. `cap build` then exited
        /// while a flush was still under way, and the temporary file it was
        /// flushing stayed behind.
        private let result = Result()
        private var thread: pthread_t?

        private final class Result: @unchecked Sendable {
            var value: T?
        }

        package init(_ body: @escaping () -> T) {
            self.body = body
            let result = self.result
            thread = DeepStack.start(Job { result.value = body() })
        }

        /// The result, once the thread has finished (computed here if no
        /// thread could be made).
        package func value() -> T {
            join()
            if let value = result.value { return value }
            let computed = DeepStack.run(body)
            result.value = computed
            return computed
        }

        private func join() {
            guard let thread else { return }
            pthread_join(thread, nil)
            self.thread = nil
        }

        deinit { join() }
    }
}

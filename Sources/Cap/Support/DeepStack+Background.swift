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
    final class Background<T>: @unchecked Sendable {
        private let body: () -> T
        private var result: T?
        private var thread: pthread_t?

        init(_ body: @escaping () -> T) {
            self.body = body
            thread = DeepStack.start(Job { [unowned self] in self.result = self.body() })
        }

        /// The result, once the thread has finished (computed here if no
        /// thread could be made).
        func value() -> T {
            join()
            if let result { return result }
            let computed = DeepStack.run(body)
            result = computed
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// A mutex and its condition: what the threads of a `pipeline` or a
    /// `feed` share is read and changed only inside `locked`.
    final class Monitor {
        // Allocated: a class's stored property has no address to lock on.
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

        init() {
            pthread_mutex_init(mutex, nil)
            pthread_cond_init(condition, nil)
        }

        deinit {
            pthread_cond_destroy(condition)
            pthread_mutex_destroy(mutex)
            condition.deallocate()
            mutex.deallocate()
        }

        func locked<T>(_ body: () -> T) -> T {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body()
        }

        /// Inside `locked`: lets go of the lock until `signal` or `broadcast`.
        func wait() { pthread_cond_wait(condition, mutex) }

        /// Inside `locked`: wakes one waiting thread.
        func signal() { pthread_cond_signal(condition) }

        /// Inside `locked`: wakes every waiting thread.
        func broadcast() { pthread_cond_broadcast(condition) }
    }
}

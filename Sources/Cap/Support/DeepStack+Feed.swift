#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// Work handed out as it is made: `produce` runs on the calling thread
    /// and passes each item to `emit` with its cost; up to `workers - 1`
    /// other deep-stack threads run `body` on the items as they come, the
    /// costliest waiting one first, and the calling thread joins them once
    /// `produce` returns. The results come back in the order emitted.
    ///
    /// A build makes its outputs one by one, and some only after waiting
    /// for the timeline entries or computing a report's statistics, which
    /// read the model and so stay on one thread: the outputs already made
    /// are rendered meanwhile, where `map` would leave the other processor
    /// idle until the last was made.
    ///
    /// `body` runs concurrently with itself and with `produce`; an item is
    /// given to exactly one thread, and dropped by it once `body` returns.
    static func feed<Item, T>(workers: Int, produce: (_ emit: (Item, _ cost: Int) -> Void) -> Void,
                              _ body: (Item) -> T) -> [T] {
        let state = FeedState<Item, T>()
        return withoutActuallyEscaping(body) { body in
            var threads: [pthread_t] = []
            for _ in 1..<max(workers, 1) {
                let job = Job {
                    while let (i, item) = state.take() { state.finish(i, body(item)) }
                }
                if let thread = start(job) { threads.append(thread) }
            }
            run { () -> Void in
                produce { item, cost in state.emit(item, cost: cost) }
                state.close()
                while let (i, item) = state.take() { state.finish(i, body(item)) }
            }
            for thread in threads { pthread_join(thread, nil) }
            return state.results()
        }
    }

    /// What the threads of a `feed` share, under one lock: a handful of
    /// outputs, so a lock per item costs nothing that shows.
    private final class FeedState<Item, T> {
        // Allocated: a class's stored property has no address to lock on.
        private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var items: [Item?] = []
        private var costs: [Int] = []
        private var done: [T?] = []
        /// Emitted and not yet taken.
        private var waiting: [Int] = []
        private var closed = false

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

        func emit(_ item: Item, cost: Int) {
            pthread_mutex_lock(mutex)
            waiting.append(items.count)
            items.append(item)
            costs.append(cost)
            done.append(nil)
            pthread_cond_signal(condition)
            pthread_mutex_unlock(mutex)
        }

        /// No more items: the threads waiting for one stop once all are taken.
        func close() {
            pthread_mutex_lock(mutex)
            closed = true
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }

        /// The costliest waiting item (the first emitted among equals),
        /// waiting for one to be emitted; nil once closed and all are taken.
        func take() -> (Int, Item)? {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            while waiting.isEmpty {
                if closed { return nil }
                pthread_cond_wait(condition, mutex)
            }
            var best = 0
            for w in waiting.indices.dropFirst() where costs[waiting[w]] > costs[waiting[best]] { best = w }
            let i = waiting.remove(at: best)
            guard let item = items[i].take() else { fatalError("feed item \(i) taken twice") }
            return (i, item)
        }

        func finish(_ i: Int, _ result: T) {
            pthread_mutex_lock(mutex)
            done[i] = result
            pthread_mutex_unlock(mutex)
        }

        /// Called once every thread has been joined.
        func results() -> [T] {
            done.map { $0! }
        }
    }
}

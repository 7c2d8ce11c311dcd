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
    package static func feed<Item, T>(workers: Int, produce: (_ emit: (Item, _ cost: Int) -> Void) -> Void,
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
        private let monitor = Monitor()
        private var items: [Item?] = []
        private var costs: [Int] = []
        private var done: [T?] = []
        /// Emitted and not yet taken.
        private var waiting: [Int] = []
        private var closed = false

        func emit(_ item: Item, cost: Int) {
            monitor.locked {
                waiting.append(items.count)
                items.append(item)
                costs.append(cost)
                done.append(nil)
                monitor.signal()
            }
        }

        /// No more items: the threads waiting for one stop once all are taken.
        func close() {
            monitor.locked {
                closed = true
                monitor.broadcast()
            }
        }

        /// The costliest waiting item (the first emitted among equals),
        /// waiting for one to be emitted; nil once closed and all are taken.
        func take() -> (Int, Item)? {
            monitor.locked { () -> (Int, Item)? in
                while waiting.isEmpty {
                    if closed { return nil }
                    monitor.wait()
                }
                var best = 0
                for w in waiting.indices.dropFirst() where costs[waiting[w]] > costs[waiting[best]] { best = w }
                let i = waiting.remove(at: best)
                guard let item = items[i].take() else { fatalError("feed item \(i) taken twice") }
                return (i, item)
            }
        }

        func finish(_ i: Int, _ result: T) {
            monitor.locked { done[i] = result }
        }

        /// Called once every thread has been joined.
        func results() -> [T] {
            done.map { $0! }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// Runs `produce(i)` for every i in 0..<count on up to `workers`
    /// deep-stack threads, which take indices in order as they come free,
    /// and `consume(i, &result)` on the calling thread, in order, each as
    /// soon as its `produce` is done: the calling thread consumes while the
    /// others still produce, and produces itself when it has nothing to
    /// consume. `consume` gets the only reference to the result, so it can
    /// change it in place without a copy; it is released once consumed.
    ///
    /// Files are parsed on every thread this way, and merged into the shared
    /// tables in file order while later files are still being parsed.
    /// `produce` runs concurrently with itself and with `consume`.
    public static func pipeline<T>(count: Int, workers: Int, produce: (Int) -> T, consume: (Int, inout T) -> Void) {
        let workers = min(max(workers, 1), count)
        guard workers > 1 else {
            run { () -> Void in
                for i in 0..<count {
                    var result = produce(i)
                    consume(i, &result)
                }
            }
            return
        }
        // One slot per index: written by the thread that produced it, read
        // after the lock says it is done.
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let state = PipelineState(count: count)
        withoutActuallyEscaping(produce) { produce in
            var threads: [pthread_t] = []
            for _ in 1..<workers {
                let job = Job {
                    while let i = state.take() {
                        results[i] = produce(i)
                        state.finish(i)
                    }
                }
                if let thread = start(job) { threads.append(thread) }
            }
            run { () -> Void in
                var next = 0
                while next < count {
                    switch state.nextStep(consuming: next) {
                    case .consume:
                        var result = results[next].take()!
                        consume(next, &result)
                        next += 1
                    case .produce(let i):
                        results[i] = produce(i)
                        state.finish(i)
                    }
                }
            }
            for thread in threads { pthread_join(thread, nil) }
        }
    }

    /// What the threads of a `pipeline` share, under one lock.
    private final class PipelineState {
        enum Step { case consume, produce(Int) }

        private let monitor = Monitor()
        private var nextToProduce = 0
        private var produced: [Bool]

        init(count: Int) {
            produced = [Bool](repeating: false, count: count)
        }

        /// The next index to produce, nil when all are taken.
        func take() -> Int? {
            monitor.locked { () -> Int? in
                guard nextToProduce < produced.count else { return nil }
                nextToProduce += 1
                return nextToProduce - 1
            }
        }

        func finish(_ i: Int) {
            monitor.locked {
                produced[i] = true
                monitor.signal()
            }
        }

        /// For the consuming thread: consume `i` when it is ready, else
        /// produce one not yet taken, else wait until `i` is ready.
        func nextStep(consuming i: Int) -> Step {
            monitor.locked { () -> Step in
                while true {
                    if produced[i] { return .consume }
                    if nextToProduce < produced.count {
                        nextToProduce += 1
                        return .produce(nextToProduce - 1)
                    }
                    monitor.wait()
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// `body(i)` for every index of `costs`, in order, computed on up to
    /// `workers` deep-stack threads (the calling one among them).
    ///
    /// Indices are dealt out before anything starts, largest cost first, each
    /// to the least loaded worker: a build's outputs are few and their costs
    /// roughly known, so this balances as well as a shared queue would, with
    /// nothing shared between the threads but what `body` itself reads.
    /// `body` runs concurrently with itself.
    public static func map<T>(costs: [Int], workers: Int, _ body: (Int) -> T) -> [T] {
        let count = min(max(workers, 1), costs.count)
        guard count > 1 else { return run { () -> [T] in costs.indices.map(body) } }
        var shares = [[Int]](repeating: [], count: count)
        var loads = [Int](repeating: 0, count: count)
        for i in costs.indices.sorted(by: { costs[$0] > costs[$1] || costs[$0] == costs[$1] && $0 < $1 }) {
            let w = loads.indices.min { loads[$0] < loads[$1] }!
            shares[w].append(i)
            loads[w] += costs[i]
        }
        // One slot per index, each written by the one thread that computes it.
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: costs.count)
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            var threads: [pthread_t] = []
            var leftover: [Int] = []
            for share in shares.dropFirst() {
                if let thread = start(Job { for i in share { results[i] = body(i) } }) {
                    threads.append(thread)
                } else {
                    leftover += share  // no thread to be had: done here instead
                }
            }
            run { () -> Void in for i in shares[0] + leftover { results[i] = body(i) } }
            for thread in threads { pthread_join(thread, nil) }
        }
        return results.map { $0! }
    }

    /// Processors this process may run on, as it started: its CPU affinity
    /// where the system has one (`taskset`, container CPU sets), else those
    /// online.
    public static let availableProcessors: Int = {
        #if os(Linux)
        // Glibc declares it only under _GNU_SOURCE, which Swift's Glibc
        // module does not set: looked up by name instead.
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity") {
            let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
            var mask = [UInt64](repeating: 0, count: 16)  // 1,024 processors, glibc's cpu_set_t
            let n = mask.withUnsafeMutableBytes { raw in
                getAffinity(0, raw.count, raw.baseAddress!) == 0 ? raw.reduce(0) { $0 + $1.nonzeroBitCount } : 0
            }
            if n > 0 { return n }
        }
        #endif
        return max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
    }()

    /// Threads for work done side by side: one per available processor, up
    /// to eight.
    public static let defaultWorkers = min(availableProcessors, 8)
}

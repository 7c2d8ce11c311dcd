#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension DeepStack {
    /// Runs `body(i)` for every index of `costs`, spread over up to `workers`
    /// deep-stack threads (the calling one among them), and returns when all
    /// are done.
    ///
    /// Indices are dealt out before anything starts, largest cost first, each
    /// to the least loaded worker: a build's outputs are few and their costs
    /// roughly known, so this balances as well as a shared queue would, with
    /// nothing shared between the threads but what `body` itself touches.
    /// `body` runs concurrently with itself and must only write state of its
    /// own index.
    public static func forEach(costs: [Int], workers: Int, _ body: (Int) -> Void) {
        let count = min(max(workers, 1), costs.count)
        guard count > 1 else {
            run { () -> Void in for i in costs.indices { body(i) } }
            return
        }
        var shares = [[Int]](repeating: [], count: count)
        var loads = [Int](repeating: 0, count: count)
        for i in costs.indices.sorted(by: { costs[$0] > costs[$1] || costs[$0] == costs[$1] && $0 < $1 }) {
            let w = loads.indices.min { loads[$0] < loads[$1] }!
            shares[w].append(i)
            loads[w] += costs[i]
        }
        withoutActuallyEscaping(body) { body in
            var threads: [pthread_t] = []
            var leftover: [Int] = []
            for share in shares.dropFirst() {
                if let thread = start(Job { for i in share { body(i) } }) {
                    threads.append(thread)
                } else {
                    leftover += share  // no thread to be had: done here instead
                }
            }
            run { () -> Void in for i in shares[0] + leftover { body(i) } }
            for thread in threads { pthread_join(thread, nil) }
        }
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
}

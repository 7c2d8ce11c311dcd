#if canImport(Glibc)
import Glibc
#endif
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// One thread, made once, that runs inputs on a `DeepStack` stack one at a
/// time while the fuzzer's thread waits: no thread is made or ended per
/// input. libFuzzer calls the target from one thread, so a job is never
/// handed over while another runs.
final class DeepStackWorker: @unchecked Sendable {
    static let shared = DeepStackWorker()

    private var job: (() -> Void)?
    private let start = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    private let done = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    private init() {
        sem_init(start, 0, 0)
        sem_init(done, 0, 0)
        var thread = pthread_t()
        let made = pthread_create(&thread, nil, { context in
            let worker = Unmanaged<DeepStackWorker>.fromOpaque(context!).takeUnretainedValue()
            DeepStack.run { worker.serve() }
            return nil
        }, Unmanaged.passUnretained(self).toOpaque())
        precondition(made == 0, "cannot start the fuzz worker thread")
        pthread_detach(thread)
    }

    /// Runs `body` on the worker and returns when it has ended.
    func run(_ body: @escaping () -> Void) {
        job = body
        sem_post(start)
        while sem_wait(done) != 0 {}
        job = nil
    }

    private func serve() {
        while true {
            while sem_wait(start) != 0 {}
            job!()
            sem_post(done)
        }
    }
}

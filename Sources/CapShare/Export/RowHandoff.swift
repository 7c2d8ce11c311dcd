#if canImport(Glibc)
import Glibc
#endif

/// Rows handed from the thread that reads them out of the model to the one
/// that inserts them into SQLite, in batches, at most `limit` batches
/// waiting: the two halves of an export took about the same time one after
/// the other, and on two processors they overlap. The order of the rows is
/// kept.
final class RowHandoff: @unchecked Sendable {
    typealias Batch = [(table: Int, row: [Cell])]

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var waiting: [Batch] = []
    /// Batches written, handed back to be freed by the reading thread:
    /// their rows were allocated there, and freed on the other thread
    /// each took a lock of the reader's heap (a tenth of the rows' time
    /// on 100,000 events).
    private var written: [Batch] = []
    private var closed = false
    private let limit: Int

    init(limit: Int = 4) {
        self.limit = limit
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        changed.deallocate()
    }

    /// Waits while `limit` batches are waiting, so that memory stays bounded
    /// when inserting is the slower half.
    func put(_ batch: Batch) {
        pthread_mutex_lock(mutex)
        while waiting.count >= limit { pthread_cond_wait(changed, mutex) }
        waiting.append(batch)
        var done: [Batch] = []
        swap(&done, &written)
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        done.removeAll()  // Freed here, outside the lock.
    }

    /// From the inserting thread: a batch it has written.
    func giveBack(_ batch: consuming Batch) {
        pthread_mutex_lock(mutex)
        written.append(batch)
        pthread_mutex_unlock(mutex)
    }

    /// No more batches will come.
    func close() {
        pthread_mutex_lock(mutex)
        closed = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// The next batch; nil once closed and drained.
    func take() -> Batch? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while waiting.isEmpty && !closed { pthread_cond_wait(changed, mutex) }
        guard !waiting.isEmpty else { return nil }
        let batch = waiting.removeFirst()
        pthread_cond_broadcast(changed)
        return batch
    }
}

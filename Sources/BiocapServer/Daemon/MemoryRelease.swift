#if canImport(Glibc)
import Glibc
#endif
import BiocapQueue
import Synchronization

/// Gives the system back what finished work left in the process: the queue's page caches and idle read
/// connections (`EnrolmentQueue.releaseMemory`), then the heap pages malloc keeps after they were freed
/// (`malloc_trim`). Without it the heap of a busy kit only grows: record packing (OpenJPEG, WSQ) and frame
/// scoring free tens of megabytes of small blocks per capture, which glibc keeps in up to eight arenas per core:
/// a 1,000-capture soak held 137–157 MiB; with this, about 60 MiB a few seconds after work, flat (issue 12, goal 5;
/// `scripts/soak-captures`, `docs/performance.md`). A trim takes about 2 ms on a background thread.
///
/// Runs once when the daemon starts serving and then after work (a capture finished, a packet stored, a packet
/// delivered), at most once per `delay` however busy the kit is; an idle daemon is never woken by it.
final class MemoryRelease: Sendable {
    private let queue: EnrolmentQueue
    private let delay: Duration
    private let scheduled = Mutex(false)

    init(queue: EnrolmentQueue, delay: Duration = .seconds(1)) {
        self.queue = queue
        self.delay = delay
    }

    /// Schedules a release `delay` from now, unless one is already waiting (then that one covers this work too).
    /// Callable from any thread; the release runs on a background task.
    func afterWork() {
        let first = scheduled.withLock { waiting in
            defer { waiting = true }
            return !waiting
        }
        guard first else { return }
        Task.detached(priority: .background) { [self] in
            try? await Task.sleep(for: delay)
            scheduled.withLock { $0 = false }
            // Without waiting for a connection still at work (an enqueue's fsync can take a while): what it lets go
            // of later is trimmed by the next release.
            queue.releaseMemoryEventually()
            Self.trimHeap()
        }
    }

    /// Releases at once, off the caller's thread (the server calls this from its event loop when it starts
    /// serving, when no connection is busy and waiting for them is brief).
    func now() {
        Task.detached(priority: .background) { [self] in
            queue.releaseMemory()
            Self.trimHeap()
        }
    }

    /// glibc's `malloc_trim(0)`, looked up at run time: Swift's Glibc module does not export `<malloc.h>`,
    /// and another C library may not have it (then nothing happens).
    private static func trimHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}

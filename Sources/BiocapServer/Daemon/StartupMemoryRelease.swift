#if canImport(Glibc)
import Glibc
#endif
import BiocapQueue

/// Once the daemon serves, gives back what start-up used and an idle daemon does not: the queue's page
/// caches and idle read connections (`EnrolmentQueue.releaseMemory`), then the heap pages malloc kept
/// after they were freed (`malloc_trim`). Idle RSS is issue 12's goal 5; this is about 2 MiB of it.
enum StartupMemoryRelease {
    /// Runs the release off the caller's thread (the server calls this from its event loop).
    static func schedule(queue: EnrolmentQueue) {
        Task.detached(priority: .background) {
            queue.releaseMemory()
            trimHeap()
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

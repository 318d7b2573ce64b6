import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Monotonic timing for the benchmark.
enum BenchTiming {
    /// Nanoseconds of the monotonic clock.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// Nanoseconds of CPU time this thread has used: what a run costs on its core, whatever else
    /// the (shared) machine runs beside it.
    static func threadCPUNow() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// Median of `repeats` timed runs of `body`, in milliseconds, after one untimed warm-up run.
    static func medianMilliseconds(repeats: Int, _ body: () -> Void) -> Double {
        body()
        var samples: [Double] = []
        samples.reserveCapacity(repeats)
        for _ in 0..<max(1, repeats) {
            let start = now()
            body()
            samples.append(Double(now() - start) / 1e6)
        }
        return median(samples)
    }

    /// One run of `body`: wall-clock and thread CPU milliseconds.
    static func measure(_ body: () -> Void) -> (wall: Double, cpu: Double) {
        let wall = now(), cpu = threadCPUNow()
        body()
        return (Double(now() - wall) / 1e6, Double(threadCPUNow() - cpu) / 1e6)
    }

    /// Medians of `repeats` runs after one warm-up: wall-clock and thread CPU milliseconds.
    static func medians(repeats: Int, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<max(1, repeats) {
            let sample = measure(body)
            wall.append(sample.wall)
            cpu.append(sample.cpu)
        }
        return (median(wall), median(cpu))
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

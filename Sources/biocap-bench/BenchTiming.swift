import Foundation

/// Monotonic timing for the benchmark.
enum BenchTiming {
    /// Nanoseconds of the monotonic clock.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

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

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

import BiocapQueue
import Foundation

/// `--leases yes`: what a lease costs as the queue grows. The queue is filled to each size in turn (a tenth, a
/// hundredth and all of `--count`), and at each size `cycles` lease-then-nack rounds are timed (the uplink's failure
/// path, which leaves the queue's size unchanged): medians, p99 and leases per second, in one run.
enum LeaseTimings {
    static let cycles = 200

    static func run(path: String, options: SoakOptions) async {
        let queue: EnrolmentQueue
        do { queue = try EnrolmentQueue(path: path, maxAttempts: 1000) } catch { fail("\(error)", status: 1) }
        let sizes = Array(Set([max(1, options.count / 100), max(1, options.count / 10), options.count])).sorted()
        var filled = 0
        var results: [[String: Any]] = []
        let clock = ContinuousClock()
        for size in sizes {
            while filled < size {
                do { try await queue.enqueue(SyntheticPacket.make(records: options.recordsPerPacket, size: options.recordSize)) } catch {
                    fail("enqueue failed: \(error)", status: 1)
                }
                filled += 1
            }
            var lease: [Double] = [], nack: [Double] = []
            for _ in 0..<cycles {
                let started = clock.now
                let leases: [Lease]
                do { leases = try await queue.lease(max: 1, for: .seconds(60)) } catch { fail("lease failed: \(error)", status: 1) }
                lease.append(EnqueueTimings.milliseconds(clock.now - started))
                guard let first = leases.first else { fail("nothing to lease at size \(size)", status: 1) }
                let returned = clock.now
                do { try await queue.nack(packetID: first.packetID, leaseToken: first.token, reason: "bench") } catch {
                    fail("nack failed: \(error)", status: 1)
                }
                nack.append(EnqueueTimings.milliseconds(clock.now - returned))
            }
            let median = EnqueueTimings.percentile(lease, 0.5)
            results.append([
                "packets": size,
                "leaseMs": ["median": median, "p99": EnqueueTimings.percentile(lease, 0.99)],
                "nackMs": ["median": EnqueueTimings.percentile(nack, 0.5), "p99": EnqueueTimings.percentile(nack, 0.99)],
                "leasesPerSecond": median > 0 ? 1000 / median : 0,
            ])
        }
        let summary: [String: Any] = ["cycles": cycles, "recordsPerPacket": options.recordsPerPacket, "recordBytes": options.recordSize,
                                      "sizes": results]
        let data = (try? JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }
}

import BiocapProtection
import BiocapQueue
import BiocapRecords
import Foundation

/// `--timings yes`: what sealing costs an enqueue. For each packet, the AES-256-GCM sealing of its records alone
/// (as the queue does it: a fresh data key, each record bound to its place) and the whole enqueue, which
/// includes that sealing, the SQLite transaction and its fsync; medians and p99 in one run. `--pause-ms` spaces the
/// enqueues out (what the queue is given between them is then not part of the next one's time).
enum EnqueueTimings {
    static func run(queue: EnrolmentQueue, options: SoakOptions) async {
        var sealing: [Double] = [], enqueue: [Double] = []
        let clock = ContinuousClock()
        var bytes = 0
        for _ in 0..<options.count {
            let packet = SyntheticPacket.make(records: options.recordsPerPacket, size: options.recordSize)
            bytes = packet.records.reduce(0) { $0 + $1.bytes.count }
            let key = PacketCipher.newDataKey()
            let sealed = clock.measure {
                for (ordinal, record) in packet.records.enumerated() {
                    _ = try? PacketCipher.sealRecord(record.bytes, key: key, packetID: packet.manifest.packetID, recordID: record.id,
                                                     ordinal: ordinal, format: record.format.rawValue)
                }
            }
            let start = clock.now
            do { try await queue.enqueue(packet) } catch { fail("enqueue failed: \(error)", status: 1) }
            enqueue.append(milliseconds(clock.now - start))
            sealing.append(milliseconds(sealed))
            if options.pauseMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(options.pauseMilliseconds)) }
        }
        let sealMedian = percentile(sealing, 0.5), enqueueMedian = percentile(enqueue, 0.5)
        let summary: [String: Any] = [
            "packets": options.count, "packetBytes": bytes, "pauseMs": options.pauseMilliseconds,
            "enqueueMs": ["median": enqueueMedian, "p99": percentile(enqueue, 0.99)],
            "sealRecordsMs": ["median": sealMedian, "p99": percentile(sealing, 0.99)],
            "aesGcmMBps": sealMedian > 0 ? Double(bytes) / 1e6 / (sealMedian / 1000) : 0,
            "sealingShareOfEnqueue": enqueueMedian > 0 ? sealMedian / enqueueMedian : 0,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        print(String(decoding: data, as: UTF8.self))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
    }
}

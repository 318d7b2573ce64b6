import BiocapHandoff
import BiocapProtection
import BiocapQueue
import Crypto
import Foundation
import Logging

/// Delivery throughput to a real store: `count` demo-sized packets waiting in a fresh queue, one uplink with the
/// default settings, timed from its start until the last ack; CPU seconds of this process (the kit's side: queue,
/// sealing, hashing, signing, HTTP) over the same window.
enum DeliveryBench {
    static func run(count: Int, endpoint: URL, bucket: String, credentials: UplinkCredentials, concurrency: Int,
                    directory: URL) async throws -> [String: Any] {
        let queue = try EnrolmentQueue(path: directory.appendingPathComponent("queue.sqlite3").path, keys: KitKeys.generate())
        for _ in 0..<count { _ = try await queue.enqueue(DemoSizedPacket.make(kitID: "bench-kit")) }
        let configuration = UplinkConfiguration(
            endpoint: endpoint, bucket: bucket, layout: DeliveryLayout(prefix: ""), credentials: credentials,
            centerKey: Curve25519.KeyAgreement.PrivateKey().publicKey, concurrency: concurrency, retryInitial: .milliseconds(200),
            retryMax: .seconds(2), poll: .milliseconds(50))
        var logger = Logger(label: "handoff-bench")
        logger.logLevel = .warning
        let uplink = Uplink(configuration: configuration, queue: queue, kitID: "bench-kit", logger: logger)
        let cpuBefore = cpuSeconds()
        let start = ContinuousClock.now
        let task = Task { await uplink.run() }
        while try await queue.stats().done < count {
            try await Task.sleep(for: .milliseconds(20))
            if ContinuousClock.now - start > .seconds(1800) { break }
        }
        let wall = SealingBench.seconds(ContinuousClock.now - start)
        let cpu = cpuSeconds() - cpuBefore
        task.cancel()
        await task.value
        let delivered = try await queue.stats().done
        let status = await uplink.status()
        try queue.close()
        let bytes = Double(delivered * DemoSizedPacket.totalBytes)
        return [
            "packets": count, "delivered": delivered, "concurrency": concurrency, "wallSeconds": wall,
            "packetsPerSecond": Double(delivered) / wall, "megabytesPerSecond": bytes / wall / 1e6,
            "kitCPUSecondsPerPacket": cpu / Double(max(delivered, 1)), "kitCPUSeconds": cpu,
            "lastError": status.lastError ?? NSNull(),
        ]
    }

    /// User + system CPU time of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

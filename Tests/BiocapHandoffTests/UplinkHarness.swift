import AsyncHTTPClient
import BiocapAPI
import BiocapProtection
import BiocapQueue
import BiocapTestSupport
import Crypto
import Foundation
import Logging

@testable import BiocapHandoff

/// A kit's queue in a temporary directory, the centre's key pair, and an uplink to a `SeaweedStore` run in a task.
final class UplinkHarness: @unchecked Sendable {
    let directory: URL
    let queue: EnrolmentQueue
    let centerKey = Curve25519.KeyAgreement.PrivateKey()
    let kitID: String
    private(set) var uplink: Uplink?
    private var task: Task<Void, Never>?
    /// Clients made for a CA file, shut down by `stop`.
    private var ownedClients: [HTTPClient] = []

    init(kitID: String = "kit-0001") throws {
        self.kitID = kitID
        directory = try TestData.temporaryDirectory("uplink")
        queue = try EnrolmentQueue(path: directory.appendingPathComponent("queue.sqlite").path, keys: KitKeys.generate())
    }

    func configuration(store: SeaweedStore, identity: SeaweedStore.Identity? = nil, partSize: Int = 5 << 20,
                       maxBytesPerSecond: Int? = nil, requestTimeout: Duration = .seconds(5), endpoint: URL? = nil,
                       caFile: String? = nil) throws -> UplinkConfiguration {
        let identity = identity ?? store.identities[0]
        return UplinkConfiguration(
            endpoint: endpoint ?? store.endpoint, bucket: SeaweedStore.bucket, layout: DeliveryLayout(prefix: ""),
            credentials: UplinkCredentials(accessKeyID: identity.accessKey, secretAccessKey: identity.secretKey),
            centerKey: centerKey.publicKey, caFile: caFile, partSize: partSize, multipartThreshold: partSize, concurrency: 2,
            maxBytesPerSecond: maxBytesPerSecond, retryInitial: .milliseconds(100), retryMax: .milliseconds(500),
            requestTimeout: requestTimeout, poll: .milliseconds(100))
    }

    @discardableResult
    func enqueue(_ count: Int, largeRecordSide: Int? = nil) async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<count {
            let packet = try SamplePackets.packet(kitID: kitID, largeRecordSide: largeRecordSide)
            _ = try await queue.enqueue(packet)
            ids.append(packet.manifest.packetID)
        }
        return ids
    }

    /// Starts an uplink; `prepare` runs before its first request (a test's fault injection).
    func start(_ configuration: UplinkConfiguration, prepare: (Uplink) -> Void = { _ in }) throws -> Uplink {
        var logger = Logger(label: "uplink-test")
        logger.logLevel = .warning
        let http = try UplinkHTTPClient.make(caFile: configuration.caFile)
        if http.owned { ownedClients.append(http.client) }
        let uplink = Uplink(configuration: configuration, queue: queue, kitID: kitID, http: http.client, logger: logger)
        self.uplink = uplink
        prepare(uplink)
        task = Task { await uplink.run() }
        return uplink
    }

    func stop() async {
        task?.cancel()
        await task?.value
        task = nil
        for client in ownedClients { try? await client.shutdown() }
        ownedClients = []
    }

    /// Waits until `condition` holds (checked every 50 ms) or fails after `timeout`.
    func wait(_ what: String, timeout: Duration = .seconds(60), until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        let status = await uplink?.status()
        throw SeaweedStoreError("timed out waiting for \(what); uplink: \(String(describing: status))")
    }

    func verifier(_ store: SeaweedStore) -> DeliveryVerifier {
        DeliveryVerifier(client: store.client(.centre), layout: DeliveryLayout(prefix: ""), centerKey: centerKey)
    }

    deinit {
        task?.cancel()
        try? queue.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

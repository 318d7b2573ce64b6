import BiocapProtection
import Crypto
import Foundation
import Testing

/// A sealed blob opens only in its own place: with its packet's key, under its packet id, record id, ordinal and format.
@Suite struct PacketCipherTests {
    @Test func aBlobMovedToAnotherPlaceDoesNotOpen() throws {
        let keys = KitKeys.generate()
        let dataKey = PacketCipher.newDataKey()
        let record = Data("FIR\0 0200 fingerprint".utf8)
        let sealed = try PacketCipher.sealRecord(record, key: dataKey, packetID: "p1", recordID: "right-index", ordinal: 0, format: "iso-19794-4-2011")
        #expect(!sealed.contains(Data("FIR".utf8).first!) || sealed.range(of: Data("FIR\0".utf8)) == nil)
        #expect(try PacketCipher.openRecord(sealed, key: dataKey, packetID: "p1", recordID: "right-index", ordinal: 0, format: "iso-19794-4-2011") == record)
        for (packet, id, ordinal, format) in [("p2", "right-index", 0, "iso-19794-4-2011"), ("p1", "left-index", 0, "iso-19794-4-2011"),
                                             ("p1", "right-index", 1, "iso-19794-4-2011"), ("p1", "right-index", 0, "iso-19794-5-2011")] {
            #expect(throws: (any Error).self) {
                try PacketCipher.openRecord(sealed, key: dataKey, packetID: packet, recordID: id, ordinal: ordinal, format: format)
            }
        }
        var flipped = sealed
        flipped[20] ^= 0x01
        #expect(throws: (any Error).self) {
            try PacketCipher.openRecord(flipped, key: dataKey, packetID: "p1", recordID: "right-index", ordinal: 0, format: "iso-19794-4-2011")
        }
        let wrapped = try PacketCipher.wrap(dataKey, packetID: "p1", with: keys.storageKey)
        #expect(try PacketCipher.unwrap(wrapped, packetID: "p1", with: keys.storageKey) == dataKey)
        #expect(throws: (any Error).self) { try PacketCipher.unwrap(wrapped, packetID: "p2", with: keys.storageKey) }
        #expect(throws: (any Error).self) { try PacketCipher.unwrap(wrapped, packetID: "p1", with: KitKeys.generate().storageKey) }
    }

    @Test func theChainNamesMissingReplayedAndReorderedPackets() {
        let links = (0..<4).map { index in
            ManifestChain.Link(packetID: "p\(index)", manifestSHA256: "h\(index)", previousManifestSHA256: index == 0 ? nil : "h\(index - 1)")
        }
        #expect(ManifestChain.breaks(in: links).isEmpty)
        let missing = ManifestChain.breaks(in: [links[0], links[1], links[3]])
        #expect(missing.count == 1 && missing[0].contains("p3") && missing[0].contains("missing"))
        #expect(!ManifestChain.breaks(in: [links[0], links[2], links[1], links[3]]).isEmpty)
        #expect(ManifestChain.breaks(in: [links[0], links[1], links[1]]).contains { $0.contains("replayed") })
    }
}

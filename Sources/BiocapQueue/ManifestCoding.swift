import BiocapRecords
import Foundation

/// The JSON stored for a manifest. Dates keep Foundation's own representation so a packet read back is
/// equal, bit for bit, to the one enqueued.
enum ManifestCoding {
    static func encode(_ manifest: PacketManifest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(manifest)
    }

    static func decode(_ data: Data) throws -> PacketManifest {
        try JSONDecoder().decode(PacketManifest.self, from: data)
    }
}

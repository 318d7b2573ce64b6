import BiocapRecords
import Foundation
import GRDB

/// Rebuilds a `CapturePacket` from its stored rows and proves it is the packet that was enqueued.
enum StoredPacketDecoder {
    static func decode(packetID: String, manifestJSON: String, records rows: [Row]) throws(QueueError) -> CapturePacket {
        func corrupt(_ reason: String) -> QueueError { .corrupt(packetID: packetID, reason: reason) }

        let manifest: PacketManifest
        do {
            manifest = try ManifestCoding.decode(Data(manifestJSON.utf8))
        } catch {
            throw corrupt("the stored manifest does not decode: \(error)")
        }
        var records: [PacketRecord] = []
        for row in rows {
            let recordID: String, formatName: String, storedDigest: String, bytes: Data
            do {
                recordID = try row.decode(forColumn: "record_id")
                formatName = try row.decode(forColumn: "format")
                storedDigest = try row.decode(forColumn: "sha256")
                bytes = try row.decode(forColumn: "bytes")
            } catch {
                throw corrupt("a record row is damaged: \(error)")
            }
            guard let format = RecordFormat(rawValue: formatName) else {
                throw corrupt("record '\(recordID)' has unknown format '\(formatName)'")
            }
            let record = PacketRecord(id: recordID, format: format, bytes: [UInt8](bytes))
            let digest = record.sha256Hex
            guard digest == storedDigest else {
                throw corrupt("record '\(recordID)' hashes to \(digest) but was stored with SHA-256 \(storedDigest)")
            }
            records.append(record)
        }
        let packet = CapturePacket(manifest: manifest, records: records)
        guard manifest.packetID == packetID else {
            throw corrupt("the stored manifest names packet '\(manifest.packetID)'")
        }
        do {
            _ = try PacketValidator.validate(packet)
        } catch {
            if case .invalidPacket(_, let reason) = error { throw corrupt(reason) }
            throw error
        }
        return packet
    }
}

import BiocapRecords
import Foundation
import GRDB

/// Rebuilds a `CapturePacket` from its opened manifest and record rows and proves it is the packet that was enqueued.
enum StoredPacketDecoder {
    /// - Parameter open: opens one record row's stored bytes (row, ordinal, record id, format).
    static func decode(
        packetID: String, manifest: PacketManifest, records rows: [Row],
        open: (Row, Int, String, String) throws(QueueError) -> Data
    ) throws(QueueError) -> CapturePacket {
        func corrupt(_ reason: String) -> QueueError { .corrupt(packetID: packetID, reason: reason) }
        var records: [PacketRecord] = []
        for row in rows {
            let ordinal: Int, recordID: String, formatName: String, storedDigest: String
            do {
                ordinal = try row.decode(forColumn: "ordinal")
                recordID = try row.decode(forColumn: "record_id")
                formatName = try row.decode(forColumn: "format")
                storedDigest = try row.decode(forColumn: "sha256")
            } catch {
                throw corrupt("a record row is damaged: \(error)")
            }
            guard let format = RecordFormat(rawValue: formatName) else {
                throw corrupt("record '\(recordID)' has unknown format '\(formatName)'")
            }
            let bytes = try open(row, ordinal, recordID, formatName)
            let record = PacketRecord(id: recordID, format: format, bytes: [UInt8](bytes))
            let digest = record.sha256Hex
            guard digest == storedDigest else {
                throw corrupt("record '\(recordID)' hashes to \(digest) but was stored with SHA-256 \(storedDigest)")
            }
            records.append(record)
        }
        let packet = CapturePacket(manifest: manifest, records: records)
        do {
            _ = try PacketValidator.validate(packet)
        } catch {
            if case .invalidPacket(_, let reason) = error { throw corrupt(reason) }
            throw error
        }
        return packet
    }
}

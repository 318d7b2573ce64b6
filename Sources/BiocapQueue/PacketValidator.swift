import BiocapRecords

/// Checks that a packet holds together before it is stored, and again when it is read back.
enum PacketValidator {
    /// Throws `QueueError.invalidPacket` unless every manifest entry has exactly one record with that id,
    /// format, size and SHA-256, and every record is named by exactly one entry. Returns the records'
    /// SHA-256 (lower-case hex) in record order.
    @discardableResult
    static func validate(_ packet: CapturePacket) throws(QueueError) -> [String] {
        let id = packet.manifest.packetID
        guard !id.isEmpty else { throw .invalidPacket(packetID: id, reason: "the manifest has an empty packet id") }
        guard !packet.manifest.enrolmentID.isEmpty else {
            throw .invalidPacket(packetID: id, reason: "the manifest has an empty enrolment id")
        }
        do {
            try packet.validate(decodingRecords: false)
        } catch {
            throw .invalidPacket(packetID: id, reason: error.description)
        }
        // Validation proved each manifest digest equals its record's, so there is no need to hash again.
        let digests = Dictionary(packet.manifest.namedRecords.map { ($0.recordID, $0.recordSHA256) }, uniquingKeysWith: { first, _ in first })
        return packet.records.map { digests[$0.id] ?? $0.sha256Hex }
    }
}

import BiocapRecords

/// Checks that a packet holds together before it is stored, and again when it is read back.
enum PacketValidator {
    /// Throws `QueueError.invalidPacket` unless every manifest entry has exactly one record with that id,
    /// format, size and SHA-256, and every record is named by exactly one entry. Returns the records'
    /// SHA-256 (lower-case hex) in record order.
    @discardableResult
    static func validate(_ packet: CapturePacket) throws(QueueError) -> [String] {
        let id = packet.manifest.packetID
        func invalid(_ reason: String) -> QueueError { .invalidPacket(packetID: id, reason: reason) }

        guard !id.isEmpty else { throw invalid("the manifest has an empty packet id") }
        guard !packet.manifest.enrolmentID.isEmpty else { throw invalid("the manifest has an empty enrolment id") }

        let digests = packet.records.map { RecordDigest.sha256Hex(of: $0.bytes) }
        var recordsByID: [String: (record: PacketRecord, digest: String)] = [:]
        for (record, digest) in zip(packet.records, digests) {
            guard !record.id.isEmpty else { throw invalid("a record has an empty id") }
            guard recordsByID.updateValue((record, digest), forKey: record.id) == nil else {
                throw invalid("record id '\(record.id)' appears more than once")
            }
        }
        var named: Set<String> = []
        for entry in packet.manifest.captures {
            guard named.insert(entry.recordID).inserted else {
                throw invalid("record '\(entry.recordID)' is named by more than one manifest entry")
            }
            guard let (record, digest) = recordsByID[entry.recordID] else {
                throw invalid("the manifest names record '\(entry.recordID)' but the packet has no such record")
            }
            if let problem = mismatch(record, digest: digest, entry) { throw invalid(problem) }
        }
        if let unnamed = packet.records.first(where: { !named.contains($0.id) }) {
            throw invalid("record '\(unnamed.id)' is not named in the manifest")
        }
        return digests
    }

    /// Why `record` does not match its manifest entry, or `nil` when it does.
    static func mismatch(_ record: PacketRecord, digest: String, _ entry: CaptureEntry) -> String? {
        if record.format != entry.recordFormat {
            return "record '\(record.id)' is \(record.format.rawValue) but the manifest says \(entry.recordFormat.rawValue)"
        }
        if record.bytes.count != entry.recordSize {
            return "record '\(record.id)' has \(record.bytes.count) bytes but the manifest says \(entry.recordSize)"
        }
        if digest != entry.recordSHA256.lowercased() {
            return "record '\(record.id)' has SHA-256 \(digest) but the manifest says \(entry.recordSHA256)"
        }
        return nil
    }
}

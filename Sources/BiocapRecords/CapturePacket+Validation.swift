extension CapturePacket {
    /// Checks that manifest and records agree: every manifest entry (and each of its companions) names exactly one record with the same id,
    /// format, size and SHA-256; every record is named by exactly one entry and has a non-empty id; and, when
    /// `decodingRecords` is true, every record decodes as its format.
    public func validate(decodingRecords: Bool = true) throws(RecordError) {
        var recordsByID: [String: PacketRecord] = [:]
        for record in records {
            guard !record.id.isEmpty else { throw .packetInvalid("a record has an empty id") }
            guard recordsByID[record.id] == nil else {
                throw .packetInvalid("record id '\(record.id)' appears more than once")
            }
            recordsByID[record.id] = record
        }
        var named: Set<String> = []
        for entry in manifest.namedRecords {
            guard named.insert(entry.recordID).inserted else {
                throw .packetInvalid("manifest names record '\(entry.recordID)' more than once")
            }
            guard let record = recordsByID[entry.recordID] else {
                throw .packetInvalid("manifest names record '\(entry.recordID)' but the packet has no such record")
            }
            guard record.format == entry.recordFormat else {
                throw .packetInvalid(
                    "record '\(record.id)' is \(record.format.rawValue), manifest says \(entry.recordFormat.rawValue)")
            }
            guard record.bytes.count == entry.recordSize else {
                throw .packetInvalid(
                    "record '\(record.id)' has \(record.bytes.count) bytes, manifest says \(entry.recordSize)")
            }
            let digest = record.sha256Hex
            guard digest == entry.recordSHA256 else {
                throw .packetInvalid(
                    "record '\(record.id)' SHA-256 is \(digest), manifest says \(entry.recordSHA256)")
            }
            if decodingRecords {
                do {
                    try record.validateContents()
                } catch {
                    throw .packetInvalid("record '\(record.id)' does not decode: \(error)")
                }
            }
        }
        if let unnamed = records.first(where: { !named.contains($0.id) }) {
            throw .packetInvalid("record '\(unnamed.id)' is not named in the manifest")
        }
    }
}

/// A single-file export of one `CapturePacket`, for hand-off on removable media or upload.
///
/// Layout, all integers big-endian:
/// ```
/// magic            8   "BIOCAPPK"
/// version          2   1
/// manifest length  4   n
/// manifest         n   UTF-8 JSON (`PacketManifest.jsonBytes()`: ISO-8601 dates, sorted keys)
/// record count     4
/// per record:
///   id length      2   then the id, UTF-8
///   format length  1   then the `RecordFormat` raw value, UTF-8 (e.g. "iso-19794-4-2011")
///   record length  4   then the record bytes
/// checksum        32   SHA-256 of every byte before it
/// ```
/// Decoding checks the magic, version, every length, that nothing follows the checksum, the checksum, and then
/// `CapturePacket.validate()` (ids, formats, sizes, digests, record contents).
public enum PacketArchive {
    public static let magic: [UInt8] = Array("BIOCAPPK".utf8)
    public static let version: UInt16 = 1
    static let checksumLength = 32

    /// The archive bytes of a packet; validates the packet first.
    public static func encode(_ packet: CapturePacket) throws(RecordError) -> [UInt8] {
        try packet.validate()
        let manifest = try packet.manifest.jsonBytes()
        var writer = ByteWriter(capacity: manifest.count + packet.records.reduce(64) { $0 + $1.bytes.count + 64 })
        writer.write(magic)
        writer.write(version)
        writer.write(try FieldWidth.uint32(manifest.count, "manifest length"))
        writer.write(manifest)
        writer.write(try FieldWidth.uint32(packet.records.count, "record count"))
        for record in packet.records {
            let id = Array(record.id.utf8)
            let format = Array(record.format.rawValue.utf8)
            writer.write(try FieldWidth.uint16(id.count, "record id length"))
            writer.write(id)
            writer.write(try FieldWidth.uint8(format.count, "record format length"))
            writer.write(format)
            writer.write(try FieldWidth.uint32(record.bytes.count, "record length"))
            writer.write(record.bytes)
        }
        writer.write(RecordDigest.bytes(of: writer.bytes))
        return writer.bytes
    }

    /// Reads and fully validates an archive.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> CapturePacket {
        guard bytes.count >= magic.count + 2 + checksumLength else {
            throw .truncated(at: bytes.count, need: magic.count + 2 + checksumLength - bytes.count)
        }
        var reader = ByteReader(bytes)
        try reader.expect(magic: magic)
        let foundVersion = try reader.readUInt16()
        guard foundVersion == version else {
            throw .badVersion(expected: [UInt8(version >> 8), UInt8(version & 0xFF)],
                              found: [UInt8(foundVersion >> 8), UInt8(foundVersion & 0xFF)])
        }
        let bodyEnd = bytes.count - checksumLength
        let manifestLength = Int(try reader.readUInt32())
        guard manifestLength <= bodyEnd - reader.offset else {
            throw .lengthMismatch(field: "manifest length", declared: manifestLength, actual: bodyEnd - reader.offset)
        }
        let manifestJSON = try reader.readBytes(manifestLength)
        let recordCount = Int(try reader.readUInt32())
        // Each record needs at least 2 + 1 + 4 bytes, so a lying count fails before any large allocation.
        guard recordCount * 7 <= bodyEnd - reader.offset else {
            throw .lengthMismatch(field: "record count \(recordCount)", declared: recordCount * 7,
                                  actual: bodyEnd - reader.offset)
        }
        var records: [PacketRecord] = []
        for _ in 0..<recordCount {
            let idLength = Int(try reader.readUInt16())
            let id = try readString(&reader, length: idLength, field: "record id", end: bodyEnd)
            let formatLength = Int(try reader.readUInt8())
            let formatName = try readString(&reader, length: formatLength, field: "record format", end: bodyEnd)
            guard let format = RecordFormat(rawValue: formatName) else {
                throw .invalidField(name: "record format", value: formatName)
            }
            let length = Int(try reader.readUInt32())
            guard length <= bodyEnd - reader.offset else {
                throw .lengthMismatch(field: "record '\(id)' length", declared: length, actual: bodyEnd - reader.offset)
            }
            records.append(PacketRecord(id: id, format: format, bytes: try reader.readBytes(length)))
        }
        guard reader.offset == bodyEnd else {
            throw .lengthMismatch(field: "archive body", declared: reader.offset, actual: bodyEnd)
        }
        let checksum = try reader.readBytes(checksumLength)
        guard checksum == RecordDigest.bytes(of: Array(bytes[0..<bodyEnd])) else {
            throw .packetInvalid("archive checksum does not match its contents")
        }
        let packet = CapturePacket(manifest: try PacketManifest.decode(json: manifestJSON), records: records)
        try packet.validate()
        return packet
    }

    private static func readString(
        _ reader: inout ByteReader, length: Int, field: String, end: Int
    ) throws(RecordError) -> String {
        guard length <= end - reader.offset else {
            throw .lengthMismatch(field: "\(field) length", declared: length, actual: end - reader.offset)
        }
        let raw = try reader.readBytes(length)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidField(name: field, value: "not UTF-8")
        }
        return text
    }
}

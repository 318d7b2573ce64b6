/// An extended data block after a finger representation's image data (ISO/IEC 19794-4:2011): type code 2 bytes
/// (1 = segmentation, 2 = annotation, 3 = comment, others vendor defined), length 2 bytes counting the 4 header
/// bytes, then `data`.
public struct FingerExtendedDataBlock: Sendable, Hashable {
    public var typeCode: UInt16
    public var data: [UInt8]

    public static let segmentation: UInt16 = 1
    public static let annotation: UInt16 = 2
    public static let comment: UInt16 = 3

    public init(typeCode: UInt16, data: [UInt8]) {
        self.typeCode = typeCode
        self.data = data
    }

    /// A comment block holding UTF-8 text.
    public static func comment(_ text: String) -> FingerExtendedDataBlock {
        FingerExtendedDataBlock(typeCode: comment, data: Array(text.utf8))
    }

    /// The comment text when this is a comment block of valid UTF-8.
    public var commentText: String? {
        guard typeCode == Self.comment else { return nil }
        return String(validating: data, as: UTF8.self)
    }

    func write(to writer: inout ByteWriter) throws(RecordError) {
        writer.write(typeCode)
        writer.write(try FieldWidth.uint16(data.count + 4, "extended data block length"))
        writer.write(data)
    }

    /// Reads blocks until the reader is exhausted.
    static func readAll(from reader: inout ByteReader) throws(RecordError) -> [FingerExtendedDataBlock] {
        var blocks: [FingerExtendedDataBlock] = []
        while !reader.isAtEnd {
            let typeCode = try reader.readUInt16()
            let length = Int(try reader.readUInt16())
            guard length >= 4, length - 4 <= reader.remaining else {
                throw .lengthMismatch(
                    field: "extended data block length", declared: length, actual: reader.remaining + 4)
            }
            blocks.append(FingerExtendedDataBlock(typeCode: typeCode, data: try reader.readBytes(length - 4)))
        }
        return blocks
    }
}

/// One quality block of an ISO/IEC 19794-x:2011 representation: a score and the algorithm that produced it
/// (5 bytes: score, algorithm vendor id 2, algorithm id 2).
public struct QualityBlock: Sendable, Hashable {
    /// 0–100, or `notComputed` (255) per ISO/IEC 29794-1.
    public var score: UInt8
    /// The algorithm vendor, as registered with IBIA (0 = not registered / unspecified).
    public var algorithmVendorID: UInt16
    /// The vendor's algorithm id.
    public var algorithmID: UInt16

    /// Score value meaning "quality was not or could not be computed" (ISO/IEC 29794-1).
    public static let notComputed: UInt8 = 255
    /// Size on the wire.
    public static let byteCount = 5

    /// biocap's own quality scores are written with vendor id 0x0000 (biocap holds no IBIA registration, and 0
    /// is the "unspecified vendor" value) and algorithm id 0xB10C ("biocap quality, version 1", the 0–100 scores
    /// of `BiocapQuality`). Readers should treat the pair as an unregistered, vendor-private algorithm.
    public static let biocapAlgorithmVendorID: UInt16 = 0x0000
    public static let biocapAlgorithmID: UInt16 = 0xB10C

    public init(score: UInt8, algorithmVendorID: UInt16, algorithmID: UInt16) {
        self.score = score
        self.algorithmVendorID = algorithmVendorID
        self.algorithmID = algorithmID
    }

    /// A biocap quality block for a 0–100 score; scores outside 0...100 become `notComputed`.
    public static func biocap(score: Int) -> QualityBlock {
        let wire = (0...100).contains(score) ? UInt8(score) : notComputed
        return QualityBlock(score: wire, algorithmVendorID: biocapAlgorithmVendorID, algorithmID: biocapAlgorithmID)
    }

    func validate() throws(RecordError) {
        guard score <= 100 || score == Self.notComputed else {
            throw .invalidField(name: "quality score", value: "\(score) (allowed 0–100 or 255)")
        }
    }

    func write(to writer: inout ByteWriter) {
        writer.write(score)
        writer.write(algorithmVendorID)
        writer.write(algorithmID)
    }

    static func read(from reader: inout ByteReader) throws(RecordError) -> QualityBlock {
        let block = QualityBlock(
            score: try reader.readUInt8(), algorithmVendorID: try reader.readUInt16(),
            algorithmID: try reader.readUInt16())
        try block.validate()
        return block
    }

    /// Reads the 1-byte count and the blocks after it.
    static func readList(from reader: inout ByteReader) throws(RecordError) -> [QualityBlock] {
        let count = Int(try reader.readUInt8())
        guard count * byteCount <= reader.remaining else {
            throw .lengthMismatch(
                field: "quality block count \(count)", declared: count * byteCount, actual: reader.remaining)
        }
        var blocks: [QualityBlock] = []
        for _ in 0..<count { blocks.append(try read(from: &reader)) }
        return blocks
    }

    static func writeList(_ blocks: [QualityBlock], to writer: inout ByteWriter) throws(RecordError) {
        writer.write(try FieldWidth.uint8(blocks.count, "quality block count"))
        for block in blocks {
            try block.validate()
            block.write(to: &writer)
        }
    }
}

import BiocapCore
import Foundation

/// An ISO/IEC 19794-4:2011 finger image record (`FIR\0`, version `020\0`).
///
/// General header, big-endian: format identifier 4, version 4, record length 4 (the whole record), number of
/// finger/palm representations 2, certification flag 1, number of distinct finger/palm positions 1; then the
/// representations (`FingerImageRepresentation`).
public struct FingerImageRecord: Sendable, Hashable {
    public static let formatIdentifier: [UInt8] = Array("FIR\0".utf8)
    public static let version: [UInt8] = Array("020\0".utf8)
    public static let headerLength = 16

    /// When set, every representation carries a certification block list (possibly empty).
    public var certificationFlag: Bool
    public var representations: [FingerImageRepresentation]

    public init(certificationFlag: Bool = false, representations: [FingerImageRepresentation]) {
        self.certificationFlag = certificationFlag
        self.representations = representations
    }

    /// A one-representation record of an 8-bit greyscale image, sampled at the image's ppi (500 when unknown), with
    /// a biocap quality block (`QualityBlock.biocap(score:)`: 0–100, else 255 "not computed"); the image raw
    /// (compression 0) or compressed as `compression` says (JPEG 2000 as a JP2 file: code 5 lossless, 4 lossy; WSQ:
    /// code 2).
    public init(
        image: GrayImage, position: FingerPosition, quality: Int, capturedAt: Date = Date(),
        device: CaptureDevice = .unspecified, impressionType: UInt8 = FingerImageRepresentation.liveScanPlain,
        compression: RecordCompression = .none
    ) throws(RecordError) {
        let rate = try FieldWidth.uint16(image.ppi ?? 500, "image ppi")
        let code: FingerImageCompression = switch compression {
        case .none: .uncompressed
        case .jpeg2000Lossless: .jpeg2000Lossless
        case .jpeg2000: .jpeg2000Lossy
        case .wsq: .wsq
        }
        let representation = FingerImageRepresentation(
            captureDateTime: CaptureDateTime(capturedAt), captureDevice: device,
            qualityBlocks: [.biocap(score: quality)], position: position, scanSamplingRate: .uniform(rate),
            imageSamplingRate: .uniform(rate), bitDepth: 8, compression: code, impressionType: impressionType,
            width: try FieldWidth.uint16(image.width, "image width"),
            height: try FieldWidth.uint16(image.height, "image height"),
            imageData: try RecordImageCodec.compress(image, compression) ?? image.pixels)
        try representation.validate(certified: false)
        self.init(representations: [representation])
    }

    /// Number of different positions among the representations, as the general header states it.
    public var distinctPositionCount: Int { Set(representations.map(\.position)).count }

    /// The record bytes; throws when a field cannot be represented or breaks the standard's rules.
    public func encode() throws(RecordError) -> [UInt8] {
        guard !representations.isEmpty else {
            throw .invalidField(name: "finger representation count", value: "0")
        }
        var writer = ByteWriter(capacity: Self.headerLength + representations.reduce(0) { $0 + $1.imageData.count + 64 })
        writer.write(Self.formatIdentifier)
        writer.write(Self.version)
        writer.write(UInt32(0))  // record length, patched below
        writer.write(try FieldWidth.uint16(representations.count, "finger representation count"))
        writer.write(UInt8(certificationFlag ? 1 : 0))
        writer.write(try FieldWidth.uint8(distinctPositionCount, "distinct finger positions"))
        for representation in representations {
            try representation.write(to: &writer, certified: certificationFlag)
        }
        writer.patch(try FieldWidth.uint32(writer.count, "finger record length"), at: 8)
        return writer.bytes
    }

    /// Parses and validates a record: magic, version, every length and count, every coded field.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> FingerImageRecord {
        var reader = ByteReader(bytes)
        try reader.expect(magic: formatIdentifier)
        try reader.expect(version: version)
        let recordLength = Int(try reader.readUInt32())
        guard recordLength == bytes.count else {
            throw .lengthMismatch(field: "finger record length", declared: recordLength, actual: bytes.count)
        }
        let count = Int(try reader.readUInt16())
        guard count >= 1 else { throw .invalidField(name: "finger representation count", value: "0") }
        let flag = try reader.readUInt8()
        guard flag <= 1 else { throw .invalidField(name: "certification flag", value: "\(flag)") }
        let distinct = Int(try reader.readUInt8())
        var representations: [FingerImageRepresentation] = []
        for _ in 0..<count {
            representations.append(try FingerImageRepresentation.read(from: &reader, certified: flag == 1))
        }
        guard reader.isAtEnd else {
            throw .lengthMismatch(
                field: "sum of \(count) finger representation lengths", declared: reader.offset, actual: bytes.count)
        }
        let record = FingerImageRecord(certificationFlag: flag == 1, representations: representations)
        guard distinct == record.distinctPositionCount else {
            throw .invalidField(
                name: "distinct finger position count",
                value: "\(distinct), but the representations hold \(record.distinctPositionCount)")
        }
        return record
    }
}

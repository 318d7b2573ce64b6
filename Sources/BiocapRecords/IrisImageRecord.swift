import BiocapCore
import Foundation

/// An ISO/IEC 19794-6:2011 iris image record (`IIR\0`, version `020\0`).
///
/// General header, big-endian: format identifier 4, version 4, record length 4, number of representations 2,
/// certification flag 1 (always 0 in this edition), number of eyes represented 1; then the representations
/// (`IrisImageRepresentation`).
public struct IrisImageRecord: Sendable, Hashable {
    public static let formatIdentifier: [UInt8] = Array("IIR\0".utf8)
    public static let version: [UInt8] = Array("020\0".utf8)
    public static let headerLength = 16

    public var representations: [IrisImageRepresentation]

    public init(representations: [IrisImageRepresentation]) {
        self.representations = representations
    }

    /// A one-representation record of an 8-bit greyscale eye image (uncropped, base orientation), with a biocap
    /// quality block (`QualityBlock.biocap(score:)`): mono raw pixels, or mono JPEG 2000 (a JP2 file) as `compression`
    /// says, with the compression history lossless or lossy to match.
    public init(
        image: GrayImage, eye: EyePosition, quality: Int, capturedAt: Date = Date(),
        device: CaptureDevice = .unspecified, compression: RecordCompression = .none
    ) throws(RecordError) {
        if case .wsq = compression { throw .invalidField(name: "iris compression", value: "WSQ is for fingerprints") }
        let representation = IrisImageRepresentation(
            captureDateTime: CaptureDateTime(capturedAt), captureDevice: device,
            qualityBlocks: [.biocap(score: quality)], representationNumber: 1, eye: eye,
            imageType: IrisImageRepresentation.uncropped, imageFormat: compression == .none ? .monoRaw : .monoJPEG2000,
            imageProperties: IrisImageRepresentation.properties(horizontal: 1, vertical: 1,
                                                                compressionHistory: compression.isLossless ? 1 : 2),
            width: try FieldWidth.uint16(image.width, "iris image width"),
            height: try FieldWidth.uint16(image.height, "iris image height"), bitDepth: 8,
            imageData: try RecordImageCodec.compress(image, compression) ?? image.pixels)
        try representation.validate()
        self.init(representations: [representation])
    }

    /// The "number of eyes represented" the header carries: distinct left/right labels, or 1 when every
    /// representation is labelled undefined.
    public var eyesRepresented: Int {
        let labelled = Set(representations.map(\.eye)).subtracting([.undefined]).count
        return labelled > 0 ? labelled : (representations.isEmpty ? 0 : 1)
    }

    /// The record bytes; throws when a field cannot be represented or breaks the standard's rules.
    public func encode() throws(RecordError) -> [UInt8] {
        guard !representations.isEmpty else { throw .invalidField(name: "iris representation count", value: "0") }
        var writer = ByteWriter(capacity: Self.headerLength + representations.reduce(0) { $0 + $1.imageData.count + 64 })
        writer.write(Self.formatIdentifier)
        writer.write(Self.version)
        writer.write(UInt32(0))  // record length, patched below
        writer.write(try FieldWidth.uint16(representations.count, "iris representation count"))
        writer.write(UInt8(0))
        writer.write(UInt8(eyesRepresented))
        for representation in representations { try representation.write(to: &writer) }
        writer.patch(try FieldWidth.uint32(writer.count, "iris record length"), at: 8)
        return writer.bytes
    }

    /// Parses and validates a record: magic, version, every length and count, every coded field.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> IrisImageRecord {
        var reader = ByteReader(bytes)
        try reader.expect(magic: formatIdentifier)
        try reader.expect(version: version)
        let recordLength = Int(try reader.readUInt32())
        guard recordLength == bytes.count else {
            throw .lengthMismatch(field: "iris record length", declared: recordLength, actual: bytes.count)
        }
        let count = Int(try reader.readUInt16())
        guard count >= 1 else { throw .invalidField(name: "iris representation count", value: "0") }
        let flag = try reader.readUInt8()
        guard flag == 0 else { throw .invalidField(name: "iris certification flag", value: "\(flag)") }
        let eyes = Int(try reader.readUInt8())
        guard eyes <= 2 else { throw .invalidField(name: "number of eyes represented", value: "\(eyes)") }
        var representations: [IrisImageRepresentation] = []
        for _ in 0..<count { representations.append(try IrisImageRepresentation.read(from: &reader)) }
        guard reader.isAtEnd else {
            throw .lengthMismatch(
                field: "sum of \(count) iris representation lengths", declared: reader.offset, actual: bytes.count)
        }
        let record = IrisImageRecord(representations: representations)
        guard eyes == record.eyesRepresented else {
            throw .invalidField(
                name: "number of eyes represented", value: "\(eyes), but the labels give \(record.eyesRepresented)")
        }
        return record
    }
}

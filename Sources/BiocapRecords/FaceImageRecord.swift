import BiocapCore
import BiocapImaging
import Foundation

/// An ISO/IEC 19794-5:2011 face image record (`FAC\0`, version `030\0`), 2D images only.
///
/// General header, big-endian: format identifier 4, version 4, record length 4, number of representations 2,
/// certification flag 1 (always 0 in this edition), temporal semantics 2; then the representations
/// (`FaceImageRepresentation`).
public struct FaceImageRecord: Sendable, Hashable {
    public static let formatIdentifier: [UInt8] = Array("FAC\0".utf8)
    public static let version: [UInt8] = Array("030\0".utf8)
    public static let headerLength = 17

    /// How multiple representations relate in time: 0 = not a temporal sequence / unspecified, 0xFFFF = unknown
    /// interval, otherwise milliseconds between frames.
    public var temporalSemantics: UInt16
    public var representations: [FaceImageRepresentation]

    public init(temporalSemantics: UInt16 = 0, representations: [FaceImageRepresentation]) {
        self.temporalSemantics = temporalSemantics
        self.representations = representations
    }

    /// A one-representation record of a JPEG image (basic face image type, 24-bit RGB) with a biocap quality block
    /// (`QualityBlock.biocap(score:)`). Throws when `jpeg` is not JPEG data or the size does not fit.
    public init(
        jpeg: [UInt8], width: Int, height: Int, quality: Int, capturedAt: Date = Date(),
        device: CaptureDevice = .unspecified
    ) throws(RecordError) {
        let info = FaceImageInformation(
            faceImageType: FaceImageInformation.basic, dataType: .jpeg,
            width: try FieldWidth.uint16(width, "face image width"),
            height: try FieldWidth.uint16(height, "face image height"), colourSpace: FaceImageInformation.rgb24)
        let representation = FaceImageRepresentation(
            captureDateTime: CaptureDateTime(capturedAt), captureDevice: device,
            qualityBlocks: [.biocap(score: quality)], imageInformation: info, imageData: jpeg)
        try representation.validate()
        self.init(representations: [representation])
    }

    /// A one-representation record of `image` in JPEG 2000 (a JP2 file; data type 2 lossless or 1 lossy, basic face
    /// image type, 24-bit RGB or 8-bit grey colour space), with a biocap quality block. `compression` must be one of the
    /// JPEG 2000 choices; JPEG faces use `init(jpeg:…)`.
    public init(
        image: CapturedImage, quality: Int, compression: RecordCompression, capturedAt: Date = Date(),
        device: CaptureDevice = .unspecified
    ) throws(RecordError) {
        let mode: JPEG2000Codec.Compression
        let dataType: FaceImageDataType
        switch compression {
        case .jpeg2000Lossless: (mode, dataType) = (.lossless, .jpeg2000Lossless)
        case .jpeg2000(let rate): (mode, dataType) = (.rate(bitsPerPixel: rate), .jpeg2000Lossy)
        case .none, .wsq:
            throw .invalidField(name: "face compression", value: "\(compression) (a face record holds JPEG or JPEG 2000)")
        }
        let data: [UInt8]
        do { data = try JPEG2000Codec.encode(image, compression: mode, container: .jp2) } catch {
            throw .invalidField(name: "face image", value: "cannot be compressed as \(compression): \(error)")
        }
        let grey = if case .gray = image { true } else { false }
        let info = FaceImageInformation(
            faceImageType: FaceImageInformation.basic, dataType: dataType,
            width: try FieldWidth.uint16(image.width, "face image width"),
            height: try FieldWidth.uint16(image.height, "face image height"),
            colourSpace: grey ? FaceImageInformation.greyscale8 : FaceImageInformation.rgb24)
        let representation = FaceImageRepresentation(
            captureDateTime: CaptureDateTime(capturedAt), captureDevice: device,
            qualityBlocks: [.biocap(score: quality)], imageInformation: info, imageData: data)
        try representation.validate()
        self.init(representations: [representation])
    }

    /// The record bytes; throws when a field cannot be represented or breaks the standard's rules.
    public func encode() throws(RecordError) -> [UInt8] {
        guard !representations.isEmpty else { throw .invalidField(name: "face representation count", value: "0") }
        var writer = ByteWriter(capacity: Self.headerLength + representations.reduce(0) { $0 + $1.imageData.count + 64 })
        writer.write(Self.formatIdentifier)
        writer.write(Self.version)
        writer.write(UInt32(0))  // record length, patched below
        writer.write(try FieldWidth.uint16(representations.count, "face representation count"))
        writer.write(UInt8(0))
        writer.write(temporalSemantics)
        for representation in representations { try representation.write(to: &writer) }
        writer.patch(try FieldWidth.uint32(writer.count, "face record length"), at: 8)
        return writer.bytes
    }

    /// Parses and validates a record: magic, version, every length and count, every coded field.
    public static func decode(_ bytes: [UInt8]) throws(RecordError) -> FaceImageRecord {
        var reader = ByteReader(bytes)
        try reader.expect(magic: formatIdentifier)
        try reader.expect(version: version)
        let recordLength = Int(try reader.readUInt32())
        guard recordLength == bytes.count else {
            throw .lengthMismatch(field: "face record length", declared: recordLength, actual: bytes.count)
        }
        let count = Int(try reader.readUInt16())
        guard count >= 1 else { throw .invalidField(name: "face representation count", value: "0") }
        let flag = try reader.readUInt8()
        guard flag == 0 else { throw .invalidField(name: "face certification flag", value: "\(flag)") }
        let temporal = try reader.readUInt16()
        var representations: [FaceImageRepresentation] = []
        for _ in 0..<count { representations.append(try FaceImageRepresentation.read(from: &reader)) }
        guard reader.isAtEnd else {
            throw .lengthMismatch(
                field: "sum of \(count) face representation lengths", declared: reader.offset, actual: bytes.count)
        }
        return FaceImageRecord(temporalSemantics: temporal, representations: representations)
    }
}

/// Recognises compressed image data by its first bytes, so records can check that the blob matches the declared
/// compression.
public enum ImageSignature: Sendable, Equatable {
    /// JPEG 2000 file format (JP2 signature box `00 00 00 0C 6A 50 20 20`).
    case jp2File
    /// Raw JPEG 2000 codestream (SOC + SIZ markers `FF 4F FF 51`).
    case j2kCodestream
    /// JPEG (SOI `FF D8 FF`).
    case jpeg
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    case png
    /// WSQ (SOI marker `FF A0`).
    case wsq

    private static let jp2Box: [UInt8] = [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]
    private static let j2kMarkers: [UInt8] = [0xFF, 0x4F, 0xFF, 0x51]
    private static let jpegMarkers: [UInt8] = [0xFF, 0xD8, 0xFF]
    private static let pngMagic: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let wsqMarker: [UInt8] = [0xFF, 0xA0]

    /// The signature at the start of `bytes`, or `nil` if none is recognised.
    public static func detect(_ bytes: [UInt8]) -> ImageSignature? {
        if bytes.starts(with: jp2Box) { return .jp2File }
        if bytes.starts(with: j2kMarkers) { return .j2kCodestream }
        if bytes.starts(with: jpegMarkers) { return .jpeg }
        if bytes.starts(with: pngMagic) { return .png }
        if bytes.starts(with: wsqMarker) { return .wsq }
        return nil
    }

    /// Whether this is JPEG 2000 in either wrapping.
    public var isJPEG2000: Bool { self == .jp2File || self == .j2kCodestream }

    /// Throws unless `data` starts with one of `allowed`.
    static func require(_ allowed: [ImageSignature], in data: [UInt8], field: String) throws(RecordError) {
        guard let found = detect(data), allowed.contains(found) else {
            let head = data.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
            throw .invalidField(name: field, value: "does not start with a \(allowed) signature (starts \(head))")
        }
    }
}

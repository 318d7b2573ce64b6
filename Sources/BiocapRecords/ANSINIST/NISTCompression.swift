/// Compression algorithm codes of the tagged image records (`CGA`: 10.011, 14.011, 17.011), ANSI/NIST-ITL 1-2011
/// Table 15.
public enum NISTCompression: String, Sendable, Hashable, CaseIterable {
    case none = "NONE"
    case wsq20 = "WSQ20"
    /// JPEG ISO/IEC 10918, lossy.
    case jpegb = "JPEGB"
    /// JPEG ISO/IEC 10918, lossless.
    case jpegl = "JPEGL"
    /// JPEG 2000 ISO/IEC 15444-1, lossy.
    case jp2 = "JP2"
    /// JPEG 2000 ISO/IEC 15444-1, lossless.
    case jp2l = "JP2L"
    case png = "PNG"

    /// The image signatures data with this compression may start with; empty for raw pixels.
    var signatures: [ImageSignature] {
        switch self {
        case .none: []
        case .wsq20: [.wsq]
        case .jpegb, .jpegl: [.jpeg]
        case .jp2, .jp2l: [.jp2File, .j2kCodestream]
        case .png: [.png]
        }
    }

    /// JPEGB or JPEGL, from the JPEG's first start-of-frame marker (SOF3, 7, 11, 15 are the lossless processes).
    /// Bounded: walks marker segments by their lengths and stops at the first SOF or at the end of the data.
    static func jpeg(_ data: [UInt8]) -> NISTCompression {
        var index = 2
        while index + 4 <= data.count {
            guard data[index] == 0xFF else { return .jpegb }
            let marker = data[index + 1]
            if marker == 0xFF { index += 1; continue }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return [0xC3, 0xC7, 0xCB, 0xCF].contains(marker) ? .jpegl : .jpegb
            }
            let length = Int(data[index + 2]) << 8 | Int(data[index + 3])
            guard length >= 2 else { return .jpegb }
            index += 2 + length
        }
        return .jpegb
    }
}

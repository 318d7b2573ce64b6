/// Compression algorithm codes of ISO/IEC 19794-4:2011 (Table 3).
public enum FingerImageCompression: UInt8, Sendable, Hashable, CaseIterable {
    case uncompressed = 0
    case uncompressedBitPacked = 1
    case wsq = 2
    case jpeg = 3
    case jpeg2000Lossy = 4
    case jpeg2000Lossless = 5
    case png = 6

    /// The image data signatures this compression allows; empty for the raw forms.
    var signatures: [ImageSignature] {
        switch self {
        case .uncompressed, .uncompressedBitPacked: []
        case .wsq: [.wsq]
        case .jpeg: [.jpeg]
        case .jpeg2000Lossy, .jpeg2000Lossless: [.jp2File, .j2kCodestream]
        case .png: [.png]
        }
    }
}

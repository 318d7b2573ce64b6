/// Image data type codes of ISO/IEC 19794-5:2011.
public enum FaceImageDataType: UInt8, Sendable, Hashable, CaseIterable {
    case jpeg = 0
    case jpeg2000Lossy = 1
    case jpeg2000Lossless = 2
    case png = 3

    var signatures: [ImageSignature] {
        switch self {
        case .jpeg: [.jpeg]
        case .jpeg2000Lossy, .jpeg2000Lossless: [.jp2File, .j2kCodestream]
        case .png: [.png]
        }
    }
}

/// Image format codes of ISO/IEC 19794-6:2011 (Table 4).
public enum IrisImageFormat: UInt8, Sendable, Hashable, CaseIterable {
    case monoRaw = 2
    case rgbRaw = 4
    case monoJPEG = 6
    case rgbJPEG = 8
    case monoJPEG2000 = 10
    case rgbJPEG2000 = 12
    case monoPNG = 14
    case rgbPNG = 16

    /// Whether the image data is raw pixels rather than a compressed file.
    public var isRaw: Bool { self == .monoRaw || self == .rgbRaw }
    /// Colour channels per pixel.
    public var channels: Int { rawValue.isMultiple(of: 4) ? 3 : 1 }

    var signatures: [ImageSignature] {
        switch self {
        case .monoRaw, .rgbRaw: []
        case .monoJPEG, .rgbJPEG: [.jpeg]
        case .monoJPEG2000, .rgbJPEG2000: [.jp2File, .j2kCodestream]
        case .monoPNG, .rgbPNG: [.png]
        }
    }
}

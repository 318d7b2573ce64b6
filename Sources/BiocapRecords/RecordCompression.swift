import BiocapImaging

/// How a record's image is compressed, as a kit is configured to write it (`fingerCompression` in biocapd's settings).
///
/// Names as they are written in settings and on the command line: `none`, `jpeg2000-lossless`, `jpeg2000` (lossy, at
/// a rate in bits per pixel) and, for fingerprints, `wsq` (at a rate).
public enum RecordCompression: Sendable, Hashable, CustomStringConvertible {
    /// Raw 8-bit pixels.
    case none
    /// JPEG 2000, reversible 5/3 wavelet: the pixels come back exactly.
    case jpeg2000Lossless
    /// JPEG 2000, irreversible 9/7 wavelet at about this many bits per pixel.
    case jpeg2000(bitsPerPixel: Double)
    /// FBI WSQ 3.1 at about this many bits per pixel: fingerprints only.
    case wsq(bitsPerPixel: Double)

    /// The bit rate lossy compression uses when none is given: the FBI's setting for 500 ppi fingerprints (15:1).
    public static let defaultBitsPerPixel = 0.75
    /// The names `init(name:bitsPerPixel:)` takes.
    public static let names = ["none", "jpeg2000-lossless", "jpeg2000", "wsq"]

    /// Parses a setting's name and optional rate.
    /// - Throws: `RecordError.invalidField` naming the known names, or the allowed rates (more than 0, below 8 bits per
    ///   pixel), or a rate given for a lossless choice.
    public init(name: String, bitsPerPixel: Double? = nil) throws(RecordError) {
        switch name {
        case "none", "jpeg2000-lossless":
            if let bitsPerPixel {
                throw .invalidField(name: "compression rate", value: "\(bitsPerPixel) given for '\(name)', which keeps every pixel")
            }
            self = name == "none" ? .none : .jpeg2000Lossless
        case "jpeg2000", "wsq":
            let rate = bitsPerPixel ?? Self.defaultBitsPerPixel
            guard rate.isFinite, rate > 0, rate < 8 else {
                throw .invalidField(name: "compression rate", value: "\(rate) bits per pixel (must be more than 0 and below 8)")
            }
            if name == "wsq", !WSQCodec.bitRates.contains(rate) {
                throw .invalidField(name: "compression rate", value: "\(rate) bits per pixel (WSQ takes \(WSQCodec.bitRates.lowerBound)–\(WSQCodec.bitRates.upperBound))")
            }
            self = name == "wsq" ? .wsq(bitsPerPixel: rate) : .jpeg2000(bitsPerPixel: rate)
        default:
            throw .invalidField(name: "compression", value: "'\(name)' (known: \(Self.names.joined(separator: ", ")))")
        }
    }

    /// The setting's name (`jpeg2000-lossless` …).
    public var name: String {
        switch self {
        case .none: "none"
        case .jpeg2000Lossless: "jpeg2000-lossless"
        case .jpeg2000: "jpeg2000"
        case .wsq: "wsq"
        }
    }

    /// Bits per pixel of a lossy choice; nil for the lossless ones.
    public var bitsPerPixel: Double? {
        switch self {
        case .none, .jpeg2000Lossless: nil
        case .jpeg2000(let rate), .wsq(let rate): rate
        }
    }

    /// Whether decoding gives back exactly the pixels encoded.
    public var isLossless: Bool { bitsPerPixel == nil }

    public var description: String {
        if let bitsPerPixel { return "\(name) at \(bitsPerPixel) bpp" }
        return name
    }
}

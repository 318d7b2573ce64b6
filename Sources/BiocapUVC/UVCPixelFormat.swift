import BiocapDeviceKit

/// The pixel encodings biocap decodes, identified by a format descriptor's GUID or type.
public enum UVCPixelFormat: Sendable, Hashable, CustomStringConvertible {
    case mjpeg
    /// Packed 4:2:2, Y0 U Y1 V.
    case yuy2
    /// Planar luma then interleaved U/V at half resolution.
    case nv12
    /// 8-bit greyscale (`Y800`, `GREY`, `Y8  `).
    case gray8
    /// 16-bit little-endian greyscale (`Y16 `).
    case gray16
    /// A format biocap does not decode; the GUID's four-character code.
    case other(String)

    /// The common tail of the Microsoft-style FourCC GUIDs UVC uses.
    static let guidSuffix: [UInt8] = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// The format named by a 16-byte GUID.
    init(guid: [UInt8]) {
        let fourCC = String(decoding: guid.prefix(4).map { (0x20...0x7e).contains($0) ? $0 : 0x3f }, as: UTF8.self)
        guard guid.count == 16, Array(guid[4...]) == Self.guidSuffix else {
            self = .other(fourCC)
            return
        }
        switch fourCC {
        case "YUY2": self = .yuy2
        case "NV12": self = .nv12
        case "Y800", "GREY", "Y8  ": self = .gray8
        case "Y16 ": self = .gray16
        case "MJPG": self = .mjpeg
        default: self = .other(fourCC)
        }
    }

    /// The 16-byte GUID for an uncompressed or frame-based format descriptor.
    public var guid: [UInt8] {
        let fourCC: String = switch self {
        case .mjpeg: "MJPG"
        case .yuy2: "YUY2"
        case .nv12: "NV12"
        case .gray8: "Y800"
        case .gray16: "Y16 "
        case .other(let code): String((code + "    ").prefix(4))
        }
        return Array(fourCC.utf8.prefix(4)) + Self.guidSuffix
    }

    /// Whether the frames have a fixed size (uncompressed) that a complete frame must match.
    public var isUncompressed: Bool {
        switch self {
        case .yuy2, .nv12, .gray8, .gray16: true
        case .mjpeg, .other: false
        }
    }

    /// Whether biocap can turn this format into images.
    public var isDecodable: Bool {
        if case .other = self { false } else { true }
    }

    /// Whether the format carries colour (greyscale formats do not).
    public var isColour: Bool {
        switch self {
        case .mjpeg, .yuy2, .nv12: true
        case .gray8, .gray16, .other: false
        }
    }

    /// Bits per pixel of the uncompressed layout.
    public var bitsPerPixel: Int? {
        switch self {
        case .yuy2, .gray16: 16
        case .nv12: 12
        case .gray8: 8
        case .mjpeg, .other: nil
        }
    }

    public var description: String {
        switch self {
        case .mjpeg: "MJPEG"
        case .yuy2: "YUY2"
        case .nv12: "NV12"
        case .gray8: "Y8"
        case .gray16: "Y16"
        case .other(let code): "other(\(code))"
        }
    }
}

import BiocapDeviceKit

/// Why a complete frame could not be turned into an image.
public enum UVCDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongSize(expected: Int, got: Int)
    case unsupportedFormat(String)
    case jpeg(String)

    public var description: String {
        switch self {
        case .wrongSize(let expected, let got): "frame of \(got) bytes, expected \(expected)"
        case .unsupportedFormat(let format): "cannot decode pixel format \(format)"
        case .jpeg(let reason): "MJPEG frame does not decode: \(reason)"
        }
    }
}

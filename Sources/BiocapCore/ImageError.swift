/// Why an image could not be made, read or written.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidSize(width: Int, height: Int)
    case pixelCountMismatch(expected: Int, actual: Int)
    case unsupportedFormat(String)
    case malformed(String)
    case codec(String)

    public var description: String {
        switch self {
        case .invalidSize(let width, let height): "invalid image size \(width)×\(height)"
        case .pixelCountMismatch(let expected, let actual): "expected \(expected) pixel bytes, got \(actual)"
        case .unsupportedFormat(let format): "unsupported image format: \(format)"
        case .malformed(let reason): "malformed image: \(reason)"
        case .codec(let reason): "image codec error: \(reason)"
        }
    }
}

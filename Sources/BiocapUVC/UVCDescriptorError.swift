import BiocapDeviceKit

/// Why a configuration descriptor could not be read as a UVC camera.
public enum UVCDescriptorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A descriptor's `bLength` is below 2 or runs past the end of the data.
    case badLength(offset: Int, length: Int)
    /// A descriptor is shorter than its type requires.
    case truncated(offset: Int, what: String)
    /// A value contradicts the rest of the descriptors (e.g. a frame before any format).
    case inconsistent(String)
    /// No video-streaming interface with a usable format.
    case notUVC

    public var description: String {
        switch self {
        case .badLength(let offset, let length): "descriptor at offset \(offset) has invalid bLength \(length)"
        case .truncated(let offset, let what): "\(what) descriptor at offset \(offset) is truncated"
        case .inconsistent(let reason): "inconsistent UVC descriptors: \(reason)"
        case .notUVC: "no UVC video-streaming interface with a usable format"
        }
    }
}

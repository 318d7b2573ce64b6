import BiocapDeviceKit

/// bStillCaptureMethod of a VS input header (UVC 1.5 §2.4.2.4).
public enum UVCStillCaptureMethod: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// No still capture.
    case none = 0
    /// Method 1: the host takes a frame of the video stream.
    case videoFrame = 1
    /// Method 2: the camera sends the still, marked with the STI bit, on the video endpoint.
    case videoEndpoint = 2
    /// Method 3: the camera sends the still on a dedicated bulk still endpoint.
    case bulkEndpoint = 3

    /// The method of a raw bStillCaptureMethod; values past 3 (reserved) read as none.
    public init(byte: UInt8) { self = Self(rawValue: byte) ?? .none }

    /// Whether the camera itself produces the still (methods 2 and 3, with still probe/commit).
    public var isCameraStill: Bool { self == .videoEndpoint || self == .bulkEndpoint }

    public var description: String {
        switch self {
        case .none: "none"
        case .videoFrame: "method 1 (video frame)"
        case .videoEndpoint: "method 2 (video endpoint)"
        case .bulkEndpoint: "method 3 (bulk still endpoint)"
        }
    }
}

import BiocapDeviceKit

/// Why a probe/commit or stream setup could not complete (transport failures are `USBTransferError`).
public enum UVCNegotiationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The camera answered a probe with a format or frame index it does not describe.
    case unknownFormat(formatIndex: UInt8, frameIndex: UInt8)
    /// A control answered with fewer bytes than asked for.
    case shortReply(expected: Int, got: Int)
    /// The streaming interface has no endpoint able to carry the stream.
    case noEndpoint(interface: Int)
    /// The camera timed out or stalled on one probe/commit step (named as in UVC 1.5 §4.3.1.1).
    case stepFailed(step: String, reason: String)

    public var description: String {
        switch self {
        case .unknownFormat(let format, let frame): "camera chose format \(format) frame \(frame), which it does not describe"
        case .shortReply(let expected, let got): "control reply of \(got) bytes, expected \(expected)"
        case .noEndpoint(let interface): "streaming interface \(interface) has no usable video endpoint"
        case .stepFailed(let step, let reason): "\(step) failed: \(reason)"
        }
    }
}

import BiocapCore

/// Why a fingerprint sensor driver step failed, before it is tied to a device id.
public enum FingerprintDriverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A USB transfer failed (timeout, stall, device gone …).
    case transfer(USBTransferError)
    /// The device answered something the driver does not accept (short frame, bad checksum …).
    case protocolViolation(String)
    /// No finger reached the sensor before the capture's deadline.
    case noFinger(String)
    /// The capturing task was cancelled.
    case cancelled
    /// A swipe sensor saw a finger but the swipe was too short (or too fast) to assemble; the capture
    /// goes on with the next swipe.
    case swipeTooShort(String)

    public var description: String {
        switch self {
        case .transfer(let error): error.description
        case .protocolViolation(let reason): "protocol error: \(reason)"
        case .noFinger(let reason): reason
        case .cancelled: "cancelled"
        case .swipeTooShort(let reason): reason
        }
    }

    /// The same failure as a `BiocapError` naming the device.
    public func biocapError(device: String) -> BiocapError {
        switch self {
        case .transfer(let error): error.biocapError(device: device)
        case .protocolViolation(let reason): .protocolViolation(device: device, reason: reason)
        case .noFinger(let reason): .timedOut(device: device, reason: reason)
        case .cancelled: .cancelled
        case .swipeTooShort(let reason): .timedOut(device: device, reason: reason)
        }
    }
}

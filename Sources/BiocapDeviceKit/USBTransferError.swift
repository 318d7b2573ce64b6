import BiocapCore

/// Why a USB transfer failed, independent of libusb's numbering.
public enum USBTransferError: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout(endpoint: UInt8)
    case stall(endpoint: UInt8)
    /// The device is gone; never retried.
    case noDevice
    /// The device sent more than asked for.
    case overflow(endpoint: UInt8)
    case cancelled
    case io(String)
    /// The transport cannot do this (e.g. streaming on a scripted transport).
    case notSupported(String)

    public var description: String {
        switch self {
        case .timeout(let endpoint): "timeout on endpoint 0x\(String(endpoint, radix: 16))"
        case .stall(let endpoint): "stall on endpoint 0x\(String(endpoint, radix: 16))"
        case .noDevice: "device disconnected"
        case .overflow(let endpoint): "overflow on endpoint 0x\(String(endpoint, radix: 16))"
        case .cancelled: "transfer cancelled"
        case .io(let reason): "I/O error: \(reason)"
        case .notSupported(let what): "not supported by this transport: \(what)"
        }
    }

    /// The same failure as a `BiocapError` naming the device.
    public func biocapError(device: String) -> BiocapError {
        switch self {
        case .timeout(let endpoint): .transferTimeout(device: device, endpoint: endpoint)
        case .stall(let endpoint): .transferStall(device: device, endpoint: endpoint)
        case .noDevice: .deviceDisconnected(device: device)
        case .overflow(let endpoint): .protocolViolation(device: device, reason: "overflow on endpoint 0x\(String(endpoint, radix: 16))")
        case .cancelled: .cancelled
        case .io(let reason): .deviceFailure(device: device, reason: reason)
        case .notSupported(let what): .deviceFailure(device: device, reason: "not supported by this transport: \(what)")
        }
    }
}

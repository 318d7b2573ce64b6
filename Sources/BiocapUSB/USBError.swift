import CLibUSB

/// A libusb failure as a Swift error. `noDevice` means the device is gone: callers never retry it.
public enum USBError: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout
    /// The endpoint stalled (libusb `PIPE`).
    case stall
    case noDevice
    case overflow
    case cancelled
    case accessDenied
    case busy
    case notFound
    case notSupported
    case invalidParameter
    /// The handle was closed before the transfer could start.
    case handleClosed
    /// Any other libusb error, with its code and libusb's name for it.
    case other(code: Int32, name: String)

    /// Maps a negative libusb return code.
    public init(code: Int32) {
        switch code {
        case LIBUSB_ERROR_TIMEOUT.rawValue: self = .timeout
        case LIBUSB_ERROR_PIPE.rawValue: self = .stall
        case LIBUSB_ERROR_NO_DEVICE.rawValue: self = .noDevice
        case LIBUSB_ERROR_OVERFLOW.rawValue: self = .overflow
        case LIBUSB_ERROR_INTERRUPTED.rawValue: self = .cancelled
        case LIBUSB_ERROR_ACCESS.rawValue: self = .accessDenied
        case LIBUSB_ERROR_BUSY.rawValue: self = .busy
        case LIBUSB_ERROR_NOT_FOUND.rawValue: self = .notFound
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue: self = .notSupported
        case LIBUSB_ERROR_INVALID_PARAM.rawValue: self = .invalidParameter
        default:
            let name = libusb_error_name(code).map { String(cString: $0) } ?? "LIBUSB_ERROR_\(code)"
            self = .other(code: code, name: name)
        }
    }

    /// Maps a completed transfer's status; `nil` for a transfer that completed.
    init?(status: libusb_transfer_status) {
        switch status {
        case LIBUSB_TRANSFER_COMPLETED: return nil
        case LIBUSB_TRANSFER_TIMED_OUT: self = .timeout
        case LIBUSB_TRANSFER_STALL: self = .stall
        case LIBUSB_TRANSFER_NO_DEVICE: self = .noDevice
        case LIBUSB_TRANSFER_OVERFLOW: self = .overflow
        case LIBUSB_TRANSFER_CANCELLED: self = .cancelled
        default: self = .other(code: LIBUSB_ERROR_IO.rawValue, name: "LIBUSB_TRANSFER_ERROR")
        }
    }

    public var description: String {
        switch self {
        case .timeout: "timed out"
        case .stall: "endpoint stalled"
        case .noDevice: "device disconnected"
        case .overflow: "device sent more data than requested"
        case .cancelled: "cancelled"
        case .accessDenied: "access denied (check the udev rule and the biocap group)"
        case .busy: "busy (another program or a kernel driver holds the interface)"
        case .notFound: "not found"
        case .notSupported: "not supported on this platform"
        case .invalidParameter: "invalid parameter"
        case .handleClosed: "device handle closed"
        case .other(let code, let name): "\(name) (\(code))"
        }
    }

    /// Throws for a negative libusb return code; returns non-negative ones.
    @discardableResult
    static func check(_ code: Int32) throws(USBError) -> Int32 {
        if code < 0 { throw USBError(code: code) }
        return code
    }
}

/// Errors that cross module boundaries, each with a stable code (used in API error bodies) and
/// a message for people.
public enum BiocapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request is wrong; `field` names what to fix.
    case invalidRequest(field: String, reason: String)
    /// The device is already capturing for someone else.
    case deviceBusy(device: String)
    /// The device went away (unplugged, powered off) during or before the operation.
    case deviceDisconnected(device: String)
    /// The device is not open.
    case deviceNotOpen(device: String)
    /// A USB transfer did not complete in time.
    case transferTimeout(device: String, endpoint: UInt8)
    /// The device stalled an endpoint.
    case transferStall(device: String, endpoint: UInt8)
    /// The device answered something the driver does not accept (short frame, bad checksum …).
    case protocolViolation(device: String, reason: String)
    /// Any other device-side failure.
    case deviceFailure(device: String, reason: String)
    /// The caller cancelled.
    case cancelled
    /// The service is shutting down.
    case shuttingDown
    /// Something asked for does not exist.
    case notFound(kind: String, id: String)
    /// The capture ran out of time before the device delivered a usable frame.
    case timedOut(device: String, reason: String)
    /// The capture has not completed (still running, failed or cancelled), so it has no result.
    case captureNotFinished(id: String, state: String)
    /// A slap showed fewer fingers than requested and not covered by exceptions.
    case fingersMissing(position: String, expected: Int, found: Int)
    /// The capture already went into a stored packet: a capture belongs to at most one packet, and its data
    /// now lives in that packet (the capture's own copy is dropped).
    case capturePacked(id: String, packetID: String)
    /// The capture finished too long ago (or was dropped to stay within memory) before it was packed: its
    /// images and records are gone; capture again.
    case captureExpired(id: String)
    /// A signature capture was finished before the pen wrote anything on the pad.
    case signatureEmpty(device: String)

    /// Stable kebab-case code for API error bodies.
    public var code: String {
        switch self {
        case .invalidRequest: "invalid-request"
        case .deviceBusy: "device-busy"
        case .deviceDisconnected: "device-disconnected"
        case .deviceNotOpen: "device-not-open"
        case .transferTimeout: "transfer-timeout"
        case .transferStall: "transfer-stall"
        case .protocolViolation: "protocol-violation"
        case .deviceFailure: "device-failure"
        case .cancelled: "cancelled"
        case .shuttingDown: "shutting-down"
        case .notFound: "not-found"
        case .timedOut: "capture-timeout"
        case .fingersMissing: "fingers-missing"
        case .captureNotFinished: "capture-not-finished"
        case .capturePacked: "capture-already-packed"
        case .captureExpired: "capture-expired"
        case .signatureEmpty: "signature-empty"
        }
    }

    public var description: String {
        switch self {
        case .invalidRequest(let field, let reason): "invalid '\(field)': \(reason)"
        case .deviceBusy(let device): "device \(device) is busy with another capture"
        case .deviceDisconnected(let device): "device \(device) was disconnected"
        case .deviceNotOpen(let device): "device \(device) is not open"
        case .transferTimeout(let device, let endpoint): "device \(device): transfer on endpoint 0x\(String(endpoint, radix: 16)) timed out"
        case .transferStall(let device, let endpoint): "device \(device): endpoint 0x\(String(endpoint, radix: 16)) stalled"
        case .protocolViolation(let device, let reason): "device \(device): protocol error: \(reason)"
        case .deviceFailure(let device, let reason): "device \(device): \(reason)"
        case .cancelled: "capture cancelled"
        case .shuttingDown: "biocapd is shutting down"
        case .notFound(let kind, let id): "no \(kind) '\(id)'"
        case .timedOut(let device, let reason): "device \(device): capture timed out: \(reason)"
        case .captureNotFinished(let id, let state): "capture \(id) has no result (state: \(state))"
        case .captureExpired(let id): "capture \(id) expired before it was packed; its images and records were dropped, capture again"
        case .capturePacked(let id, let packetID): "capture \(id) is already in packet \(packetID); its records are served from the packet"
        case .signatureEmpty(let device): "device \(device): finished before anything was written; sign, or record the exception 'unable-to-sign'"
        case .fingersMissing(let position, let expected, let found):
            "\(position): \(found) of \(expected) fingers found; record the missing ones as exceptions or capture again"
        }
    }
}

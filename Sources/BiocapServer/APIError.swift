import BiocapCore
import BiocapQueue
import BiocapRecords
import Hummingbird

/// An error as the API returns it: an HTTP status and `{"error": {"code", "message"}}`.
public struct APIError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String

    public init(status: HTTPResponse.Status, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// 400 naming the field that is wrong.
    static func invalid(_ field: String, _ reason: String) -> APIError {
        APIError(biocap: .invalidRequest(field: field, reason: reason))
    }

    /// Maps a core error to its status: 400 invalid, 404 unknown, 409 busy or not finished, 503 shutting down
    /// or device gone, 502 when the device failed, 504 when the device never delivered.
    public init(biocap error: BiocapError) {
        let status: HTTPResponse.Status = switch error {
        case .invalidRequest: .badRequest
        case .notFound: .notFound
        case .deviceBusy, .captureNotFinished, .capturePacked, .cancelled: .conflict
        case .shuttingDown, .deviceDisconnected, .deviceNotOpen: .serviceUnavailable
        case .transferTimeout, .transferStall, .protocolViolation, .deviceFailure: .badGateway
        case .timedOut: .gatewayTimeout
        case .fingersMissing, .signatureEmpty: .unprocessableContent
        case .captureExpired: .gone
        }
        self.init(status: status, code: error.code, message: error.description)
    }

    /// Maps a queue error to its status: 404 unknown packet, 409 lease or state conflicts, 400 invalid,
    /// 507 disk full, 500 when the store cannot be used.
    public init(queue error: QueueError) {
        let status: HTTPResponse.Status = switch error {
        case .notFound: .notFound
        case .duplicatePacket, .captureAlreadyPacked, .idempotencyKeyReused, .leaseMismatch, .leaseExpired, .wrongState: .conflict
        case .invalidPacket, .invalidArgument: .badRequest
        case .diskFull: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
        case .erased: .gone
        case .readOnly, .storage, .notAQueueDatabase, .cannotCreateDirectory, .corrupt, .kitKeyMismatch, .kitKey: .internalServerError
        }
        self.init(status: status, code: error.code, message: error.description)
    }

    /// A record that cannot be encoded or decoded on the server's side: 500.
    public init(record error: RecordError) {
        self.init(status: .internalServerError, code: "record-error", message: "\(error)")
    }
}

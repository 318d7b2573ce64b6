import BiocapCore
import BiocapQueue
import BiocapRecords
import Dispatch
import Foundation
import Hummingbird

/// Assembles packets from finished captures into the enrolment queue, and serves the queue's
/// consumer API. Queue calls block on SQLite (and fsync), so they run on a dedicated dispatch
/// queue rather than on the cooperative thread pool that scores frames.
public struct PacketService: Sendable {
    public let queue: EnrolmentQueue
    let captures: CaptureManager
    let assembler: PacketAssembler
    private let worker = DispatchQueue(label: "biocap.queue", qos: .userInitiated)

    public init(queue: EnrolmentQueue, captures: CaptureManager, kitID: String) {
        self.queue = queue
        self.captures = captures
        self.assembler = PacketAssembler(kitID: kitID)
    }

    /// Runs a blocking queue operation off the cooperative pool.
    public func offload<T: Sendable>(_ work: @escaping @Sendable (EnrolmentQueue) throws -> T) async throws -> T {
        let queue = self.queue
        return try await withCheckedThrowingContinuation { continuation in
            worker.async { continuation.resume(with: Result { try work(queue) }) }
        }
    }

    /// Builds the packet and stores it; returns once it is durable.
    public func submit(_ body: PacketRequestBody) async throws -> QueuedPacket {
        var parts: [(id: String, positions: [CapturedPosition], exceptions: [BiometricException])] = []
        for id in body.captures {
            let positions = try await captures.positions(id)
            let info = try await captures.info(id)
            parts.append((id, positions, info.exceptions))
        }
        let packet = try assembler.assemble(body, captures: parts)
        return try await offload { try $0.enqueue(packet) }
    }

    func summary() async throws -> QueueSummary {
        let stats = try await offload { try $0.stats() }
        return QueueSummary(pending: stats.pending, leased: stats.leased, done: stats.done, dead: stats.dead)
    }

    /// Maps queue and record errors to API errors.
    static func apiError(for error: any Error) -> APIError? {
        if let error = error as? QueueError {
            let status: HTTPResponse.Status = switch error {
            case .notFound: .notFound
            case .duplicatePacket, .leaseMismatch, .leaseExpired, .wrongState: .conflict
            case .invalidPacket, .invalidArgument: .badRequest
            case .diskFull: HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
            case .readOnly, .storage, .notAQueueDatabase, .cannotCreateDirectory, .corrupt: .internalServerError
            }
            return APIError(status: status, code: error.code, message: error.description)
        }
        if let error = error as? RecordError {
            return APIError(status: .internalServerError, code: "record-error", message: "\(error)")
        }
        return nil
    }
}

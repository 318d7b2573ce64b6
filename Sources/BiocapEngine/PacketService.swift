import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapQueue
import BiocapRecords
import Foundation

/// Assembles packets from finished captures into the enrolment queue, and is the consumer's way to the
/// queue (list, lease, ack, nack, export). Answers are the API's documents. Errors are `BiocapError`
/// for a bad request or an unknown capture, `QueueError` from the queue.
///
/// The queue's operations are async and run on GRDB's own dispatch queues (readers in parallel under WAL,
/// writers one at a time), so SQLite and fsync never block the cooperative thread pool that scores frames;
/// every method may be called from any task.
public struct PacketService: Sendable {
    /// The queue, for the daemon to close at shutdown.
    public let queue: EnrolmentQueue
    let captures: CaptureManager
    let assembler: PacketAssembler
    /// The kit's id, as every manifest names it.
    public var kitID: String { assembler.kitID }

    let afterStore: @Sendable () -> Void

    /// - Parameter afterStore: called once a packet is stored and its captures released, on the submitting task
    ///   (the daemon gives the freed memory back to the system then).
    public init(queue: EnrolmentQueue, captures: CaptureManager, kitID: String, afterStore: @escaping @Sendable () -> Void = {}) {
        self.queue = queue
        self.captures = captures
        self.assembler = PacketAssembler(kitID: kitID)
        self.afterStore = afterStore
    }

    /// Builds the packet and stores it; returns once it is durable.
    ///
    /// Each capture goes into at most one packet: once stored, its images and records are released and a
    /// second use throws `capturePacked` (or the queue's `captureAlreadyPacked` when two submissions race).
    /// With an `idempotencyKey`, a retry of the same request returns the packet the first one stored
    /// (`.replayed`), and the same key with a different request throws `idempotencyKeyReused`.
    public func submit(_ body: PacketRequestBody, idempotencyKey: String? = nil) async throws -> EnqueueOutcome {
        let requestSHA256 = try Self.requestDigest(body)
        if let idempotencyKey, let earlier = try await queue.idempotencyRecord(key: idempotencyKey) {
            guard earlier.requestSHA256 == requestSHA256 else {
                throw QueueError.idempotencyKeyReused(key: idempotencyKey, packetID: earlier.packetID)
            }
            return .replayed(try await queue.info(id: earlier.packetID))
        }
        var parts: [(id: String, positions: [CapturedPosition], exceptions: [BiometricException])] = []
        for id in body.captures {
            let positions = try await captures.positions(id)
            let info = try await captures.info(id)
            parts.append((id, positions, info.exceptions))
        }
        let packet = try assembler.assemble(body, captures: parts)
        let claims = PacketClaims(captureIDs: body.captures, idempotencyKey: idempotencyKey, requestSHA256: requestSHA256)
        let outcome = try await queue.enqueue(packet, claims: claims)
        if case .stored(let stored) = outcome {
            await captures.markPacked(body.captures, packetID: stored.packetID)
            afterStore()
        }
        return outcome
    }

    /// SHA-256 of the request in one canonical form (sorted keys, current spellings), so a retry that differs
    /// only in whitespace, key order or a deprecated key spelling is the same request.
    static func requestDigest(_ body: PacketRequestBody) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return RecordDigest.hex(of: Array(try encoder.encode(body)))
    }

    /// A packet's queue status and manifest.
    public func detail(_ packetID: String) async throws -> PacketDetail {
        let info = try await queue.info(id: packetID)
        let packet = try await queue.packet(id: packetID)
        return PacketDetail(packet: info, manifest: packet.manifest)
    }

    /// The stored packet, records checked against their digests.
    public func packet(_ packetID: String) async throws -> CapturePacket {
        try await queue.packet(id: packetID)
    }

    /// One record of a stored packet.
    /// - Throws: `BiocapError.notFound` when the packet has no such record.
    public func record(_ recordID: String, of packetID: String) async throws -> PacketRecord {
        let packet = try await packet(packetID)
        guard let record = packet.records.first(where: { $0.id == recordID }) else {
            throw BiocapError.notFound(kind: "record in packet \(packetID)", id: recordID)
        }
        return record
    }

    /// Counts per state, the oldest pending packet's age and the bytes stored.
    public func statistics() async throws -> QueueStatistics {
        try await queue.stats()
    }

    /// Acknowledged packets found missing when the queue was opened (see `EnrolmentQueue.lossAtOpen`).
    public var lossAtOpen: QueueLoss? { queue.lossAtOpen }

    /// Counts per state, for `/v1/health`.
    public func summary() async throws -> QueueSummary {
        let stats = try await statistics()
        return QueueSummary(pending: stats.pending, leased: stats.leased, done: stats.done, dead: stats.dead)
    }

    /// Packets, oldest first, optionally in one state.
    public func list(state: PacketStatus.State?, limit: Int) async throws -> [PacketStatus] {
        try await queue.list(state: state, limit: limit)
    }

    /// Leases up to `max` pending packets for `duration`.
    public func lease(max count: Int, for duration: Duration) async throws -> [PacketLease] {
        try await queue.lease(max: count, for: duration)
    }

    /// Acknowledges a leased packet (delivered); returns its new status.
    public func ack(_ packetID: String, leaseToken: UUID) async throws -> PacketStatus {
        try await queue.ack(packetID: packetID, leaseToken: leaseToken)
        return try await queue.info(id: packetID)
    }

    /// Gives a leased packet back (not delivered, `reason` says why); returns its new status.
    public func nack(_ packetID: String, leaseToken: UUID, reason: String) async throws -> PacketStatus {
        try await queue.nack(packetID: packetID, leaseToken: leaseToken, reason: reason)
        return try await queue.info(id: packetID)
    }
}

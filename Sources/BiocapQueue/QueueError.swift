import BiocapProtection
import Foundation

/// Everything the enrolment queue can fail with, each with a stable code and a message for people.
public enum QueueError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The file at `path` is not an SQLite database, or is one written by another program; it was not changed.
    case notAQueueDatabase(path: String, reason: String)
    /// A packet with this id is already in the queue (whatever its state).
    case duplicatePacket(packetID: String)
    /// The capture already went into another stored packet; a capture belongs to at most one.
    case captureAlreadyPacked(captureID: String, packetID: String)
    /// The idempotency key already stored a packet from a different request.
    case idempotencyKeyReused(key: String, packetID: String)
    /// The packet does not hold together (a record missing, unnamed, of the wrong size/format/hash …).
    case invalidPacket(packetID: String, reason: String)
    /// No packet with this id is in the queue.
    case notFound(packetID: String)
    /// The lease token is not the packet's current one (another consumer leased it since, or it was never valid).
    case leaseMismatch(packetID: String)
    /// The lease ran out before the ack/nack; the packet was, or will be, handed out again.
    case leaseExpired(packetID: String)
    /// The operation needs the packet in another state (e.g. requeueing a packet that is not dead).
    case wrongState(packetID: String, state: PacketState, expected: PacketState)
    /// Stored bytes no longer match their SHA-256 or the manifest: the packet was damaged on disk.
    case corrupt(packetID: String, reason: String)
    /// The database file or its directory cannot be written.
    case readOnly(path: String, detail: String)
    /// The disk (or the database size limit) is full; nothing was stored.
    case diskFull(path: String)
    /// The database directory could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A caller passed a value that makes no sense (zero lease duration, negative limit …).
    case invalidArgument(name: String, reason: String)
    /// Any other SQLite/IO failure, with SQLite's message.
    case storage(path: String, detail: String)
    /// The queue was written under other kit keys (replaced key files, keys from another kit); nothing was changed.
    case kitKeyMismatch(path: String, expected: String, found: String)
    /// The kit's keys cannot be loaded or created.
    case kitKey(KitKeyError)
    /// The packet was delivered and its data key destroyed: its records and manifest can no longer be read.
    case erased(packetID: String)

    /// Stable kebab-case code for API error bodies.
    public var code: String {
        switch self {
        case .notAQueueDatabase: "not-a-queue-database"
        case .duplicatePacket: "duplicate-packet"
        case .captureAlreadyPacked: "capture-already-packed"
        case .idempotencyKeyReused: "idempotency-key-reused"
        case .invalidPacket: "invalid-packet"
        case .notFound: "packet-not-found"
        case .leaseMismatch: "lease-mismatch"
        case .leaseExpired: "lease-expired"
        case .wrongState: "wrong-packet-state"
        case .corrupt: "packet-corrupt"
        case .readOnly: "queue-read-only"
        case .diskFull: "disk-full"
        case .cannotCreateDirectory: "cannot-create-directory"
        case .invalidArgument: "invalid-argument"
        case .storage: "storage-error"
        case .kitKeyMismatch: "kit-key-mismatch"
        case .kitKey(let error): error.code
        case .erased: "packet-erased"
        }
    }

    public var description: String {
        switch self {
        case .notAQueueDatabase(let path, let reason):
            "\(path) is not a biocap enrolment queue database (\(reason)); it was left untouched"
        case .duplicatePacket(let id): "packet \(id) is already in the queue"
        case .captureAlreadyPacked(let capture, let packet): "capture \(capture) is already in packet \(packet)"
        case .idempotencyKeyReused(let key, let packet):
            "idempotency key '\(key)' already stored packet \(packet) from a different request; use a new key for a new packet"
        case .invalidPacket(let id, let reason): "packet \(id) is invalid: \(reason)"
        case .notFound(let id): "no packet \(id) in the queue"
        case .leaseMismatch(let id): "the lease token does not match the current lease of packet \(id)"
        case .leaseExpired(let id): "the lease on packet \(id) expired before it was acknowledged"
        case .wrongState(let id, let state, let expected):
            "packet \(id) is \(state.rawValue), expected \(expected.rawValue)"
        case .corrupt(let id, let reason): "packet \(id) is corrupt on disk: \(reason)"
        case .readOnly(let path, let detail): "the queue database \(path) cannot be written: \(detail)"
        case .diskFull(let path): "the disk holding \(path) is full; nothing was stored"
        case .cannotCreateDirectory(let path, let reason): "cannot create the queue directory \(path): \(reason)"
        case .invalidArgument(let name, let reason): "invalid \(name): \(reason)"
        case .storage(let path, let detail): "queue database \(path): \(detail)"
        case .kitKeyMismatch(let path, let expected, let found):
            "the queue \(path) was written under kit key \(expected.prefix(16))…, but this kit's key is \(found.prefix(16))…; "
                + "restore the kit's own key files (nothing in the queue was changed)"
        case .kitKey(let error): error.description
        case .erased(let id): "packet \(id) was delivered and crypto-erased: its records and manifest can no longer be read"
        }
    }

    public var errorDescription: String? { description }
}

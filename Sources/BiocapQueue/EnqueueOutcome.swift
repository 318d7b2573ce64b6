/// What `EnrolmentQueue.enqueue(_:claims:now:)` did.
public enum EnqueueOutcome: Sendable, Equatable {
    /// The packet was stored now.
    case stored(QueuedPacket)
    /// A packet with the same idempotency key and the same request was already stored; this is it, unchanged.
    case replayed(QueuedPacket)

    /// The packet's status, whichever happened.
    public var packet: QueuedPacket {
        switch self {
        case .stored(let packet), .replayed(let packet): packet
        }
    }
}

/// Where a packet is in its life in the enrolment queue.
///
/// `pending → leased → done`; a nack or an expired lease puts it back to `pending`, and the failure that
/// reaches `EnrolmentQueue.maxAttempts` puts it in `dead` until an operator requeues it.
public enum PacketState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Stored and waiting for a consumer.
    case pending
    /// Handed to a consumer that must ack or nack it before the lease deadline.
    case leased
    /// Acknowledged by a consumer (uploaded); kept until purged by retention.
    case done
    /// Failed too often; kept aside until `EnrolmentQueue.requeueDead(_:)`.
    case dead
}

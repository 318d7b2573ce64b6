import BiocapAPI

// The queue answers in the socket API's own documents: a packet's status, a lease and the statistics are
// exactly what the consumer API hands out, so each is one type (in BiocapAPI), not a copy and a mapping.

/// What the queue knows about one stored packet, without its record bytes.
public typealias QueuedPacket = PacketStatus

/// Where a packet is in its life: `pending → leased → done`; a nack or an expired lease puts it back to
/// `pending`, and the failure that reaches `EnrolmentQueue.maxAttempts` puts it in `dead` until an operator
/// requeues it.
public typealias PacketState = PacketStatus.State

/// A consumer's temporary claim on one packet: ack or nack it with `token` before `deadline`.
public typealias Lease = PacketLease

/// A snapshot of the queue for health checks and the technician CLI.
public typealias QueueStats = QueueStatistics

/// Why a packet's delivery stopped, sorted by what happens to the packet.
enum DeliveryFailure: Error, CustomStringConvertible {
    /// The store could not be reached or failed (after retries): the packet goes back to pending uncounted and the
    /// uplink waits before trying again.
    case link(S3Error)
    /// The store refuses the kit (403): nothing will change without an operator. The packet stays pending.
    case refused(S3Error)
    /// Something about this packet cannot be delivered (it cannot be sealed, or the store holds different bytes under
    /// its name — quarantined, never overwritten): a failed attempt (`nack`); enough of them make it dead.
    case packet(String)
    /// The kit's own queue failed (disk full, corrupt row): the packet is given back and the error reported.
    case queue(String)

    var description: String {
        switch self {
        case .link(let error): "\(error)"
        case .refused(let error): "\(error) — check the kit's credentials and the store's policy for this kit"
        case .packet(let reason): reason
        case .queue(let reason): "the kit's queue: \(reason)"
        }
    }
}

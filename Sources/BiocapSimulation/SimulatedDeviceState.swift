import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// The bookkeeping every simulated device shares: open or not, unplugged or not, and the one live
/// stream. Held by each device actor and only touched on it.
struct SimulatedDeviceState {
    private(set) var isOpen = false
    private(set) var isDisconnected = false
    private var live: StreamLease?

    mutating func open() {
        isOpen = true
        isDisconnected = false
    }

    mutating func close() {
        live?.end()
        live = nil
        isOpen = false
    }

    /// Checks a new stream may start and reserves the device for it.
    mutating func beginStream(device: String) throws(BiocapError) -> StreamLease {
        if isDisconnected { throw .deviceDisconnected(device: device) }
        guard isOpen else { throw .deviceNotOpen(device: device) }
        if let live, !live.isEnded { throw .deviceBusy(device: device) }
        let lease = StreamLease()
        live = lease
        return lease
    }

    /// Frees the device when `lease` is still the live stream; an unplug also marks it disconnected.
    mutating func streamEnded(_ lease: StreamLease, unplugged: Bool) {
        lease.end()
        if unplugged {
            isDisconnected = true
            isOpen = false
        }
        if live === lease { live = nil }
    }
}

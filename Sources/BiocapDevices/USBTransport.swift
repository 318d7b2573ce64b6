/// The USB operations a driver needs, with timeouts. Drivers speak only to this protocol, so their
/// protocol logic runs unchanged over libusb, over a replayed recording, or over a scripted transport
/// in unit tests. Implementations are safe to call from any task; calls on one transport are issued
/// by one driver actor at a time.
public protocol USBTransport: Sendable {
    /// A control transfer with no data stage or an OUT data stage; returns bytes sent.
    @discardableResult
    func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int

    /// A control transfer with an IN data stage of at most `length` bytes.
    func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8]

    /// Sends `data` on a bulk OUT endpoint; returns bytes sent.
    @discardableResult
    func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int

    /// Reads at most `length` bytes from a bulk IN endpoint (a short read returns fewer).
    func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8]

    /// Sends `data` on an interrupt OUT endpoint; returns bytes sent.
    @discardableResult
    func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int

    /// Reads at most `length` bytes from an interrupt IN endpoint.
    func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8]
}

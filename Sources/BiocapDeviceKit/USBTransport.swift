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

    // MARK: Interfaces and streaming (cameras)

    /// The active configuration descriptor with all class-specific descriptors, as the device sent it.
    func configurationDescriptor() async throws(USBTransferError) -> [UInt8]

    /// Claims an interface, first detaching a kernel driver (e.g. `uvcvideo`) when asked and one is bound.
    func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError)

    /// Releases an interface and re-attaches a kernel driver detached by `claimInterface`.
    func releaseInterface(_ number: Int) async throws(USBTransferError)

    /// Selects an alternate setting of a claimed interface (isochronous bandwidth for cameras).
    func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError)

    /// Starts a continuous IN stream with `transfersInFlight` transfers resubmitted as they complete.
    ///
    /// `handler` runs on the transport's event thread (libusb's event thread for real devices), one
    /// call at a time, and must not block; payload bytes are valid only during the call.
    func startStream(
        endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
        handler: @escaping @Sendable (USBStreamEvent) -> Void
    ) async throws(USBTransferError) -> any USBStream
}

import BiocapDeviceKit
import BiocapUSB

/// The `USBTransport` drivers get for a real device: libusb asynchronous transfers on an open handle.
/// Calls suspend the calling task until libusb's event thread completes the transfer; cancelling the
/// task cancels the transfer.
public struct LibUSBTransport: USBTransport {
    public let handle: USBDeviceHandle

    public init(handle: USBDeviceHandle) {
        self.handle = handle
    }

    @discardableResult
    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        do { return try await handle.controlOut(requestType: requestType, request: request, value: value, index: index, data: data, timeout: timeout) }
        catch { throw Self.map(error, endpoint: 0x00) }
    }

    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        do { return try await handle.controlIn(requestType: requestType, request: request, value: value, index: index, length: length, timeout: timeout) }
        catch { throw Self.map(error, endpoint: 0x80) }
    }

    @discardableResult
    public func bulkWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        do { return try await handle.write(.bulk, endpoint: endpoint, data: data, timeout: timeout) }
        catch { throw Self.map(error, endpoint: endpoint) }
    }

    public func bulkRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        do { return try await handle.read(.bulk, endpoint: endpoint, length: length, timeout: timeout) }
        catch { throw Self.map(error, endpoint: endpoint) }
    }

    @discardableResult
    public func interruptWrite(endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBTransferError) -> Int {
        do { return try await handle.write(.interrupt, endpoint: endpoint, data: data, timeout: timeout) }
        catch { throw Self.map(error, endpoint: endpoint) }
    }

    public func interruptRead(endpoint: UInt8, length: Int, timeout: Duration) async throws(USBTransferError) -> [UInt8] {
        do { return try await handle.read(.interrupt, endpoint: endpoint, length: length, timeout: timeout) }
        catch { throw Self.map(error, endpoint: endpoint) }
    }

    public func configurationDescriptor() async throws(USBTransferError) -> [UInt8] {
        do { return try handle.activeConfigurationDescriptor() }
        catch { throw Self.map(error, endpoint: 0x80) }
    }

    public func claimInterface(_ number: Int, detachingKernelDriver: Bool) async throws(USBTransferError) {
        do { try handle.claimInterface(number, detachingKernelDriver: detachingKernelDriver) }
        catch { throw Self.map(error, endpoint: 0x00) }
    }

    public func releaseInterface(_ number: Int) async throws(USBTransferError) {
        do { try handle.releaseInterface(number) }
        catch { throw Self.map(error, endpoint: 0x00) }
    }

    public func setAlternateSetting(interface: Int, setting: Int) async throws(USBTransferError) {
        do { try handle.setAlternateSetting(interface: interface, setting: setting) }
        catch { throw Self.map(error, endpoint: 0x00) }
    }

    public func startStream(
        endpoint: UInt8, mode: USBStreamMode, transfersInFlight: Int,
        handler: @escaping @Sendable (USBStreamEvent) -> Void
    ) async throws(USBTransferError) -> any USBStream {
        let runnerMode: USBStreamRunner.Mode = switch mode {
        case .bulk(let size): .bulk(transferSize: size)
        case .isochronous(let packets, let size): .isochronous(packetsPerTransfer: packets, packetSize: size)
        }
        let callbacks = USBStreamRunner.Callbacks(
            payload: { handler(.payload($0)) },
            packetError: { handler(.packetError) },
            ended: { error in handler(.ended(error.map { Self.map($0, endpoint: endpoint) })) })
        do {
            return LibUSBStream(runner: try USBStreamRunner.start(handle: handle, endpoint: endpoint, mode: runnerMode,
                                                                  transfersInFlight: transfersInFlight, callbacks: callbacks))
        } catch { throw Self.map(error, endpoint: endpoint) }
    }

    /// libusb's errors in the drivers' terms; `noDevice` stays `noDevice` so nobody retries it.
    static func map(_ error: USBError, endpoint: UInt8) -> USBTransferError {
        switch error {
        case .timeout: .timeout(endpoint: endpoint)
        case .stall: .stall(endpoint: endpoint)
        case .noDevice: .noDevice
        case .overflow: .overflow(endpoint: endpoint)
        case .cancelled: .cancelled
        case .notSupported: .notSupported("libusb: \(error)")
        default: .io("\(error)")
        }
    }
}

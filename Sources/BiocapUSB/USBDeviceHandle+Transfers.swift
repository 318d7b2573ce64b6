import BiocapCore
import CLibUSB

extension USBDeviceHandle {
    /// A control transfer with an OUT (or no) data stage; returns the bytes sent.
    /// Completes on the event thread; the calling task is suspended, not blocked.
    @discardableResult
    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(USBError) -> Int {
        let setup = Self.setupPacket(requestType: requestType, request: request, value: value, index: index, length: data.count)
        return try await run(.control, endpoint: 0, buffer: setup + data, resultOffset: 8, timeout: timeout).count
    }

    /// A control transfer with an IN data stage of at most `length` bytes.
    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(USBError) -> [UInt8] {
        let setup = Self.setupPacket(requestType: requestType, request: request, value: value, index: index, length: length)
        // Endpoint 0 with the IN bit, as usbmon records it; the kernel derives the direction from
        // bmRequestType either way, and replays of recorded traffic (umockdev) match on it.
        return try await run(.control, endpoint: 0x80, buffer: setup + [UInt8](repeating: 0, count: length), resultOffset: 8, timeout: timeout)
    }

    /// Writes to a bulk or interrupt OUT endpoint; returns the bytes sent.
    @discardableResult
    public func write(_ kind: USBTransferKind, endpoint: UInt8, data: [UInt8], timeout: Duration) async throws(USBError) -> Int {
        try await run(kind, endpoint: endpoint, buffer: data, resultOffset: 0, timeout: timeout).count
    }

    /// Reads at most `length` bytes from a bulk or interrupt IN endpoint.
    public func read(_ kind: USBTransferKind, endpoint: UInt8, length: Int, timeout: Duration) async throws(USBError) -> [UInt8] {
        try await run(kind, endpoint: endpoint, buffer: [UInt8](repeating: 0, count: length), resultOffset: 0, timeout: timeout)
    }

    /// A blocking bulk transfer (libusb's synchronous API) for callers on their own thread, such as
    /// a CLI tool; never call it from the cooperative pool. IN endpoints fill `buffer`; returns bytes moved.
    public func bulkTransferBlocking(endpoint: UInt8, buffer: inout [UInt8], timeout: Duration) throws(USBError) -> Int {
        guard !isClosed else { throw .handleClosed }
        var transferred: Int32 = 0
        let length = Int32(buffer.count)
        let code = buffer.withUnsafeMutableBufferPointer { pointer in
            libusb_bulk_transfer(handle, endpoint, pointer.baseAddress, length, &transferred, USBPendingTransfer.milliseconds(timeout))
        }
        try USBError.check(code)
        return Int(transferred)
    }

    /// A blocking control transfer; same rules as `bulkTransferBlocking`.
    public func controlTransferBlocking(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, buffer: inout [UInt8], timeout: Duration) throws(USBError) -> Int {
        guard !isClosed else { throw .handleClosed }
        let length = UInt16(clamping: buffer.count)
        let code = buffer.withUnsafeMutableBufferPointer { pointer in
            libusb_control_transfer(handle, requestType, request, value, index, pointer.baseAddress, length, USBPendingTransfer.milliseconds(timeout))
        }
        return Int(try USBError.check(code))
    }

    private func run(_ kind: USBTransferKind, endpoint: UInt8, buffer: [UInt8], resultOffset: Int, timeout: Duration) async throws(USBError) -> [UInt8] {
        guard !isClosed else { throw .handleClosed }
        guard let transfer = USBPendingTransfer(handle: handle, kind: kind, endpoint: endpoint, buffer: buffer, resultOffset: resultOffset, timeout: timeout) else {
            throw .other(code: LIBUSB_ERROR_NO_MEM.rawValue, name: "LIBUSB_ERROR_NO_MEM")
        }
        return try await transfer.run().get()
    }

    static func setupPacket(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int) -> [UInt8] {
        var packet = [requestType, request]
        packet.append(value, .littleEndian)
        packet.append(index, .littleEndian)
        packet.append(UInt16(clamping: length), .littleEndian)
        return packet
    }
}

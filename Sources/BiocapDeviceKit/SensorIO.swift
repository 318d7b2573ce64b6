/// The transfers a fingerprint driver makes, over any `USBTransport`, with failures already in the
/// driver's error type. Short reads of fixed-size frames become protocol violations here, so every
/// driver reports a truncated frame the same way.
public struct SensorIO: Sendable {
    public let transport: any USBTransport

    public init(transport: any USBTransport) {
        self.transport = transport
    }

    /// Sends `data` on a bulk OUT endpoint; a short write is a protocol violation.
    public func write(_ endpoint: UInt8, _ data: [UInt8], timeout: Duration) async throws(FingerprintDriverError) {
        let sent: Int
        do { sent = try await transport.bulkWrite(endpoint: endpoint, data: data, timeout: timeout) } catch { throw .transfer(error) }
        guard sent == data.count else {
            throw .protocolViolation("short write on endpoint \(hex(endpoint)): \(sent) of \(data.count) bytes")
        }
    }

    /// Reads at most `length` bytes from a bulk IN endpoint.
    public func read(_ endpoint: UInt8, length: Int, timeout: Duration) async throws(FingerprintDriverError) -> [UInt8] {
        do { return try await transport.bulkRead(endpoint: endpoint, length: length, timeout: timeout) } catch { throw .transfer(error) }
    }

    /// Reads exactly `length` bytes; fewer is a truncated `what`.
    public func readExactly(_ endpoint: UInt8, length: Int, timeout: Duration, what: String) async throws(FingerprintDriverError) -> [UInt8] {
        let bytes = try await read(endpoint, length: length, timeout: timeout)
        guard bytes.count == length else {
            throw .protocolViolation("truncated \(what): \(bytes.count) of \(length) bytes")
        }
        return bytes
    }

    /// A control transfer with an OUT data stage.
    public func controlOut(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, data: [UInt8], timeout: Duration) async throws(FingerprintDriverError) {
        do {
            try await transport.controlOut(requestType: requestType, request: request, value: value, index: index, data: data, timeout: timeout)
        } catch { throw .transfer(error) }
    }

    /// A control transfer with an IN data stage of at most `length` bytes.
    public func controlIn(requestType: UInt8, request: UInt8, value: UInt16, index: UInt16, length: Int, timeout: Duration) async throws(FingerprintDriverError) -> [UInt8] {
        do {
            return try await transport.controlIn(requestType: requestType, request: request, value: value, index: index, length: length, timeout: timeout)
        } catch { throw .transfer(error) }
    }

    /// Waits between polls; cancellation of the capturing task ends the wait.
    public func pause(_ duration: Duration) async throws(FingerprintDriverError) {
        do { try await Task.sleep(for: duration) } catch { throw .cancelled }
    }

    /// The time left until `deadline`, at least a millisecond (a zero USB timeout means "forever").
    public static func remaining(until deadline: ContinuousClock.Instant) -> Duration {
        max(.milliseconds(1), deadline - .now)
    }

    private func hex(_ value: UInt8) -> String { "0x" + String(value, radix: 16) }
}

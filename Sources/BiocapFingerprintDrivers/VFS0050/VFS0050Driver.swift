import BiocapCore
import BiocapDeviceKit

/// Validity VFS0050 (138a:0050; libfprint's vfs0050): a swipe sensor with an interrupt endpoint for finger
/// events, sending 148-byte lines (100 pixels) that libfprint's line assembler turns into an image.
///
/// State machine: `open` = drain 0x81, 0x82, 0x83 → stop (`04`) → turn off → `captureImage` = turn on → wait
/// for a finger interrupt (until the deadline) → read 64 KiB blocks from 0x82 until an empty read (or a 100 ms
/// timeout) → stop → turn off (ready for the next swipe) → lines (`VFS0050Lines`) → line assembler. Each
/// control packet is followed by its 2-byte reply, the commit and its 1,106-byte reply, an empty interrupt
/// (anything else is a `protocolViolation`) and a drain of 0x83; after turn off also a stop. See README.md.
///
/// The line assembly is `SwipeAssembler.assembleLines` (libfprint's `fpi_assemble_lines`) with libfprint's
/// parameters for this sensor: resolution 10, median filter 25, search offset 100, maximum height 3,000,
/// `VFS0050Lines.difference` and `.pixel`.
public struct VFS0050Driver: FingerprintSensorDriver {
    public static let name = "vfs0050"
    public static let vendor = "Validity"
    public static let models = VFS0050IDTable.models
    /// Nominal 500 ppi: libfprint states no resolution for this driver.
    public static let ppi = 500
    public static let capabilities = DeviceCapabilities(
        imageWidth: VFS0050Lines.width, imageHeight: 1151, ppi: ppi, framesPerSecond: 1, positions: singleFingerPositions,
        swipe: true)
    /// libfprint's line-assembly parameters for this sensor.
    public static let lineGeometry = SwipeLineGeometry(
        lineWidth: VFS0050Lines.width, maxHeight: VFS0050Lines.maximumHeight, resolution: 10, medianFilterSize: 25, maxSearchOffset: 100)

    /// Turns the lines into the image (`SwipeAssembler.assembleLines`; replaceable in tests).
    public var assembleLines: (@Sendable ([ArraySlice<UInt8>]) throws(FingerprintDriverError) -> GrayImage)? = { lines throws(FingerprintDriverError) in
        try SwipeAssembler.assembleLines(
            lines, count: lines.count, geometry: lineGeometry, deviation: VFS0050Lines.difference, pixel: VFS0050Lines.pixel
        ).normalized(ppi: ppi)
    }
    /// Timeout of commands, replies and line reads (libfprint: 100 ms; more slack for commands here).
    public var transferTimeout: Duration = .seconds(1)
    /// How long a line read waits before the swipe counts as over (libfprint's 100 ms).
    public var lineTimeout: Duration = .milliseconds(100)
    /// How long a drain read waits (libfprint's 20 ms).
    public var drainTimeout: Duration = .milliseconds(20)
    /// Bytes of the last swipe.
    public private(set) var lastSwipeBytes: [UInt8] = []
    /// The finger interrupt of the last swipe.
    public private(set) var lastInterrupt: [UInt8] = []

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = VFS0050WireFormat.self
        try await drain(io, format.replyEndpoint)
        try await drain(io, format.dataEndpoint)
        try await drain(io, format.interruptEndpoint)
        try await stopStream(io)
        try await control(io, format.turnOff)
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = VFS0050WireFormat.self
        try await control(io, format.turnOn)
        lastInterrupt = try await fingerInterrupt(io, until: deadline)
        var bytes: [UInt8] = []
        while true {
            let block: [UInt8]
            do {
                block = try await io.read(format.dataEndpoint, length: format.bufferSize, timeout: lineTimeout)
            } catch .transfer(.timeout) {
                break
            }
            if block.isEmpty { break }
            bytes += block
            guard bytes.count <= (VFS0050Lines.maximumHeight + 1_000) * VFS0050Lines.lineSize * 4 else {
                throw .protocolViolation("the swipe did not end after \(bytes.count) bytes")
            }
        }
        lastSwipeBytes = bytes
        try await stopStream(io)
        try await control(io, format.turnOff)
        let lines = try VFS0050Lines.lines(from: bytes)
        guard let assembleLines else {
            throw .protocolViolation("\(lines.count) lines read; the swipe line assembler is not merged yet")
        }
        return try assembleLines(lines)
    }

    public mutating func close(_ io: SensorIO) async {}

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await stopStream(io)
        return "stop command answered"
    }

    // MARK: Steps

    /// The finger interrupt: one of the three known ones, or a first byte 01 (finger already down).
    private func fingerInterrupt(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> [UInt8] {
        let format = VFS0050WireFormat.self
        let interrupt: [UInt8]
        do {
            interrupt = try await interruptRead(io, format.interruptEndpoint, length: format.interruptLength, timeout: SensorIO.remaining(until: deadline))
        } catch .transfer(.timeout) {
            throw .noFinger("no finger swiped before the capture timeout")
        }
        guard format.fingerInterrupts.contains(interrupt) || interrupt.first == 0x01 else {
            throw .protocolViolation("unknown interrupt \(interrupt.map { String($0, radix: 16) }.joined(separator: ":"))")
        }
        return interrupt
    }

    /// A control packet: its reply, the commit and its reply, an empty interrupt, a drain of 0x83; after any
    /// packet but turn on, a stop.
    private func control(_ io: SensorIO, _ packet: [UInt8]) async throws(FingerprintDriverError) {
        let format = VFS0050WireFormat.self
        try await io.write(format.outEndpoint, packet, timeout: transferTimeout)
        _ = try await io.readExactly(format.replyEndpoint, length: 2, timeout: transferTimeout, what: "control reply")
        try await io.write(format.outEndpoint, format.commit, timeout: transferTimeout)
        _ = try await io.readExactly(format.replyEndpoint, length: format.commitReplyLength, timeout: transferTimeout, what: "commit reply")
        let interrupt = try await interruptRead(io, format.interruptEndpoint, length: format.interruptLength, timeout: transferTimeout)
        guard interrupt == format.emptyInterrupt else {
            throw .protocolViolation("interrupt \(interrupt.map { String($0, radix: 16) }.joined(separator: ":")) after a control packet, expected an empty one")
        }
        try await drain(io, format.interruptEndpoint)
        if packet != format.turnOn { try await stopStream(io) }
    }

    /// Stops the line stream: `04`, its 2-byte reply, a drain of 0x82.
    private func stopStream(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = VFS0050WireFormat.self
        try await io.write(format.outEndpoint, format.stop, timeout: transferTimeout)
        _ = try await io.readExactly(format.replyEndpoint, length: 2, timeout: transferTimeout, what: "stop reply")
        try await drain(io, format.dataEndpoint)
    }

    /// Reads an endpoint until it has nothing (an empty read or a timeout), at most 100 times.
    private func drain(_ io: SensorIO, _ endpoint: UInt8) async throws(FingerprintDriverError) {
        let format = VFS0050WireFormat.self
        for _ in 0..<100 {
            let bytes: [UInt8]
            do {
                bytes = endpoint == format.interruptEndpoint
                    ? try await interruptRead(io, endpoint, length: format.bufferSize, timeout: drainTimeout)
                    : try await io.read(endpoint, length: format.bufferSize, timeout: drainTimeout)
            } catch .transfer(.timeout), .transfer(.cancelled) {
                return
            }
            if bytes.isEmpty { return }
        }
        throw .protocolViolation("endpoint 0x\(String(endpoint, radix: 16)) keeps sending data")
    }

    /// An interrupt IN transfer, its failure in the driver's error type.
    private func interruptRead(_ io: SensorIO, _ endpoint: UInt8, length: Int, timeout: Duration) async throws(FingerprintDriverError) -> [UInt8] {
        do { return try await io.transport.interruptRead(endpoint: endpoint, length: length, timeout: timeout) } catch { throw .transfer(error) }
    }
}

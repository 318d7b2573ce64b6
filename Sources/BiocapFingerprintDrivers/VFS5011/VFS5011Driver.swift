import BiocapCore
import BiocapDeviceKit

/// Validity VFS5011 and its relatives (138a:0010/0011/0015/0017/0018; libfprint's vfs5011): a swipe sensor
/// sending 160-pixel lines that libfprint's line assembler turns into an image.
///
/// State machine: `open` = libfprint's initialisation exchange (recorded messages, each `00 00` reply checked)
/// → `captureImage` = "initiate capture" exchange, then 256-line chunks (61,440 bytes) until the line collector
/// sees the swipe end (`VFS5011LineCollector`) → fewer than 160 recorded lines is a swipe too short; otherwise
/// the recorded lines go to the line assembler. See README.md.
///
/// The line assembly is `SwipeAssembler.assembleLines` (libfprint's `fpi_assemble_lines`) with libfprint's
/// parameters for this sensor: resolution 10, median filter 25, search offset 30, maximum height 2,000,
/// `VFS5011LineCollector.deviation` and `.pixel`.
public struct VFS5011Driver: FingerprintSensorDriver {
    public static let name = "vfs5011"
    public static let vendor = "Validity"
    public static let models = VFS5011IDTable.models
    /// Nominal 500 ppi: libfprint states no resolution for this driver.
    public static let ppi = 500
    public static let capabilities = DeviceCapabilities(
        imageWidth: VFS5011LineCollector.width, imageHeight: 334, ppi: ppi, framesPerSecond: 1, positions: singleFingerPositions,
        swipe: true)
    /// libfprint's line-assembly parameters for this sensor.
    public static let lineGeometry = SwipeLineGeometry(
        lineWidth: VFS5011LineCollector.width, maxHeight: VFS5011LineCollector.maximumRecordedLines, resolution: 10,
        medianFilterSize: 25, maxSearchOffset: 30)

    /// Turns the recorded lines into the image (`SwipeAssembler.assembleLines`; replaceable in tests).
    public var assembleLines: (@Sendable ([[UInt8]]) throws(FingerprintDriverError) -> GrayImage)? = { lines throws(FingerprintDriverError) in
        try SwipeAssembler.assembleLines(
            lines, count: lines.count, geometry: lineGeometry, deviation: VFS5011LineCollector.deviation, pixel: VFS5011LineCollector.pixel
        ).normalized(ppi: ppi)
    }
    /// Timeout of the exchange steps (libfprint: 3 s; 1 s for the first capture's preparation).
    public var transferTimeout: Duration = .seconds(3)
    /// The lines recorded in the last swipe.
    public private(set) var lastRecordedLines: [[UInt8]] = []
    /// Lines the sensor sent in the last swipe (after leading flat lines).
    public private(set) var lastCapturedLineCount = 0

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        try await run(io, VFS5011WireFormat.initialisation)
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = VFS5011WireFormat.self
        try await run(io, format.initiateCapture)
        var collector = VFS5011LineCollector()
        let length = format.chunkLines * VFS5011LineCollector.lineSize
        while true {
            let chunk: [UInt8]
            do {
                chunk = try await io.read(format.dataEndpoint, length: length, timeout: SensorIO.remaining(until: deadline))
            } catch .transfer(.timeout) {
                // libfprint waits without a timeout; here the capture's deadline bounds the wait.
                guard ContinuousClock.now < deadline else { throw .noFinger("no finger swiped before the capture timeout") }
                continue
            }
            if collector.add(chunk: chunk) { break }
        }
        lastRecordedLines = collector.recorded
        lastCapturedLineCount = collector.capturedLines
        guard collector.recorded.count >= VFS5011LineCollector.width else {
            throw .swipeTooShort("swipe too short (\(collector.recorded.count) lines); swipe again")
        }
        guard let assembleLines else {
            throw .protocolViolation("\(collector.recorded.count) lines collected; the swipe line assembler is not merged yet")
        }
        return try assembleLines(collector.recorded)
    }

    public mutating func close(_ io: SensorIO) async {}

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await run(io, [.send(VFS5011WireFormat.cmd01), .receive(endpoint: VFS5011WireFormat.controlEndpoint, length: 64)])
        return "version query answered"
    }

    /// Runs an exchange: each send, each read (a checked one must be exactly `00 00`).
    private func run(_ io: SensorIO, _ steps: [VFS5011WireFormat.Step]) async throws(FingerprintDriverError) {
        let format = VFS5011WireFormat.self
        for (index, step) in steps.enumerated() {
            switch step {
            case .send(let bytes):
                try await io.write(format.outEndpoint, bytes, timeout: transferTimeout)
            case .receive(let endpoint, let length):
                _ = try await io.read(endpoint, length: length, timeout: transferTimeout)
            case .expectNormal(let length):
                let reply = try await io.read(format.controlEndpoint, length: length, timeout: transferTimeout)
                guard reply == format.normalReply else {
                    throw .protocolViolation("step \(index): expected 00 00, got \(reply.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")) (\(reply.count) bytes)")
                }
            }
        }
    }
}

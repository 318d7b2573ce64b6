import BiocapCore
import BiocapDeviceKit

/// NEXT Biometrics NB-1010-U: a 256 × 180 press sensor that reports finger presence.
///
/// State machine: poll (`checkFinger`, level > 0x30) until a finger is down → `preCapture` →
/// `capture` → 90 partials of two lines each → one 256 × 180 image, no flip. There is no init
/// sequence. See README.md.
public struct NB1010Driver: FingerprintSensorDriver {
    public static let name = "nb1010"
    public static let vendor = "NEXT Biometrics"
    public static let models = NB1010IDTable.models
    /// 385 ppi: NEXT's figure for the NB-1010-U (11.9 × 16.9 mm active area for 180 × 256 pixels).
    public static let ppi = 385
    public static let capabilities = DeviceCapabilities(
        imageWidth: NB1010WireFormat.width, imageHeight: NB1010WireFormat.height, ppi: ppi,
        framesPerSecond: 2, positions: singleFingerPositions)

    /// Time between finger polls (libfprint waits 50 ms).
    public var pollInterval: Duration = .milliseconds(50)
    /// Per-transfer timeout (libfprint uses 500 ms; a little more slack here).
    public var transferTimeout: Duration = .seconds(1)
    /// The finger level of the last poll.
    public private(set) var lastFingerLevel: UInt8?

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {}

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        while true {
            let level = try await pollFinger(io)
            if level > NB1010WireFormat.fingerThreshold { return }
            guard ContinuousClock.now + pollInterval < deadline else {
                throw .noFinger("no finger on the sensor before the capture timeout (last level 0x\(String(level, radix: 16)))")
            }
            try await io.pause(pollInterval)
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = NB1010WireFormat.self
        try await command(io, format.preCapture, what: "pre-capture")
        try await command(io, format.capture, what: "capture")
        var pixels: [UInt8] = []
        pixels.reserveCapacity(format.width * format.height)
        for index in 0..<format.partialCount {
            let partial = try await io.read(format.inEndpoint, length: format.partialLength, timeout: transferTimeout)
            pixels += try format.scanLines(partial, index: index)
        }
        do {
            return try GrayImage(width: format.width, height: format.height, pixels: pixels, ppi: Self.ppi)
        } catch {
            throw .protocolViolation("image assembly: \(error)")
        }
    }

    public mutating func close(_ io: SensorIO) async {}

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        let level = try await pollFinger(io)
        return "finger check answered, level 0x\(String(level, radix: 16)) (finger at > 0x30)"
    }

    private mutating func pollFinger(_ io: SensorIO) async throws(FingerprintDriverError) -> UInt8 {
        let format = NB1010WireFormat.self
        try await io.write(format.outEndpoint, format.checkFinger, timeout: transferTimeout)
        let reply = try await io.readExactly(format.inEndpoint, length: format.replyLength, timeout: transferTimeout, what: "finger-check reply")
        let level = try format.fingerLevel(reply)
        lastFingerLevel = level
        return level
    }

    private func command(_ io: SensorIO, _ bytes: [UInt8], what: String) async throws(FingerprintDriverError) {
        let format = NB1010WireFormat.self
        try await io.write(format.outEndpoint, bytes, timeout: transferTimeout)
        let reply = try await io.readExactly(format.inEndpoint, length: format.replyLength, timeout: transferTimeout, what: "\(what) reply")
        try format.checkReply(reply, code: format.commandReplyCode, to: what)
    }
}

import BiocapCore
import BiocapDeviceKit

/// AuthenTec AES2501 (and AES2500): a swipe sensor 192 pixels wide that returns 16-row strips while
/// a finger moves over it; the strips are assembled into one image by `SwipeAssembler`.
///
/// State machine (libfprint's `aes2501.c`): `open` is libfprint's activation (init tables 1–2, register
/// dumps until register 0xaf leaves 0x6b, at most 13, then tables 4–5) → `waitForFinger` polls the
/// detection histogram → `captureImage` sets up the capture, reads strips (adjusting the gain) until
/// three strips in a row are empty, and assembles them. libfprint activates the sensor afresh for
/// every capture, so the next capture repeats the activation. See README.md.
public struct AES2501Driver: FingerprintSensorDriver {
    public static let name = "aes2501"
    public static let vendor = "AuthenTec"
    public static let models = AES2501IDTable.models
    /// AuthenTec's figure for the AES2501 (500 ppi); libfprint states none.
    public static let ppi = 500
    /// Width is fixed (288, the frame plus half of it for sideways movement); the height depends on the
    /// swipe, this is a typical one.
    public static let capabilities = DeviceCapabilities(
        imageWidth: AES2501WireFormat.geometry.imageWidth, imageHeight: 400, ppi: ppi,
        framesPerSecond: 1, positions: singleFingerPositions, swipe: true)

    /// Timeout of every transfer (libfprint: 4 s).
    public var transferTimeout: Duration = .seconds(4)
    /// Empty strips in a row that end a swipe.
    public static let emptyStripsToEnd = 3
    /// Register dumps at most while waiting for register 0xaf to settle.
    public static let settlingAttempts = 13

    private var activated = false

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        activated = false
        try await writeTable(AES2501WireFormat.init1, io)
        _ = try await read(AES2501WireFormat.fingerDetectionLength, io, what: "initial histogram")
        try await writeTable(AES2501WireFormat.init2, io)
        var dumps = 0
        while true {
            try await writeTable(AES2501WireFormat.readRegisters, io)
            let dump = try await read(AES2501WireFormat.registerDumpLength, io, what: "register dump")
            dumps += 1
            guard AES2501WireFormat.settlingRegister(dump) == 0x6b, dumps < Self.settlingAttempts else { break }
            try await writeTable(AES2501WireFormat.init3, io)
        }
        try await writeTable(AES2501WireFormat.init4, io)
        try await writeTable(AES2501WireFormat.init5, io)
        activated = true
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        if !activated { try await open(io) }
        while true {
            guard ContinuousClock.now < deadline else {
                throw .noFinger("no finger swiped before the capture timeout")
            }
            try await writeTable(AES2501WireFormat.fingerDetection, io)
            let histogram = try await read(AES2501WireFormat.fingerDetectionLength, io, what: "finger histogram")
            if AES2501WireFormat.fingerPresent(histogram) { return }
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        try await writeTable(AES2501WireFormat.capture1, io)
        _ = try await read(AES2501WireFormat.captureReplyLength, io, what: "capture reply")
        try await writeTable(AES2501WireFormat.capture2, io)
        _ = try await read(AES2501WireFormat.captureReplyLength, io, what: "capture reply")
        var gain = AES2501WireFormat.maximumGain
        var frames: [SwipeFrame] = []
        var empty = 0
        while empty < Self.emptyStripsToEnd {
            guard ContinuousClock.now < deadline else {
                throw .noFinger("the swipe did not end before the capture timeout")
            }
            try await writeTable(AES2501WireFormat.stripScan(gain: gain), io)
            let strip = try await read(AES2501WireFormat.stripLength, io, what: "strip")
            let sum = try AES2501WireFormat.stripHistogramSum(strip)
            gain = AES2501WireFormat.adjustedGain(gain, sum: sum)
            if sum == 0 {
                empty += 1
            } else {
                empty = 0
                frames.append(AES2501WireFormat.frame(fromStrip: strip))
            }
        }
        // The next capture activates the sensor again, as libfprint does.
        activated = false
        guard !frames.isEmpty else { throw .swipeTooShort("swipe too short: no strip held a finger") }
        SwipeAssembler.estimateMovement(&frames, geometry: AES2501WireFormat.geometry)
        let image = try SwipeAssembler.assembleFrames(frames, geometry: AES2501WireFormat.geometry)
        return try image.normalized(ppi: Self.ppi)
    }

    public mutating func close(_ io: SensorIO) async {
        activated = false
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        return "activation accepted (register 0xaf settled)"
    }

    private func writeTable(_ table: [AES2501Register], _ io: SensorIO) async throws(FingerprintDriverError) {
        for message in AES2501Register.messages(table) {
            try await io.write(AES2501WireFormat.outEndpoint, message, timeout: transferTimeout)
        }
    }

    private func read(_ length: Int, _ io: SensorIO, what: String) async throws(FingerprintDriverError) -> [UInt8] {
        try await io.readExactly(AES2501WireFormat.inEndpoint, length: length, timeout: transferTimeout, what: what)
    }
}

import BiocapCore
import BiocapDeviceKit

/// Validity VFS301 / VFS300 (138a:0005, 138a:0008; libfprint's vfs301): a swipe sensor whose scan lines
/// the driver picks itself (`VFS301LineAssembler`): 200 pixels wide, as many lines as the swipe gives.
///
/// State machine: `open` = the recorded set-up (version queries, 0x0b, 0x19, set-up blocks, seven
/// calibration requests, light on, scan set-up 3) → `waitForFinger` = next-scan request, then a peek
/// (0x17) every 200 ms until it answers "swipe" → `captureImage` = 64 bytes, the first 84,032-byte block,
/// then 84,096-byte blocks until one comes back short (the swipe is over; a short block is not used) →
/// end of scan (0x04, scan set-up 2; best effort, as libfprint) → image. See README.md.
public struct VFS301Driver: FingerprintSensorDriver {
    public static let name = "vfs301"
    public static let vendor = "Validity"
    public static let models = VFS301IDTable.models
    /// Nominal 500 ppi: libfprint states no resolution for this driver (see README.md).
    public static let ppi = 500
    /// Height: a typical swipe (the recording gives 214 lines); each image has its own.
    public static let capabilities = DeviceCapabilities(
        imageWidth: VFS301LineAssembler.width, imageHeight: 214, ppi: ppi, framesPerSecond: 1, positions: singleFingerPositions,
        swipe: true)

    /// Timeout of commands and their replies (libfprint: 300 ms; more slack here).
    public var transferTimeout: Duration = .seconds(1)
    /// How long to wait for data that may not come (libfprint's 300 ms).
    public var optionalReadTimeout: Duration = .milliseconds(300)
    /// Timeout of each swipe data block (libfprint's 2 s).
    public var blockTimeout: Duration = .seconds(2)
    /// Time between finger peeks (libfprint's 200 ms).
    public var peekInterval: Duration = .milliseconds(200)
    /// Whether a swipe event has been seen and its data not read yet.
    public private(set) var swipeStarted = false
    /// The number of raw scan lines in the last swipe.
    public private(set) var lastScanLineCount = 0

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = VFS301WireFormat.self
        swipeStarted = false
        try await command(io, format.version, replies: [38])
        try await command(io, format.message0B(subtype: 0x04), replies: [6])
        try await command(io, format.message0B(subtype: 0x05), replies: [7])
        try await command(io, format.query19, replies: [64, 4])
        try await command(io, format.setup1, replies: [2])

        try await command(io, format.version, replies: [38])
        try await command(io, format.prepare1A, replies: [2])
        try await command(io, format.setup2, replies: [2])
        try await command(io, format.scanSetup1, replies: [2])
        try await data(io, 256)
        try await data(io, 32)

        try await command(io, format.prepare1A, replies: [2])
        try await command(io, format.setup3, replies: [2])

        try await command(io, format.version, replies: [38])
        for (message, length) in format.calibration {
            try await command(io, message, replies: [2])
            try await data(io, length)
        }
        try await command(io, format.calibrationEnd, replies: [2])

        try await command(io, format.prepare1A, replies: [2])
        try await command(io, format.setup2, replies: [2])
        try await write(io, format.scanSetup2)
        try await receiveBoth(io, first: (format.controlEndpoint, 2), second: (format.dataEndpoint, 5760))

        try await command(io, format.prepare1A, replies: [2])
        try await command(io, format.setup1, replies: [2])
        try await command(io, format.prepare1A, replies: [2])
        try await command(io, format.setup4, replies: [2])
        try await command(io, format.lightOn, replies: [2])

        try await command(io, format.version, replies: [38])
        try await command(io, format.scanSetup3, replies: [2368, 36])
        try await data(io, 5760)
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        let format = VFS301WireFormat.self
        guard !swipeStarted else { return }
        try await command(io, format.nextScan, replies: [2])
        while true {
            try await io.pause(peekInterval)
            try await write(io, format.peekEvent)
            let reply = try await io.readExactly(format.controlEndpoint, length: 7, timeout: transferTimeout, what: "event reply")
            if reply == format.swipeEvent {
                swipeStarted = true
                return
            }
            guard reply == format.noEvent else {
                throw .protocolViolation("unknown event reply \(reply.map { String($0, radix: 16) }.joined(separator: " "))")
            }
            guard ContinuousClock.now + peekInterval < deadline else {
                throw .noFinger("no finger swiped before the capture timeout")
            }
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = VFS301WireFormat.self
        if !swipeStarted { try await waitForFinger(io, until: deadline) }
        swipeStarted = false
        _ = try await io.read(format.dataEndpoint, length: 64, timeout: transferTimeout)
        var assembler = VFS301LineAssembler()
        var length = format.firstBlockLength
        for index in 0..<format.maximumBlocks {
            let block = try await io.read(format.dataEndpoint, length: length, timeout: blockTimeout)
            if block.count < length {
                lastScanLineCount = assembler.lines.count
                await finishScan(io)
                return try assembler.image(ppi: Self.ppi)
            }
            assembler.add(block: block, first: index == 0)
            length = format.nextBlockLength
        }
        throw .protocolViolation("the swipe did not end after \(format.maximumBlocks) data blocks")
    }

    public mutating func close(_ io: SensorIO) async {}

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await command(io, VFS301WireFormat.version, replies: [38])
        return "version query answered"
    }

    // MARK: Steps

    /// After a swipe: end of scan, then scan set-up 2. The replies "may come in random order, data may
    /// not come at all" (libfprint), and libfprint goes on whatever happens: so does this.
    private func finishScan(_ io: SensorIO) async {
        let format = VFS301WireFormat.self
        do {
            try await write(io, format.endScan)
            try await receiveBoth(io, first: (format.controlEndpoint, 2), second: (format.dataEndpoint, 16_384))
            try await write(io, format.scanSetup2)
            try await receiveBoth(io, first: (format.dataEndpoint, 5760), second: (format.controlEndpoint, 2))
        } catch {
            // The image is complete; the next swipe starts with its own next-scan request.
        }
    }

    /// Two replies that may come in either order: the first is read again after the second when it
    /// timed out. A read that gets nothing in time is not an error; any other failure is.
    private func receiveBoth(
        _ io: SensorIO, first: (endpoint: UInt8, length: Int), second: (endpoint: UInt8, length: Int)
    ) async throws(FingerprintDriverError) {
        let firstCame = try await optionalRead(io, first.endpoint, first.length)
        _ = try await optionalRead(io, second.endpoint, second.length)
        if !firstCame { _ = try await optionalRead(io, first.endpoint, first.length) }
    }

    /// Reads with the short timeout; false when nothing came in time (or the read was cancelled after it).
    private func optionalRead(_ io: SensorIO, _ endpoint: UInt8, _ length: Int) async throws(FingerprintDriverError) -> Bool {
        do {
            _ = try await io.read(endpoint, length: length, timeout: optionalReadTimeout)
            return true
        } catch .transfer(.timeout), .transfer(.cancelled) {
            return false
        }
    }

    private func write(_ io: SensorIO, _ bytes: [UInt8]) async throws(FingerprintDriverError) {
        try await io.write(VFS301WireFormat.outEndpoint, bytes, timeout: transferTimeout)
    }

    /// Sends `bytes`, then reads replies of exactly these lengths from the control endpoint.
    private func command(_ io: SensorIO, _ bytes: [UInt8], replies: [Int]) async throws(FingerprintDriverError) {
        try await write(io, bytes)
        for length in replies {
            _ = try await io.readExactly(VFS301WireFormat.controlEndpoint, length: length, timeout: transferTimeout,
                                         what: "reply to 0x\(String(bytes.first ?? 0, radix: 16))")
        }
    }

    /// A calibration or set-up reply of exactly `length` bytes on the data endpoint.
    private func data(_ io: SensorIO, _ length: Int) async throws(FingerprintDriverError) {
        _ = try await io.readExactly(VFS301WireFormat.dataEndpoint, length: length, timeout: transferTimeout, what: "data reply")
    }
}

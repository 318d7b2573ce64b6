import BiocapCore
import BiocapDeviceKit

/// Elan swipe sensors (04f3:0903, 0907, 0c01–0c33, …): two-byte commands on bulk OUT 0x01, replies on
/// bulk IN 0x83, raw 16-bit frames on bulk IN 0x82. Frames less a calibrated background are stretched
/// to 8 bits and assembled by `SwipeAssembler`.
///
/// State machine (libfprint's `elan.c`): `open` is the activation (firmware version, sensor size, the
/// 0907's extra command) → `waitForFinger` calibrates (background frame, calibration mean, status polls
/// until the sensor reports a finished calibration, background again), switches the LED on and waits
/// for the pre-scan's finger answer → `captureImage` reads frames while the pre-scan (200 ms) still
/// answers finger-on, at most 30, then stops the sensor and assembles all but the last two. Fewer than
/// 7 frames is a swipe too short. Every capture activates and calibrates afresh, as libfprint does.
public struct ElanDriver: FingerprintSensorDriver {
    public static let name = "elan"
    public static let vendor = "Elan Microelectronics"
    public static let models = ElanIDTable.models
    /// libfprint states no resolution for these sensors and Elan publishes none per model.
    public static let ppi: Int? = nil
    /// The typical 144-pixel-wide sensor: images 216 wide; the height depends on the swipe.
    public static let capabilities = DeviceCapabilities(
        imageWidth: 216, imageHeight: 300, ppi: ppi, framesPerSecond: 1, positions: singleFingerPositions, swipe: true)

    /// Timeout of ordinary commands (libfprint: 10 s).
    public var commandTimeout: Duration = .seconds(10)
    /// Timeout of the pre-scan once frames are coming: a finger that has left ends the swipe quickly.
    public var fingerTimeout: Duration = .milliseconds(200)
    /// Pause between calibration status reads (libfprint: 50 ms).
    public var calibrationPause: Duration = .milliseconds(50)

    public let quirks: ElanQuirks
    public private(set) var firmwareVersion: UInt16 = 0
    public private(set) var layout: ElanFrameLayout?
    private var background: [UInt16] = []
    private var activated = false

    public init() { self.init(quirks: []) }

    /// A driver for a sensor with `quirks` (see `ElanIDTable.quirks(for:)`).
    public init(quirks: ElanQuirks) {
        self.quirks = quirks
    }

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        activated = false
        let version = try await run(.firmwareVersion, io)
        guard version.count >= 2 else { throw .protocolViolation("firmware version reply has \(version.count) bytes") }
        firmwareVersion = UInt16(version[0]) << 8 | UInt16(version[1])
        layout = try ElanFrameLayout(dimensions: try await run(.sensorDimensions, io), quirks: quirks)
        _ = try await run(.activate, io)
        activated = true
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        if !activated { try await open(io) }
        do throws(FingerprintDriverError) {
            try await calibrate(io)
            _ = try await run(.ledOn, io)
            let answer: [UInt8]
            do throws(FingerprintDriverError) {
                answer = try await run(.preScan, io, timeout: SensorIO.remaining(until: deadline))
            } catch {
                if case .transfer(.timeout) = error { throw FingerprintDriverError.noFinger("no finger swiped before the capture timeout") }
                throw error
            }
            guard answer.first == ElanWireFormat.fingerPresent else {
                if answer.isEmpty { throw FingerprintDriverError.noFinger("no finger swiped before the capture timeout") }
                throw FingerprintDriverError.protocolViolation("pre-scan answered 0x\(String(answer[0], radix: 16)), not finger-on")
            }
        } catch {
            await stop(io)
            throw error
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        defer { activated = false }
        var rawFrames: [[UInt16]] = []
        do throws(FingerprintDriverError) {
            while true {
                rawFrames.append(try await fingerFrame(io))
                if rawFrames.count >= ElanWireFormat.maximumFrames { break }
                guard ContinuousClock.now < deadline else { break }
                guard try await fingerStillOn(io) else { break }
            }
        } catch {
            await stop(io)
            throw error
        }
        await stop(io)
        guard rawFrames.count >= ElanWireFormat.minimumFrames else {
            throw .swipeTooShort("swipe too short: \(rawFrames.count) frames, at least \(ElanWireFormat.minimumFrames) needed")
        }
        guard let layout else { throw .protocolViolation("elan sensor not activated") }
        var frames: [SwipeFrame] = []
        for raw in rawFrames.dropLast(ElanWireFormat.skippedLastFrames) {
            let pixels = try quirks.contains(.elan0907) ? ElanWireFormat.stretchLinear(raw) : ElanWireFormat.stretchThirds(raw)
            frames.append(SwipeFrame(pixels: pixels))
        }
        SwipeAssembler.estimateMovement(&frames, geometry: layout.geometry)
        return try SwipeAssembler.assembleFrames(frames, geometry: layout.geometry).normalized(ppi: Self.ppi)
    }

    public mutating func close(_ io: SensorIO) async {
        activated = false
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        let size = layout.map { "\($0.frameWidth)×\($0.rawFrameHeight)" } ?? "?"
        return "firmware 0x\(String(firmwareVersion, radix: 16)), sensor \(size)"
    }

    // MARK: Steps

    /// libfprint's calibration: background, then (firmware permitting) mean and status polls until the
    /// status has gone 0x01 → 0x03, then background again, until the mean matches the background.
    private mutating func calibrate(_ io: SensorIO) async throws(FingerprintDriverError) {
        var attemptsLeft = ElanWireFormat.calibrationAttempts
        while true {
            background = try await frame(io)
            guard quirks.contains(.elan0c42) || firmwareVersion >= ElanWireFormat.minimumCalibrationFirmware else { return }
            let mean = try await run(.calibrationMean, io)
            guard try ElanWireFormat.needsCalibration(meanReply: mean, background: background, quirks: quirks) else { return }
            var status: UInt8 = 0
            while true {
                attemptsLeft -= 1
                guard attemptsLeft > 0 else { throw .protocolViolation("calibration failed") }
                let reply = try await run(.calibrationStatus, io)
                guard let value = reply.first else { throw .protocolViolation("empty calibration status") }
                if status == 0x01, value == 0x03 { break }
                if status == 0x00, value == 0x01 { status = 0x01 }
                try await io.pause(calibrationPause)
            }
        }
    }

    /// One frame with the finger on, less the background.
    private func fingerFrame(_ io: SensorIO) async throws(FingerprintDriverError) -> [UInt16] {
        guard let difference = ElanWireFormat.subtractBackground(try await frame(io), background) else {
            throw .protocolViolation("frame darker than the background: finger on the sensor during calibration?")
        }
        return difference
    }

    /// The pre-scan during a swipe: true while the finger is on. A timeout ends the swipe; so does an
    /// empty reply, which is how a recorded timeout replays (the URB was cancelled when it timed out).
    private func fingerStillOn(_ io: SensorIO) async throws(FingerprintDriverError) -> Bool {
        let answer: [UInt8]
        do throws(FingerprintDriverError) {
            answer = try await run(.preScan, io, timeout: fingerTimeout)
        } catch {
            switch error {
            case .transfer(.timeout): return false
            case .transfer(.cancelled) where !Task.isCancelled: return false
            default: throw error
            }
        }
        guard let first = answer.first else { return false }
        guard first == ElanWireFormat.fingerPresent else {
            throw .protocolViolation("pre-scan answered 0x\(String(first, radix: 16)), not finger-on")
        }
        return true
    }

    /// One raw frame, cropped and turned upright.
    private func frame(_ io: SensorIO) async throws(FingerprintDriverError) -> [UInt16] {
        guard let layout else { throw .protocolViolation("elan sensor not activated") }
        return try layout.frame(fromRaw: try await run(.image, io))
    }

    /// The stop command; best effort (libfprint sends it after every capture, failed or not).
    private func stop(_ io: SensorIO) async {
        _ = try? await run(.stop, io)
    }

    /// Sends `command` and reads its reply (none when its length is 0). A reply longer than nothing
    /// but shorter than asked for is a truncated reply, as in libfprint; an empty one is returned.
    private func run(_ command: ElanCommand, _ io: SensorIO, timeout: Duration? = nil) async throws(FingerprintDriverError) -> [UInt8] {
        guard command.applies(to: quirks) else { return [] }
        let timeout = timeout ?? commandTimeout
        try await io.write(ElanCommand.commandEndpoint, command.bytes, timeout: timeout)
        var length = command.responseLength
        if command == .image {
            guard let layout else { throw .protocolViolation("elan sensor not activated") }
            length = layout.rawFrameBytes
        } else if length == 1, quirks.contains(.elan0c42) {
            length = 2
        }
        guard length > 0 else { return [] }
        let reply = try await io.read(command.responseEndpoint, length: length, timeout: timeout)
        guard reply.isEmpty || reply.count == length else {
            throw .protocolViolation("truncated reply to \(command.bytes.map { String($0, radix: 16) }.joined(separator: " ")): \(reply.count) of \(length) bytes")
        }
        return reply
    }
}

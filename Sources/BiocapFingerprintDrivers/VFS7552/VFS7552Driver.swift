import BiocapCore
import BiocapDeviceKit

/// Validity VFS7552 (138a:0091; libfprint's vfs7552): a press sensor giving 112 × 112 frames that libfprint
/// cleans against a background frame and doubles to 224 × 224.
///
/// State machine: `open` = libfprint's initialisation (recorded messages, replies checked) → `waitForFinger` =
/// "start image" (recorded message, 1,962-byte reply), finger events on IN 0x83 until one is not "idle", then
/// frames until one's variance says a finger is on (the first frame after `open` is the background) →
/// `captureImage` = frames until one's variance says a finger is on: that frame, cleaned and doubled, is the
/// image. Before the next capture the driver waits for the finger to be lifted (variance < 100) and stops the
/// sensor (0x04, 0x52), as libfprint does between captures; `close` stops it without waiting. See README.md.
///
/// A frame: "is an image ready?" (0x78 00 00 00 00) until the reply says ready, then "next chunk" (0x78 c0 12
/// 00 00) and a 4,806-byte read until 112 lines are in (`VFS7552ChunkAssembler`).
public struct VFS7552Driver: FingerprintSensorDriver {
    public static let name = "vfs7552"
    public static let vendor = "Validity"
    public static let models = VFS7552IDTable.models
    /// Nominal 500 ppi: libfprint's default image resolution; it states none for this sensor (unverified).
    public static let ppi = 500
    /// The image side: the 112-pixel frame doubled.
    public static let imageSide = 2 * VFS7552ChunkAssembler.width
    public static let capabilities = DeviceCapabilities(
        imageWidth: imageSide, imageHeight: imageSide, ppi: ppi, framesPerSecond: 1, positions: singleFingerPositions)

    /// libfprint's finger-on window: a cleaned frame's squared deviation must lie strictly between these.
    public static let fingerOnVariance = 1_200
    public static let noiseVariance = 4_000
    /// libfprint's finger-off threshold: a cleaned frame's squared deviation below this.
    public static let fingerOffVariance = 100

    /// Where the sensor is in libfprint's cycle.
    public enum Phase: Sendable, Equatable {
        /// Initialised, not capturing.
        case idle
        /// "Start image" sent; waiting for a finger event.
        case armed
        /// The finger event came; waiting for a frame that shows the finger.
        case awaitingFinger
        /// A frame showed the finger; the next such frame is the image.
        case fingerOn
        /// The image was taken; the finger may still be on the sensor.
        case captured
    }

    /// Timeout of the initialisation and "start image" exchanges (libfprint: 3 s).
    public var transferTimeout: Duration = .seconds(3)
    /// Timeout of chunk requests, chunks and the stop exchange (libfprint: 1 s).
    public var chunkTimeout: Duration = .seconds(1)
    /// Time between image-ready queries (libfprint asks again at once).
    public var pollInterval: Duration = .zero
    /// Where the sensor is.
    public private(set) var phase = Phase.idle
    /// The background frame (raw), taken as the first frame after `open`.
    public private(set) var background: [UInt8]?
    /// Frames read since `open`, the background included.
    public private(set) var framesRead = 0
    /// The squared deviation of the last cleaned frame.
    public private(set) var lastVariance = 0
    /// The last image before doubling (112 × 112, cleaned).
    public private(set) var lastNativeImage: [UInt8] = []

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        if phase != .idle {
            // Re-initialising after a failure: the sensor may still be capturing (libfprint resets the device).
            await stop(io)
        }
        background = nil
        framesRead = 0
        try await run(io, VFS7552WireFormat.initialisation, timeout: transferTimeout)
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        let format = VFS7552WireFormat.self
        if phase == .captured {
            try await waitForFingerOff(io, until: deadline)
            await stop(io)
        }
        if phase == .idle {
            try await io.write(format.outEndpoint, format.imageStart, timeout: transferTimeout)
            let reply = try await io.read(format.inEndpoint, length: format.imageStartReadLength, timeout: transferTimeout)
            guard reply.count == format.imageStartReplyLength else {
                throw .protocolViolation("reply to start image: \(reply.count) bytes, expected \(format.imageStartReplyLength)")
            }
            phase = .armed
        }
        if phase == .armed {
            try await waitForFingerEvent(io, until: deadline)
            phase = .awaitingFinger
        }
        if phase == .awaitingFinger {
            _ = try await frameShowingFinger(io, until: deadline)
            phase = .fingerOn
        }
    }

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        if phase != .fingerOn { try await waitForFinger(io, until: deadline) }
        let frame = try await frameShowingFinger(io, until: deadline)
        phase = .captured
        lastNativeImage = frame
        let width = VFS7552ChunkAssembler.width
        let pixels = VFS7552ImageProcessing.doubled(frame, width: width, height: VFS7552ChunkAssembler.height)
        do {
            return try GrayImage(width: Self.imageSide, height: Self.imageSide, pixels: pixels, ppi: Self.ppi)
        } catch {
            throw .protocolViolation("image assembly: \(error)")
        }
    }

    public mutating func close(_ io: SensorIO) async {
        await stop(io)
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        let format = VFS7552WireFormat.self
        try await run(io, [.send(format.cmd01), .reply(length: 38, buffer: format.replyReadLength)], timeout: transferTimeout)
        return "version query answered"
    }

    // MARK: Steps

    /// Finger events until one is not "idle" (libfprint goes on after any other value, known or not).
    private func waitForFingerEvent(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        let format = VFS7552WireFormat.self
        while true {
            let event: [UInt8]
            do {
                event = try await io.read(format.eventEndpoint, length: format.eventReadLength, timeout: SensorIO.remaining(until: deadline))
            } catch .transfer(.timeout) {
                // libfprint waits without a timeout; here the capture's deadline bounds the wait.
                guard ContinuousClock.now < deadline else { throw .noFinger("no finger on the sensor before the capture timeout") }
                continue
            }
            guard let first = event.first else { throw .protocolViolation("empty finger event") }
            if first != format.FingerEvent.idle.rawValue { return }
            guard ContinuousClock.now < deadline else { throw .noFinger("no finger on the sensor before the capture timeout") }
        }
    }

    /// Frames until a cleaned one's variance lies in libfprint's finger-on window; returns it (cleaned).
    private mutating func frameShowingFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> [UInt8] {
        while true {
            if let cleaned = try await cleanedFrame(io, acceptingFingerOff: false, until: deadline),
               lastVariance > Self.fingerOnVariance, lastVariance < Self.noiseVariance {
                return cleaned
            }
            guard ContinuousClock.now < deadline else { throw .noFinger("no finger on the sensor before the capture timeout") }
        }
    }

    /// Frames until a cleaned one's variance is below libfprint's finger-off threshold.
    private mutating func waitForFingerOff(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {
        while true {
            if try await cleanedFrame(io, acceptingFingerOff: true, until: deadline) != nil, lastVariance < Self.fingerOffVariance { return }
            guard ContinuousClock.now < deadline else { throw .noFinger("the finger was not lifted from the sensor before the capture timeout") }
        }
    }

    /// Reads one frame. The first after `open` (or after a blank frame) becomes the background and gives nil;
    /// any other is cleaned against it, its variance kept in `lastVariance`.
    private mutating func cleanedFrame(
        _ io: SensorIO, acceptingFingerOff: Bool, until deadline: ContinuousClock.Instant
    ) async throws(FingerprintDriverError) -> [UInt8]? {
        let raw = try await readFrame(io, acceptingFingerOff: acceptingFingerOff, until: deadline)
        framesRead += 1
        guard let background else {
            self.background = raw
            return nil
        }
        let (cleaned, isBlank) = VFS7552ImageProcessing.clean(raw, background: background)
        // A frame darker than the background everywhere: a finger was on the sensor for the background.
        if isBlank { self.background = nil }
        lastVariance = VFS7552ImageProcessing.squaredDeviation(cleaned)
        return cleaned
    }

    /// Asks until an image is ready, then reads its chunks.
    private func readFrame(_ io: SensorIO, acceptingFingerOff: Bool, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> [UInt8] {
        let format = VFS7552WireFormat.self
        while true {
            try await io.write(format.outEndpoint, format.isImageReady, timeout: chunkTimeout)
            let reply = try await io.read(format.inEndpoint, length: format.replyReadLength, timeout: SensorIO.remaining(until: deadline))
            guard reply.count == format.imageStateLength, let first = reply.first else {
                throw .protocolViolation("image-ready reply of \(reply.count) bytes, expected \(format.imageStateLength)")
            }
            switch format.ImageState(rawValue: first) {
            case .ready?:
                return try await readChunks(io)
            case .fingerOff? where acceptingFingerOff:
                // libfprint reads the frame when waiting for the finger to go.
                return try await readChunks(io)
            case .notReady?, .fingerOff?:
                // Waiting for a finger, "finger off" only means no finger yet: ask again.
                guard ContinuousClock.now < deadline else { throw .noFinger("no finger on the sensor before the capture timeout") }
                if pollInterval > .zero { try await io.pause(pollInterval) }
            case nil:
                throw .protocolViolation("unknown image-ready reply 0x\(String(first, radix: 16))")
            }
        }
    }

    /// "Next chunk" and a chunk read, until the frame is complete.
    private func readChunks(_ io: SensorIO) async throws(FingerprintDriverError) -> [UInt8] {
        let format = VFS7552WireFormat.self
        var assembler = VFS7552ChunkAssembler()
        for _ in 0..<VFS7552ChunkAssembler.height {
            try await io.write(format.outEndpoint, format.readImageChunk, timeout: chunkTimeout)
            let chunk = try await io.read(format.inEndpoint, length: format.chunkReadLength, timeout: chunkTimeout)
            try assembler.add(chunk: chunk)
            if assembler.isComplete { return assembler.pixels }
        }
        throw .protocolViolation("image incomplete after \(VFS7552ChunkAssembler.height) chunks (\(assembler.lines) lines)")
    }

    /// libfprint's "stop capture", best effort (the sensor may be gone).
    private mutating func stop(_ io: SensorIO) async {
        guard phase != .idle else { return }
        phase = .idle
        try? await run(io, VFS7552WireFormat.stopCapture, timeout: chunkTimeout)
    }

    /// Runs an exchange: each send, each reply read and checked.
    private func run(_ io: SensorIO, _ steps: [VFS7552WireFormat.Step], timeout: Duration) async throws(FingerprintDriverError) {
        let format = VFS7552WireFormat.self
        var sent: UInt8 = 0
        for step in steps {
            switch step {
            case .send(let bytes):
                sent = bytes.first ?? 0
                try await io.write(format.outEndpoint, bytes, timeout: timeout)
            case .reply(let length, let buffer):
                let reply = try await io.read(format.inEndpoint, length: buffer, timeout: timeout)
                guard reply.count == length else {
                    throw .protocolViolation("reply to 0x\(String(sent, radix: 16)): \(reply.count) bytes, expected \(length)")
                }
            case .expect(let expected):
                let reply = try await io.read(format.inEndpoint, length: format.replyReadLength, timeout: timeout)
                guard reply == expected else {
                    throw .protocolViolation("reply to 0x\(String(sent, radix: 16)): expected \(hex(expected)), got \(hex(reply.prefix(8)))")
                }
            }
        }
    }

    private func hex<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        bytes.map { String($0, radix: 16) }.joined(separator: " ")
    }
}

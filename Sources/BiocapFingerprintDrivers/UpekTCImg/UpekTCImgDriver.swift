import BiocapCore
import BiocapDeviceKit

/// UPEK TouchChip Fingerprint Coprocessor (147e:2016, 147e:2020; libfprint's upektc_img): a coprocessor
/// that assembles the image itself and sends it in acknowledged `Ciao` frames. Which sensor sits behind it
/// (TCS1x … TCS5x, press or swipe) is read from the device's information reply during `open`, as libfprint
/// does; it sets the image size (144 × 384 for the TCS4x swipe sensor, 192 × 270 for the TCS1x area
/// sensor …) and the capture variant.
///
/// State machine: `open` = control request, init 1, init 2, control request, init 3, init 4 (each
/// followed by a 64-byte reply; the one marked `06 14` describes the sensor) → `captureImage` = init
/// capture (swipe or press variant), then for each reply: status 0x28 (ack; no finger yet, finger down,
/// finger gone; a rejected placement ends a swipe capture, an area sensor waits it out), command 0x08
/// (ack with sequence 0), image frames 0x2c/0x24 (ack each) until the last frame 0x20 → image. `close`
/// sends deinit. Every reply's CRC is checked; a corrupt or truncated frame is a protocol violation.
/// See README.md.
public struct UpekTCImgDriver: FingerprintSensorDriver {
    public static let name = "upektc_img"
    public static let vendor = "UPEK"
    public static let models = UpekTCImgIDTable.models
    /// Nominal 500 ppi (libfprint's default resolution for this driver; see README.md).
    public static let ppi = 500
    /// The default sensor's geometry (TCS4x swipe, 144 × 384); each image carries its own size.
    public static let capabilities = DeviceCapabilities(
        imageWidth: UpekTCImgWireFormat.width, imageHeight: UpekTCImgWireFormat.height, ppi: ppi,
        framesPerSecond: 1, positions: singleFingerPositions)

    /// Timeout of each transfer (libfprint: 4 s; the device answers "no finger" well within it).
    public var transferTimeout: Duration = .seconds(4)
    /// The sequence number of the next command (4 bits).
    public private(set) var sequence: UInt8 = 0
    /// What the device answered to the first control request (its firmware string, e.g. "10.5").
    public private(set) var firmware: String?
    /// The sensor the device reported in `open` (the TCS4x swipe sensor until it reports one).
    public private(set) var sensor: UpekSensorType = .defaultSwipe
    /// Whether the last `open` saw an information reply.
    public private(set) var sensorReported = false

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = UpekTCImgWireFormat.self
        sequence = 0
        sensor = .defaultSwipe
        sensorReported = false
        try await controlRequest(io)
        let hello = try await readInitReply(io)
        if hello.payload.count > 1 {
            firmware = String(decoding: hello.payload.dropFirst().prefix { $0 != 0 }, as: UTF8.self)
        }
        try await initExchange(io, format.init1.frame(sequence: 0))
        try await initExchange(io, format.init2.frame(sequence: 0))
        try await controlRequest(io)
        _ = try await readInitReply(io)
        try await initExchange(io, format.init3.frame(sequence: 0))
        try await initExchange(io, format.init4.frame(sequence: nextSequence()))
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = UpekTCImgWireFormat.self
        let imageSize = sensor.imageWidth * sensor.imageHeight
        var pixels: [UInt8] = []
        pixels.reserveCapacity(imageSize)
        let start = sensor.isAreaSensor ? format.initCapturePress : format.initCapture
        try await send(io, start.frame(sequence: nextSequence()))
        while true {
            let reply = try await readFrame(io, skippingEmpty: true)
            switch reply.command {
            case 0x00:
                guard let first = reply.payload.first, let type = UpekTCImgWireFormat.FrameType(rawValue: first) else {
                    throw .protocolViolation("unknown frame type \(reply.payload.first.map { "0x" + String($0, radix: 16) } ?? "(empty)")")
                }
                if type == .status {
                    let rejection = try checkStatus(reply, deadline: deadline)
                    try await send(io, format.ackStatus.frame(sequence: nextSequence()))
                    if let rejection {
                        // libfprint reads one more reply after acknowledging a rejected swipe, then starts over.
                        _ = try await readFrame(io, skippingEmpty: true)
                        throw .protocolViolation("swipe rejected by the sensor: \(rejection); swipe again")
                    }
                    continue
                }
                let chunk = try format.pixels(of: reply, type: type)
                guard pixels.count + chunk.count <= imageSize else {
                    throw .protocolViolation("image frames exceed \(imageSize) bytes")
                }
                pixels += chunk
                if type == .lastImage {
                    guard pixels.count == imageSize else {
                        throw .protocolViolation("image ended after \(pixels.count) of \(imageSize) bytes")
                    }
                    do {
                        return try GrayImage(width: sensor.imageWidth, height: sensor.imageHeight, pixels: pixels, ppi: Self.ppi)
                    } catch {
                        throw .protocolViolation("image assembly: \(error)")
                    }
                }
                try await send(io, format.ackFrame.frame(sequence: nextSequence()))
            case 0x08:
                try await send(io, format.ack08.frame(sequence: 0))
            default:
                throw .protocolViolation("unexpected reply command 0x\(String(reply.command, radix: 16)) during capture")
            }
        }
    }

    public mutating func close(_ io: SensorIO) async {
        do {
            try await exchange(io, UpekTCImgWireFormat.deinitialise.frame(sequence: nextSequence()))
        } catch {
            // The device may already be gone; closing goes on regardless.
        }
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        return "init sequence answered" + (firmware.map { ", firmware \($0)" } ?? "")
    }

    // MARK: Steps

    /// Status replies before the image: no finger yet (go on until the deadline), finger down, finger
    /// gone (go on). Anything else is a rejected placement (too short, skewed, lifted early): returned for
    /// a swipe sensor, which ends the capture; an area sensor waits for a better placement.
    private func checkStatus(_ reply: UpekCiaoFrame, deadline: ContinuousClock.Instant) throws(FingerprintDriverError) -> String? {
        let format = UpekTCImgWireFormat.self
        guard reply.payload.count > format.statusIndex else {
            throw .protocolViolation("status frame too short: \(reply.payload.count) bytes")
        }
        let status = reply.payload[format.statusIndex]
        switch status {
        case format.statusFingerPresent, format.statusFingerGone:
            return nil
        case format.statusNoFinger:
            if ContinuousClock.now >= deadline { throw .noFinger("no finger on the sensor before the capture timeout") }
            return nil
        default:
            if sensor.isAreaSensor {
                if ContinuousClock.now >= deadline { throw .noFinger("no acceptable finger placement before the capture timeout") }
                return nil
            }
            return format.rejection(status)
        }
    }

    /// Empty reads in a row accepted during a capture before the reply counts as missing.
    static let emptyReadLimit = 100

    private mutating func nextSequence() -> UInt8 {
        defer { sequence = (sequence + 1) & 0x0f }
        return sequence
    }

    private func controlRequest(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = UpekTCImgWireFormat.self
        try await io.controlOut(
            requestType: format.controlRequestType, request: format.controlRequest,
            value: format.controlValue, index: format.controlIndex, data: [0x00], timeout: transferTimeout)
    }

    private func send(_ io: SensorIO, _ frame: UpekCiaoFrame) async throws(FingerprintDriverError) {
        try await io.write(UpekTCImgWireFormat.outEndpoint, frame.encoded, timeout: transferTimeout)
    }

    private func exchange(_ io: SensorIO, _ frame: UpekCiaoFrame) async throws(FingerprintDriverError) {
        try await send(io, frame)
        _ = try await readFrame(io)
    }

    /// An init command and its reply, which may describe the sensor.
    private mutating func initExchange(_ io: SensorIO, _ frame: UpekCiaoFrame) async throws(FingerprintDriverError) {
        try await send(io, frame)
        _ = try await readInitReply(io)
    }

    /// A reply during `open`; the information reply (`06 14`) sets `sensor`.
    private mutating func readInitReply(_ io: SensorIO) async throws(FingerprintDriverError) -> UpekCiaoFrame {
        let reply = try await readFrame(io)
        if UpekSensorType.isInformation(reply) {
            sensor = try UpekSensorType.from(information: reply)
            sensorReported = true
        }
        return reply
    }

    /// One reply: a 64-byte read, plus the continuation when the header announces more; CRC checked.
    /// During a capture an empty read is read again, as libfprint does (at most `emptyReadLimit` in a row).
    private func readFrame(_ io: SensorIO, skippingEmpty: Bool = false) async throws(FingerprintDriverError) -> UpekCiaoFrame {
        let format = UpekTCImgWireFormat.self
        var bytes = try await io.read(format.inEndpoint, length: format.shortReadLength, timeout: transferTimeout)
        var empty = 0
        while skippingEmpty, bytes.isEmpty, empty < Self.emptyReadLimit {
            empty += 1
            bytes = try await io.read(format.inEndpoint, length: format.shortReadLength, timeout: transferTimeout)
        }
        guard let total = UpekCiaoFrame.totalLength(header: bytes) else {
            throw .protocolViolation("reply is not a Ciao frame (\(bytes.count) bytes starting \(UpekCiaoFrame.hex(bytes.prefix(8))))")
        }
        guard total <= format.maximumFrameLength else {
            throw .protocolViolation("reply announces \(total) bytes, more than \(format.maximumFrameLength)")
        }
        if total > bytes.count {
            bytes += try await io.read(format.inEndpoint, length: format.continuationLength, timeout: transferTimeout)
        }
        return try UpekCiaoFrame.decode(bytes)
    }
}

import BiocapCore
import BiocapDeviceKit

/// UPEK TouchChip Fingerprint Coprocessor (147e:2016, libfprint's upektc_img): a swipe sensor whose
/// coprocessor assembles the 144 × 384 image itself and sends it in acknowledged `Ciao` frames.
///
/// State machine: `open` = control request, init 1, init 2, control request, init 3, init 4 (each
/// followed by a 64-byte reply) → `captureImage` = init capture, then for each reply: status 0x28
/// (ack; no finger yet, or finger down), command 0x08 (ack with sequence 0), image frames
/// 0x2c/0x24 (ack each) until the last frame 0x20 → image. `close` sends deinit. Every reply's
/// CRC is checked; a corrupt or truncated frame is a protocol violation. See README.md.
public struct UpekTCImgDriver: FingerprintSensorDriver {
    public static let name = "upektc_img"
    public static let vendor = "UPEK"
    public static let models = UpekTCImgIDTable.models
    /// Nominal 500 ppi (libfprint's default resolution for this driver; see README.md).
    public static let ppi = 500
    public static let capabilities = DeviceCapabilities(
        imageWidth: UpekTCImgWireFormat.width, imageHeight: UpekTCImgWireFormat.height, ppi: ppi,
        framesPerSecond: 1, positions: singleFingerPositions)

    /// Timeout of each transfer (libfprint: 4 s; the device answers "no finger" well within it).
    public var transferTimeout: Duration = .seconds(4)
    /// The sequence number of the next command (4 bits).
    public private(set) var sequence: UInt8 = 0
    /// What the device answered to the first control request (its firmware string, e.g. "10.5").
    public private(set) var firmware: String?

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        let format = UpekTCImgWireFormat.self
        sequence = 0
        try await controlRequest(io)
        let hello = try await readFrame(io)
        if hello.payload.count > 1 {
            firmware = String(decoding: hello.payload.dropFirst().prefix { $0 != 0 }, as: UTF8.self)
        }
        try await exchange(io, format.init1.frame(sequence: 0))
        try await exchange(io, format.init2.frame(sequence: 0))
        try await controlRequest(io)
        _ = try await readFrame(io)
        try await exchange(io, format.init3.frame(sequence: 0))
        try await exchange(io, format.init4.frame(sequence: nextSequence()))
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        let format = UpekTCImgWireFormat.self
        let imageSize = format.width * format.height
        var pixels: [UInt8] = []
        pixels.reserveCapacity(imageSize)
        try await send(io, format.initCapture.frame(sequence: nextSequence()))
        while true {
            let reply = try await readFrame(io)
            switch reply.command {
            case 0x00:
                guard let first = reply.payload.first, let type = UpekTCImgWireFormat.FrameType(rawValue: first) else {
                    throw .protocolViolation("unknown frame type \(reply.payload.first.map { "0x" + String($0, radix: 16) } ?? "(empty)")")
                }
                if type == .status {
                    try checkStatus(reply, deadline: deadline)
                    try await send(io, format.ackStatus.frame(sequence: nextSequence()))
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
                        return try GrayImage(width: format.width, height: format.height, pixels: pixels, ppi: Self.ppi)
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

    /// Status replies before the image: no finger yet (go on until the deadline), finger down
    /// (the image follows); anything else (too short or skewed swipe) ends this capture.
    private func checkStatus(_ reply: UpekCiaoFrame, deadline: ContinuousClock.Instant) throws(FingerprintDriverError) {
        let format = UpekTCImgWireFormat.self
        guard reply.payload.count > format.statusIndex else {
            throw .protocolViolation("status frame too short: \(reply.payload.count) bytes")
        }
        switch reply.payload[format.statusIndex] {
        case format.statusNoFinger:
            if ContinuousClock.now >= deadline { throw .noFinger("no finger swiped before the capture timeout") }
        case format.statusFingerPresent:
            break
        case let status:
            throw .protocolViolation("swipe rejected by the sensor (status 0x\(String(status, radix: 16)))")
        }
    }

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

    /// One reply: a 64-byte read, plus the continuation when the header announces more; CRC checked.
    private func readFrame(_ io: SensorIO) async throws(FingerprintDriverError) -> UpekCiaoFrame {
        let format = UpekTCImgWireFormat.self
        var bytes = try await io.read(format.inEndpoint, length: format.shortReadLength, timeout: transferTimeout)
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

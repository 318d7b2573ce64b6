import BiocapCore
import BiocapDeviceKit

/// Egis Technology (LighTuning) 0570: a swipe sensor that, after each image request, returns five
/// 114 × 57 images; the middle 17 rows of each, less a background taken from the first read, are
/// assembled by `SwipeAssembler` and doubled (bilinear) as libfprint does.
///
/// State machine (libfprint's `egis0570.c`): `open` is the activation (nothing on the wire; the next
/// exchange uses the set-up packets and its read becomes the background) → `waitForFinger` returns at
/// once → `captureImage` exchanges packets and reads images until a read shows a finger and a later
/// frame shows none, then assembles the frames seen. Each reply read is submitted before the next
/// packet is sent, as libfprint does (a replay expects that interleaving). See README.md.
public struct Egis0570Driver: FingerprintSensorDriver {
    public static let name = "egis0570"
    public static let vendor = "Egis Technology"
    public static let models = Egis0570IDTable.models
    /// libfprint states no resolution for the 0570 and we have no vendor figure to cite; the delivered
    /// image is the sensor's doubled both ways.
    public static let ppi: Int? = nil
    public static let capabilities = DeviceCapabilities(
        imageWidth: Egis0570WireFormat.geometry.imageWidth * Egis0570WireFormat.resizeFactor, imageHeight: 600, ppi: ppi,
        framesPerSecond: 1, positions: singleFingerPositions, swipe: true)

    /// Timeout of every transfer (libfprint: 10 s).
    public var transferTimeout: Duration = .seconds(10)

    private var background: [UInt8]?
    private var sentSetUp = false

    public init() {}

    public mutating func open(_ io: SensorIO) async throws(FingerprintDriverError) {
        background = nil
        sentSetUp = false
    }

    public mutating func waitForFinger(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) {}

    public mutating func captureImage(_ io: SensorIO, until deadline: ContinuousClock.Instant) async throws(FingerprintDriverError) -> GrayImage {
        var frames: [SwipeFrame] = []
        while true {
            guard ContinuousClock.now < deadline else {
                throw .noFinger(frames.isEmpty ? "no finger swiped before the capture timeout" : "the swipe did not end before the capture timeout")
            }
            let data = try await exchange(io)
            guard let background else {
                self.background = try Egis0570WireFormat.background(data)
                continue
            }
            let seen = try Egis0570WireFormat.frames(data, background: background)
            var ended = !seen.contains(where: { $0.finger })
            if !ended {
                for (frame, finger) in seen {
                    guard finger else { ended = true; break }
                    frames.append(frame)
                }
            }
            if ended, !frames.isEmpty { break }
        }
        // libfprint activates afresh (set-up packets, new background) for every capture.
        background = nil
        sentSetUp = false
        SwipeAssembler.estimateMovement(&frames, geometry: Egis0570WireFormat.geometry)
        let assembled = try SwipeAssembler.assembleFrames(frames, geometry: Egis0570WireFormat.geometry)
        let factor = Egis0570WireFormat.resizeFactor
        guard let pixels = BilinearUpscaler.upscale(assembled.pixels, width: assembled.width, height: assembled.height,
                                                    widthFactor: factor, heightFactor: factor) else {
            throw .protocolViolation("assembled swipe image \(assembled.width) × \(assembled.height) cannot be resized")
        }
        let image = SwipeImage(width: assembled.width * factor, height: assembled.height * factor, pixels: pixels, flags: assembled.flags)
        return try image.normalized(ppi: Self.ppi)
    }

    public mutating func close(_ io: SensorIO) async {
        background = nil
        sentSetUp = false
    }

    public mutating func probe(_ io: SensorIO) async throws(FingerprintDriverError) -> String {
        try await open(io)
        let data = try await exchange(io)
        background = try Egis0570WireFormat.background(data)
        return "set-up accepted, background of \(Egis0570WireFormat.imageCount) images read"
    }

    /// One packet sequence (the set-up the first time, then image requests) and its image read.
    private mutating func exchange(_ io: SensorIO) async throws(FingerprintDriverError) -> [UInt8] {
        let packets = sentSetUp ? Egis0570WireFormat.repeatPackets : Egis0570WireFormat.initPackets
        sentSetUp = true
        var pending: Task<Result<[UInt8], FingerprintDriverError>, Never>?
        for (index, packet) in packets.enumerated() {
            do throws(FingerprintDriverError) {
                try await io.write(Egis0570WireFormat.outEndpoint, packet, timeout: transferTimeout)
            } catch {
                pending?.cancel()
                _ = await pending?.value
                throw error
            }
            if let reply = await pending?.value, case .failure(let error) = reply { throw error }
            pending = nil
            if index < packets.count - 1 {
                pending = startReply(io)
            }
        }
        return try await io.readExactly(Egis0570WireFormat.inEndpoint, length: Egis0570WireFormat.dataLength,
                                        timeout: transferTimeout, what: "image read")
    }

    /// Submits the 7-byte reply read of the packet just sent; libfprint only looks at its errors.
    private func startReply(_ io: SensorIO) -> Task<Result<[UInt8], FingerprintDriverError>, Never> {
        let timeout = transferTimeout
        return Task {
            do throws(FingerprintDriverError) {
                return .success(try await io.read(Egis0570WireFormat.inEndpoint, length: Egis0570WireFormat.packetLength, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
    }
}

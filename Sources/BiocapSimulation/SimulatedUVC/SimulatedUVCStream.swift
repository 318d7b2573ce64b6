import BiocapCore
import BiocapDeviceKit
import BiocapUVC
import Synchronization

/// One running stream of the simulated camera. A single task renders each frame from the simulated
/// face/iris source, encodes it and cuts it into isochronous payloads with UVC headers (FID toggling
/// per frame, EOF on the last payload, PTS and SCR), calling the handler one payload at a time.
/// Frames are paced by the committed interval times the simulation's time scale.
final class SimulatedUVCStream: USBStream {
    private let transport: SimulatedUVCTransport
    private let mode: SimulatedUVCModel.Mode
    private let interval: UInt32
    private let packetSize: Int
    private let handler: @Sendable (USBStreamEvent) -> Void
    private let control = Mutex<(stopped: Bool, task: Task<Void, Never>?)>((false, nil))

    /// Payload header: length 12 with PTS and SCR.
    static let headerLength = 12

    init(transport: SimulatedUVCTransport, mode: SimulatedUVCModel.Mode, interval: UInt32, packetSize: Int, handler: @escaping @Sendable (USBStreamEvent) -> Void) {
        self.transport = transport
        self.mode = mode
        self.interval = interval
        self.packetSize = max(Self.headerLength + 1, min(packetSize, 3072))
        self.handler = handler
    }

    func start() {
        let task = Task.detached { [self] in
            await run()
            transport.streamFinished()
        }
        control.withLock { $0.task = task }
    }

    func stop() async {
        let task = control.withLock { state -> Task<Void, Never>? in
            state.stopped = true
            return state.task
        }
        await task?.value
    }

    private var stopped: Bool { control.withLock { $0.stopped } }

    private func run() async {
        let options = transport.options
        let faults = transport.faults
        let source: any SimulatedFrameSource = transport.model == .face
            ? FaceFrameSource(options: options) : IrisFrameSource(eyes: [.right], options: options)
        let encoder = SimulatedUVCFrameEncoder(mode: mode)
        let seconds = Double(interval) / 10_000_000
        let start = ContinuousClock.now
        var frameID: UInt8 = 0
        var frameIndex = 0
        while true {
            if stopped { return handler(.ended(nil)) }
            if transport.isUnplugged || faults.unplugBeforeFrame == frameIndex {
                transport.unplug()
                return handler(.ended(.noDevice))
            }
            if faults.timeoutBeforeFrame == frameIndex { return handler(.ended(.timeout(endpoint: SimulatedUVCDescriptors.endpoint))) }
            let elapsed = Double(frameIndex) * seconds
            guard let image = source.views(frameIndex: frameIndex, elapsed: elapsed).first?.image else { return handler(.ended(.io("no frame"))) }
            if let stillMode = transport.takeStillTrigger() {
                // Method 2: the still goes out as its own frame, every payload marked STI.
                let still = SimulatedUVCFrameEncoder(mode: stillMode).encode(image)
                send(still, frameID: frameID, frameIndex: frameIndex, faults: SimulatedUVCFaults(), presentationTime: 0, still: true)
                frameID ^= 1
            }
            var bytes = encoder.encode(image)
            if faults.oversizeFrames.contains(frameIndex) { bytes = [UInt8](repeating: 0x55, count: bytes.count * 10) }
            send(bytes, frameID: frameID, frameIndex: frameIndex, faults: faults, presentationTime: UInt32(truncatingIfNeeded: Int(elapsed * 48_000_000)))
            frameID ^= 1
            frameIndex += 1
            // Let other tasks (the consumer, stop()) run between frames even when unpaced.
            await Task.yield()
            if options.timeScale > 0 {
                let due = start + .seconds(Double(frameIndex) * seconds * options.timeScale)
                while ContinuousClock.now < due, !stopped {
                    // Short naps keep stop() prompt.
                    try? await Task.sleep(for: min(due - ContinuousClock.now, .milliseconds(20)))
                }
            }
        }
    }

    private func send(_ bytes: [UInt8], frameID: UInt8, frameIndex: Int, faults: SimulatedUVCFaults, presentationTime: UInt32, still: Bool = false) {
        let chunk = packetSize - Self.headerLength
        let count = max(1, (bytes.count + chunk - 1) / chunk)
        var packet = [UInt8](repeating: 0, count: packetSize)
        handler(.payload(UnsafeRawBufferPointer(start: nil, count: 0)))  // an empty packet between frames, as on the wire
        for index in 0..<count {
            if faults.packetErrorFrames.contains(frameIndex), index == count / 2 {
                handler(.packetError)
                continue
            }
            if faults.truncatedFrames.contains(frameIndex), index == count - 1, count > 1 { continue }
            let lower = index * chunk, upper = min(bytes.count, lower + chunk)
            var flags = frameID | UVCPayloadHeader.presentationTimeBit | UVCPayloadHeader.sourceClockBit | UVCPayloadHeader.endOfHeaderBit
            if index == count - 1 { flags |= UVCPayloadHeader.endOfFrameBit }
            if still { flags |= UVCPayloadHeader.stillImageBit }
            if faults.errorFrames.contains(frameIndex), index == min(1, count - 1) { flags |= UVCPayloadHeader.errorBit }
            packet[0] = faults.badHeaderFrames.contains(frameIndex) && index == count / 2 ? 1 : UInt8(Self.headerLength)
            packet[1] = flags
            packet.set(presentationTime, at: 2, size: 4, .littleEndian)
            packet.set(presentationTime, at: 6, size: 4, .littleEndian)
            packet[10] = UInt8(truncatingIfNeeded: frameIndex)
            packet[11] = 0
            let length = Self.headerLength + (upper - lower)
            if upper > lower {
                bytes.withUnsafeBytes { source in
                    packet.withUnsafeMutableBytes { target in
                        UnsafeMutableRawBufferPointer(rebasing: target[Self.headerLength..<length])
                            .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[lower..<upper]))
                    }
                }
            }
            packet.withUnsafeBytes { handler(.payload(UnsafeRawBufferPointer(rebasing: $0[0..<length]))) }
        }
    }
}

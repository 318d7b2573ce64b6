import BiocapCore
import BiocapDeviceKit

/// A test device that plays a fixed list of frames, then either ends, fails or keeps the stream
/// open (so a timeout can happen). Records whether its stream was terminated.
public actor ScriptedDevice: BiometricDevice {
    public enum Ending: Sendable {
        case finish
        case fail(BiocapError)
        case hang
    }

    public let descriptor: DeviceDescriptor
    private let frames: [Frame]
    private let ending: Ending
    private let interval: Duration
    public private(set) var streamsStarted = 0
    public private(set) var streamsTerminated = 0
    private var live = false

    public init(modality: Modality, positions: [BiometricPosition], frames: [Frame], ending: Ending = .hang,
         interval: Duration = .milliseconds(1)) {
        self.descriptor = DeviceDescriptor(
            id: "scripted-\(modality.rawValue)", modality: modality, vendor: "test", model: "scripted",
            driver: "scripted", simulated: true,
            capabilities: DeviceCapabilities(imageWidth: 4, imageHeight: 4, framesPerSecond: 100, positions: positions))
        self.frames = frames
        self.ending = ending
        self.interval = interval
    }

    public func open() async throws(BiocapError) {}
    public func close() async {}
    public func selfTest() async throws(BiocapError) -> DiagnosticReport { DiagnosticReport(device: descriptor, checks: []) }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        guard !live else { throw BiocapError.deviceBusy(device: descriptor.id) }
        live = true
        streamsStarted += 1
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: Frame.self)
        let frames = self.frames, ending = self.ending, interval = self.interval
        let producer = Task {
            for frame in frames {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                continuation.yield(frame)
            }
            switch ending {
            case .finish: continuation.finish()
            case .fail(let error): continuation.finish(throwing: error)
            case .hang: while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            }
        }
        continuation.onTermination = { _ in
            producer.cancel()
            Task { await self.streamEnded() }
        }
        return stream
    }

    private func streamEnded() {
        live = false
        streamsTerminated += 1
    }

    /// Frames whose single view has pixel 0 = the score the `ScriptedScorer` will give.
    public static func frames(scores: [UInt8], position: BiometricPosition) -> [Frame] {
        scores.enumerated().map { index, score in
            Frame(index: index, elapsed: .milliseconds(index * 10),
                  views: [FrameView(position: position, image: .gray(GrayImage(width: 4, height: 4, fill: score)))])
        }
    }
}

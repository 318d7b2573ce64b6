import BiocapCore
import BiocapDeviceKit
import Foundation
import Synchronization

/// A test signature pad that plays a fixed list of pen samples, then ends, fails or keeps the stream open (as a real
/// pad does once the pen has left its range). It records the prompts it was asked to show and how many streams
/// started and ended, so tests await behaviour rather than sleep.
public actor ScriptedPad: SignaturePad {
    public enum Ending: Sendable {
        case finish
        case fail(BiocapError)
        case hang
    }

    public let descriptor: DeviceDescriptor
    public let geometry: PadGeometry
    private let samples: [PenPoint]
    private let ending: Ending
    private let interval: Duration
    public private(set) var prompts: [PadPrompt] = []
    public private(set) var streamsStarted = 0
    private let state = StreamState()

    /// Whether a stream is live and how many ended, set from whichever thread a stream ends on.
    private final class StreamState: Sendable {
        let terminated = Mutex(0)
        let live = Mutex(false)
    }

    /// - Parameter interval: wall time between samples (zero: as fast as the consumer reads).
    public init(samples: [PenPoint], geometry: PadGeometry = ScriptedPad.standardGeometry, ending: Ending = .hang,
                interval: Duration = .zero) {
        descriptor = DeviceDescriptor(
            id: "scripted-signature", modality: .signature, vendor: "test", model: "scripted pad", driver: "scripted",
            simulated: true,
            capabilities: DeviceCapabilities(imageWidth: geometry.width, imageHeight: geometry.height,
                                             framesPerSecond: geometry.samplesPerSecond, positions: [.signature]))
        self.geometry = geometry
        self.samples = samples
        self.ending = ending
        self.interval = interval
    }

    /// 100 × 60 mm at 100 counts per mm, 1024 pressure levels, 200 samples per second.
    public static let standardGeometry = PadGeometry(width: 10_000, height: 6_000, xCountsPerMillimetre: 100, yCountsPerMillimetre: 100,
                                                     pressureMaximum: 1023, samplesPerSecond: 200)

    public func open() async throws(BiocapError) {}
    public func close() async {}
    public func selfTest() async throws(BiocapError) -> DiagnosticReport { DiagnosticReport(device: descriptor, checks: []) }

    public func show(_ prompt: PadPrompt) async { prompts.append(prompt) }

    /// Streams that have ended (consumer gone, finished or failed).
    public nonisolated var streamsTerminated: Int { state.terminated.withLock { $0 } }

    public func penSamples(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<PenPoint, any Error> {
        _ = try request.admit(on: descriptor)
        let busy = state.live.withLock { live in
            defer { live = true }
            return live
        }
        guard !busy else { throw .deviceBusy(device: descriptor.id) }
        streamsStarted += 1
        let (stream, continuation) = AsyncThrowingStream<PenPoint, any Error>.makeStream()
        let samples = self.samples, ending = self.ending, interval = self.interval
        let producer = Task {
            for sample in samples {
                if interval > .zero { try? await Task.sleep(for: interval) }
                if Task.isCancelled { return }
                continuation.yield(sample)
            }
            switch ending {
            case .finish: continuation.finish()
            case .fail(let error): continuation.finish(throwing: error)
            case .hang: break
            }
        }
        let state = self.state
        continuation.onTermination = { _ in
            producer.cancel()
            // Counted synchronously as the stream ends, so a test that saw the capture end sees it.
            state.terminated.withLock { $0 += 1 }
            state.live.withLock { $0 = false }
        }
        return stream
    }

    /// A signature-like trace: `strokes` strokes of `samplesPerStroke` samples each (a sine wave across the pad with
    /// pressure rising and falling), hovering samples between them, at 5 ms per sample, then the pen hovering for
    /// `hoverAfter` samples.
    public static func strokes(_ strokes: Int, samplesPerStroke: Int = 120, hoverAfter: Int = 0) -> [PenPoint] {
        var points: [PenPoint] = []
        var step = 0
        func add(x: Int, y: Int, pressure: Int, tip: Bool) {
            points.append(PenPoint(x: x, y: y, pressure: pressure, tip: tip, time: .milliseconds(5 * step)))
            step += 1
        }
        for stroke in 0..<strokes {
            let left = 1_000 + stroke * 7_000 / max(1, strokes)
            for index in 0..<samplesPerStroke {
                let t = Double(index) / Double(samplesPerStroke)
                let x = left + Int(t * 6_500 / Double(max(1, strokes)))
                let y = 3_000 + Int(1_200 * sin(t * 6 * .pi))
                add(x: x, y: y, pressure: Int(200 + 600 * sin(t * .pi)), tip: true)
            }
            for index in 0..<20 { add(x: left + 900 + index * 10, y: 2_500, pressure: 0, tip: false) }
        }
        for index in 0..<hoverAfter { add(x: 8_000 + index, y: 2_500, pressure: 0, tip: false) }
        return points
    }
}

import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis
import Synchronization

/// The frame loop shared by all simulated devices. The stream is pull-driven: each frame is made when
/// the consumer asks for it, after waiting until its due time (`interval * timeScale`; no wait when
/// `timeScale` is 0), so the sequence of frames never depends on how fast the consumer is: the same
/// options give the same frames. Frames are made in the consumer's task, never on the device actor.
///
/// Scenario faults: `unplug` ends the stream with `deviceDisconnected` after ~1 s of frames,
/// `transferTimeout` with `transferTimeout` after ~1.5 s.
enum SimulatedStream {
    /// How a stream ended, reported back to the device actor.
    enum End: Sendable { case stopped, unplugged, failed }

    static let unplugAfter = 1.0
    static let timeoutAfter = 1.5
    /// The endpoint a simulated bulk-in timeout names (a typical image endpoint).
    static let imageEndpoint: UInt8 = 0x82

    static func make(
        device: String, options: SimulationOptions, framesPerSecond: Double, lease: StreamLease,
        source: @escaping @Sendable () -> any SimulatedFrameSource,
        finished: @escaping @Sendable (End) async -> Void
    ) -> AsyncThrowingStream<Frame, any Error> {
        let state = Producer(lease: lease, interval: 1 / framesPerSecond, options: options, makeSource: source)
        return AsyncThrowingStream(unfolding: {
            let (index, due, source) = state.next()
            guard let source, !lease.isEnded else { return nil }
            let elapsed = Double(index) * state.interval
            if options.timeScale > 0 {
                do { try await ContinuousClock().sleep(until: due) } catch { return nil }
            }
            guard !lease.isEnded else { return nil }
            switch options.scenario {
            case .unplug where elapsed >= unplugAfter:
                await finished(.unplugged)
                throw BiocapError.deviceDisconnected(device: device)
            case .transferTimeout where elapsed >= timeoutAfter:
                // A real timeout is noticed only once the transfer's own deadline has passed.
                if options.timeScale > 0 { try? await Task.sleep(for: .seconds(options.timeScale)) }
                await finished(.failed)
                throw BiocapError.transferTimeout(device: device, endpoint: imageEndpoint)
            default:
                await Task.yield()
                return Frame(
                    index: index, elapsed: .milliseconds(Int64((elapsed * 1000).rounded())),
                    views: source.views(frameIndex: index, elapsed: elapsed))
            }
        })
    }

    /// The stream's position and its lazily built frame source. When the stream lets go of it
    /// (consumer gone, cancelled, finished) its deinit frees the device.
    private final class Producer: Sendable {
        let lease: StreamLease
        let interval: Double
        let options: SimulationOptions
        private let start = ContinuousClock.now
        private let makeSource: @Sendable () -> any SimulatedFrameSource
        private let state = Mutex<(index: Int, source: (any SimulatedFrameSource)?)>((0, nil))

        init(lease: StreamLease, interval: Double, options: SimulationOptions, makeSource: @escaping @Sendable () -> any SimulatedFrameSource) {
            self.lease = lease
            self.interval = interval
            self.options = options
            self.makeSource = makeSource
        }

        /// The next frame's index, due time and source (built on first use, outside the actor).
        func next() -> (Int, ContinuousClock.Instant, (any SimulatedFrameSource)?) {
            let (index, existing) = state.withLock { state -> (Int, (any SimulatedFrameSource)?) in
                defer { state.index += 1 }
                return (state.index, state.source)
            }
            let source = existing ?? makeSource()
            if existing == nil { state.withLock { $0.source = source } }
            let due = start + .seconds(Double(index) * interval * options.timeScale)
            return (index, due, source)
        }

        deinit { lease.end() }
    }
}

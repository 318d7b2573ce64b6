import BiocapCore
import Foundation

/// The samples of a signature being written, and when the pen last touched: the state a `SignatureSession` keeps
/// between events. Times of samples are rebased to the first sample kept (a clear starts a new signature at 0).
struct SignatureInProgress {
    let geometry: PadGeometry
    let startedAt: Date
    let startedOn: ContinuousClock.Instant
    private(set) var samples: [PenPoint] = []
    private var origin: Duration?
    /// Device time of the last sample with the pen touching.
    private var lastTip: Duration?
    /// Host time the last sample arrived.
    private var lastArrival: ContinuousClock.Instant?

    init(geometry: PadGeometry, startedAt: Date, startedOn: ContinuousClock.Instant) {
        self.geometry = geometry
        self.startedAt = startedAt
        self.startedOn = startedOn
    }

    var hasInk: Bool { lastTip != nil }

    mutating func add(_ sample: PenPoint, at now: ContinuousClock.Instant) {
        var sample = sample
        let origin = self.origin ?? sample.time
        self.origin = origin
        sample.time = sample.time - origin
        // A pad's clock never runs backwards within a capture; a sample that claims to is placed at the last one's time.
        if let last = samples.last, sample.time < last.time { sample.time = last.time }
        samples.append(sample)
        lastArrival = now
        if sample.tip { lastTip = sample.time }
    }

    /// The pen has written and the pad's own clock says it has been off the surface for `duration`.
    func penLiftedOnDevice(for duration: Duration) -> Bool {
        guard let lastTip, let last = samples.last, !last.tip else { return false }
        return last.time - lastTip >= duration
    }

    /// The pen has written, and the time it hovered (the pad's clock) plus the time the pad has been silent since
    /// (the host's: a pen out of range is not reported) is `duration`. Silence is measured from the last sample, not
    /// the last touch, so a slow consumer catching up on queued samples never mistakes its own delay for a lifted pen.
    func penLifted(for duration: Duration, now: ContinuousClock.Instant) -> Bool {
        guard let lastTip, let lastArrival, let last = samples.last, !last.tip else { return false }
        return (last.time - lastTip) + (now - lastArrival) >= duration
    }

    /// Everything so far, for live quality.
    var trace: SignatureTrace { SignatureTrace(geometry: geometry, samples: samples) }

    /// The signature as kept: from the sample before the first touch to the sample after the last, rebased to 0
    /// (the approach and the pen moving away afterwards are not part of it).
    var signature: SignatureTrace {
        guard let first = samples.firstIndex(where: \.tip), let last = samples.lastIndex(where: \.tip) else {
            return SignatureTrace(geometry: geometry, samples: [])
        }
        let start = max(0, first - 1), end = min(samples.count - 1, last + 1)
        let base = samples[start].time
        let kept = samples[start...end].map { sample -> PenPoint in
            var sample = sample
            sample.time = sample.time - base
            return sample
        }
        return SignatureTrace(geometry: geometry, samples: kept)
    }
}

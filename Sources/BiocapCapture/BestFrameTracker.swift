import BiocapCore
import Foundation
import Synchronization

/// Keeps the best view seen for each wanted position. Written by the session's frame consumer and
/// read by whichever of consumer or timeout finishes first, hence the mutex.
final class BestFrameTracker: Sendable {
    struct Candidate: Sendable {
        /// The image the gate scored (reduced when `fullResolution` is set).
        var image: CapturedImage
        /// The frame at full resolution, still encoded: decoded once, for the result, if this
        /// candidate is kept (`FrameView.fullResolution`).
        var fullResolution: EncodedImage? = nil
        var quality: QualityReport
        var frameIndex: Int
        var capturedAt: Date
        var acceptable: Bool
        var fingersFound: Int?
        var fingersExpected: Int?
        /// A slap's per-finger scores, named, when the count allows naming them.
        var fingerScores: [FingerScore]? = nil

        /// Acceptable views beat any unacceptable one; then the higher score wins.
        func isBetter(than other: Candidate) -> Bool {
            if acceptable != other.acceptable { return acceptable }
            return quality.score > other.quality.score
        }
    }

    private struct State {
        var best: [BiometricPosition: Candidate] = [:]
        var framesScored = 0
    }

    let wanted: [BiometricPosition]
    private let state = Mutex(State())

    init(wanted: [BiometricPosition]) {
        self.wanted = wanted
    }

    /// Offers a scored view; returns the best score now held for its position.
    @discardableResult
    func offer(_ candidate: Candidate, for position: BiometricPosition) -> Int {
        state.withLock { state in
            if let current = state.best[position], !candidate.isBetter(than: current) { return current.quality.score }
            state.best[position] = candidate
            return candidate.quality.score
        }
    }

    func countFrame() { state.withLock { $0.framesScored += 1 } }

    /// True once every wanted position holds an acceptable view.
    var isSatisfied: Bool {
        state.withLock { state in wanted.allSatisfy { state.best[$0]?.acceptable == true } }
    }

    var snapshot: (best: [BiometricPosition: Candidate], framesScored: Int) {
        state.withLock { ($0.best, $0.framesScored) }
    }

    var bestScores: [String: Int] {
        state.withLock { state in
            Dictionary(uniqueKeysWithValues: state.best.map { ($0.key.name, $0.value.quality.score) })
        }
    }
}

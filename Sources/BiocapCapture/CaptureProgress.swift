import BiocapCore

/// Emitted by a capture session after each frame is scored.
public struct CaptureProgress: Sendable, Hashable {
    public var frameIndex: Int
    public var elapsed: Duration
    public var views: [ViewScore]
    /// The best score seen so far per position, by position name.
    public var bestScores: [String: Int]

    public init(frameIndex: Int, elapsed: Duration, views: [ViewScore], bestScores: [String: Int]) {
        self.frameIndex = frameIndex
        self.elapsed = elapsed
        self.views = views
        self.bestScores = bestScores
    }
}

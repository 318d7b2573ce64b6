import BiocapCore

/// The data of one `progress` event of `GET /v1/captures/{id}/events` (Server-Sent Events).
public struct CaptureProgressEvent: Codable, Sendable, Hashable {
    public var frameIndex: Int
    public var elapsedSeconds: Double
    /// Per position: this frame's score and guidance.
    public var views: [ViewScore]
    /// The best score so far per position, by position name.
    public var bestScores: [String: Int]

    public init(frameIndex: Int, elapsedSeconds: Double, views: [ViewScore], bestScores: [String: Int]) {
        self.frameIndex = frameIndex
        self.elapsedSeconds = elapsedSeconds
        self.views = views
        self.bestScores = bestScores
    }
}

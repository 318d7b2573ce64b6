/// Where a capture is in its life.
public enum CaptureState: String, Sendable, Codable, Hashable, CaseIterable {
    case running
    /// Finished with a result for every wanted position (possibly below threshold).
    case completed
    case failed
    case cancelled
}

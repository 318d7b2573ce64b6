/// Scores one view of a frame. Implementations may keep scratch buffers between calls; a capture
/// session creates its own scorer and calls it from one task only.
public protocol FrameScoring: AnyObject {
    func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport

    /// Scores a view of a stream's frame; views come in frame order, so a scorer may follow what it
    /// found in the previous frame (a face tracker). `view.fullResolution` tells a reduced image's
    /// scale. By default the same as `assess(view.image, position: view.position)`.
    func assess(_ view: FrameView) -> QualityReport
}

extension FrameScoring {
    public func assess(_ view: FrameView) -> QualityReport {
        assess(view.image, position: view.position)
    }
}

/// Scores one view of a frame. Implementations may keep scratch buffers between calls; a capture
/// session creates its own scorer and calls it from one task only.
public protocol FrameScoring: AnyObject {
    func assess(_ image: CapturedImage, position: BiometricPosition) -> QualityReport
}

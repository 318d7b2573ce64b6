import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// Makes the views of one frame of a capture. Built once per stream (where the expensive base images
/// are synthesised), then called once per frame off the device actor.
public protocol SimulatedFrameSource: Sendable {
    /// The views of frame `frameIndex`, `elapsed` simulated seconds into the capture.
    func views(frameIndex: Int, elapsed: Double) -> [FrameView]
}

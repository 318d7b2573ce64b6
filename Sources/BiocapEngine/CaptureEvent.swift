import BiocapAPI
import BiocapCapture

/// What a capture's subscribers receive: per-frame progress, then one final state.
public enum CaptureEvent: Sendable, Hashable {
    case progress(CaptureProgress)
    case finished(CaptureInfo)
}

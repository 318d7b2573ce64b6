import BiocapDeviceKit
import BiocapSynthesis
import BiocapUVC

/// Faults the simulated UVC camera injects into its stream, by frame index (0-based).
public struct SimulatedUVCFaults: Sendable, Hashable {
    /// The device disappears before sending this frame: the stream ends with `.noDevice` and every
    /// later call on the transport fails with `.noDevice`.
    public var unplugBeforeFrame: Int?
    /// The stream ends with a timeout before this frame.
    public var timeoutBeforeFrame: Int?
    /// Frames whose second payload has the ERR bit set.
    public var errorFrames: Set<Int>
    /// Frames with one payload (mid-frame) whose bHeaderLength is invalid (1).
    public var badHeaderFrames: Set<Int>
    /// Frames where one isochronous packet fails.
    public var packetErrorFrames: Set<Int>
    /// Frames whose last data payload is silently lost (a short frame).
    public var truncatedFrames: Set<Int>
    /// Frames sent with ten times their bytes (overflowing the negotiated frame size).
    public var oversizeFrames: Set<Int>

    public init(
        unplugBeforeFrame: Int? = nil, timeoutBeforeFrame: Int? = nil, errorFrames: Set<Int> = [], badHeaderFrames: Set<Int> = [],
        packetErrorFrames: Set<Int> = [], truncatedFrames: Set<Int> = [], oversizeFrames: Set<Int> = []
    ) {
        self.unplugBeforeFrame = unplugBeforeFrame
        self.timeoutBeforeFrame = timeoutBeforeFrame
        self.errorFrames = errorFrames
        self.badHeaderFrames = badHeaderFrames
        self.packetErrorFrames = packetErrorFrames
        self.truncatedFrames = truncatedFrames
        self.oversizeFrames = oversizeFrames
    }

    /// The faults of a simulation scenario at `framesPerSecond`: `unplug` after ~1 s of frames,
    /// `transfer-timeout` after ~1.5 s, like the other simulated devices.
    public init(scenario: SimulationScenario, framesPerSecond: Double = 15) {
        self.init()
        switch scenario {
        case .unplug: unplugBeforeFrame = Int(framesPerSecond)
        case .transferTimeout: timeoutBeforeFrame = Int(framesPerSecond * 1.5)
        default: break
        }
    }
}

import Foundation

/// Where an eye or face is relative to the camera in one frame.
public struct SubjectPose: Sendable, Equatable {
    /// Apparent size relative to the settled position (1 = settled at the working distance).
    public var scale: Double
    public var shiftX: Double
    public var shiftY: Double
    /// Defocus blur radius in pixels (0 = sharp).
    public var defocus: Int
    /// Horizontal motion smear in pixels (0 = still).
    public var motionBlur: Int

    /// The approach timeline: the subject comes closer from off-centre for 1.2 s (small, blurred,
    /// shifted), then holds still with a pixel of jitter. `moving` keeps swaying and smearing;
    /// `partial` holds the subject off to one edge.
    public static func at(elapsed: Double, scenario: SimulationScenario, seed: UInt64, frameIndex: Int, imageWidth: Int) -> SubjectPose {
        let approach = 1.2
        let progress = min(max(elapsed / approach, 0), 1)
        let eased = 1 - (1 - progress) * (1 - progress)
        var random = SimulationRandom(seed: seed, stream: 0x5B_0000 + UInt64(frameIndex))
        var pose = SubjectPose(
            scale: 0.6 + 0.4 * eased,
            shiftX: Double(imageWidth) * 0.14 * (1 - eased) + random.uniform(-1...1),
            shiftY: Double(imageWidth) * 0.07 * (1 - eased) + random.uniform(-1...1),
            defocus: Int((9 * (1 - eased)).rounded()),
            motionBlur: 0)
        switch scenario {
        case .moving:
            pose.shiftX += Double(imageWidth) * 0.04 * sin(elapsed * 4.7)
            pose.shiftY += Double(imageWidth) * 0.02 * sin(elapsed * 3.3 + 1)
            pose.motionBlur = max(7, imageWidth / 60)
        case .partial:
            pose.shiftX += Double(imageWidth) * 0.38
        default: break
        }
        return pose
    }
}

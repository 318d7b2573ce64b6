/// What the simulated subject or hardware does during a capture.
public enum SimulationScenario: String, Sendable, Hashable, CaseIterable, Codable {
    /// A cooperative subject and a clean sensor.
    case good
    /// Dry skin: broken, faint ridges.
    case dry
    /// Wet skin: ridges merge into dark blobs.
    case wet
    /// The subject keeps moving: motion blur.
    case moving
    /// Only part of the finger or face is in view.
    case partial
    /// One finger of a slap is absent (or a single finger never arrives).
    case missingFinger = "missing-finger"
    /// Eyes closed.
    case closedEye = "closed-eye"
    /// Gaze or head turned away.
    case lookingAway = "looking-away"
    /// The device disappears part-way through the capture.
    case unplug
    /// A transfer stops answering part-way through the capture.
    case transferTimeout = "transfer-timeout"
}

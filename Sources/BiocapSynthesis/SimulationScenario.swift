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
    /// Signature pads: only initials are written (well under a second of ink).
    case tooShort = "too-short"
    /// Signature pads: part of the signature runs past the signing box and off the pad's surface.
    case outsideBox = "outside-box"
    /// Signature pads: the pen moves in range above the pad but never touches it.
    case hovering
    /// Signature pads: a tremor (4–8 Hz, 0.3–1 mm) on slower writing broken into more strokes.
    case shaky
}

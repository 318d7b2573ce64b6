import Foundation

/// How a finger touches the platen in one frame.
public struct FingerContact: Sendable, Equatable {
    /// 0 = nothing touches … 1 = the whole pad is in contact.
    public var coverage: Double
    /// Multiplies ridge/valley contrast: low while placing and lifting, lower still on dry skin.
    public var contrast: Double
    public var shiftX: Int
    public var shiftY: Int
    /// Length in pixels of the horizontal motion smear (0 = still).
    public var motionBlur: Int

    public init(coverage: Double, contrast: Double, shiftX: Int, shiftY: Int, motionBlur: Int) {
        self.coverage = coverage
        self.contrast = contrast
        self.shiftX = shiftX
        self.shiftY = shiftY
        self.motionBlur = motionBlur
    }

    public static let absent = FingerContact(coverage: 0, contrast: 0, shiftX: 0, shiftY: 0, motionBlur: 0)

    /// The placement timeline, repeating every 8 s: empty (0–0.3 s), partial low-contrast contact while
    /// placing (0.3–0.8 s), settling as contact and contrast rise (0.8–1.5 s), stable (1.5–6 s), lifting
    /// and fading (6–7 s), empty again (7–8 s). Scenarios bend it; frame jitter comes from `seed`.
    public static func at(elapsed: Double, scenario: SimulationScenario, seed: UInt64, frameIndex: Int, imageWidth: Int) -> FingerContact {
        let t = elapsed.truncatingRemainder(dividingBy: 8)
        func ramp(_ from: Double, _ to: Double, _ start: Double, _ end: Double) -> Double {
            from + (to - from) * min(max((t - start) / (end - start), 0), 1)
        }
        var contact: FingerContact
        switch t {
        case ..<0.3: contact = .absent
        case ..<0.8: contact = FingerContact(coverage: ramp(0.3, 0.7, 0.3, 0.8), contrast: ramp(0.35, 0.6, 0.3, 0.8), shiftX: 0, shiftY: Int(ramp(-30, -10, 0.3, 0.8)), motionBlur: 0)
        case ..<1.5: contact = FingerContact(coverage: ramp(0.7, 1, 0.8, 1.5), contrast: ramp(0.6, 1, 0.8, 1.5), shiftX: 0, shiftY: Int(ramp(-10, 0, 0.8, 1.5)), motionBlur: 0)
        case ..<6: contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
        case ..<7: contact = FingerContact(coverage: ramp(1, 0.2, 6, 7), contrast: ramp(1, 0.25, 6, 7), shiftX: 0, shiftY: 0, motionBlur: 0)
        default: contact = .absent
        }
        var random = SimulationRandom(seed: seed, stream: 0xC0_0000 + UInt64(frameIndex))
        contact.shiftX += Int(random.uniform(-1.49...1.49).rounded())
        contact.shiftY += Int(random.uniform(-1.49...1.49).rounded())
        switch scenario {
        case .dry: contact.contrast *= 0.5
        case .wet: contact.contrast *= 0.8
        case .moving:
            contact.shiftX += Int(22 * sin(elapsed * 5.3))
            contact.shiftY += Int(14 * sin(elapsed * 3.1 + 1))
            contact.motionBlur = 13
        case .partial:
            contact.shiftX += imageWidth * 45 / 100
        default: break
        }
        return contact
    }
}

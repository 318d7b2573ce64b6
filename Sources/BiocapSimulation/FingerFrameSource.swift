import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// Frames of one fingerprint capture: the planes are synthesised once, then each frame is the
/// placement timeline's contact rendered through a lookup table.
struct FingerFrameSource: SimulatedFrameSource {
    let position: FingerPosition
    let options: SimulationOptions
    let renderer: FingerprintRenderer
    /// Nothing ever touches the platen (a single finger in the missing-finger scenario, or an
    /// excepted single finger).
    let empty: Bool

    /// The finger left off a slap in the `missing-finger` scenario: the ring finger of a four-finger
    /// slap, the left thumb of a thumbs slap.
    static func missingFinger(in slap: FingerPosition) -> FingerPosition? {
        switch slap {
        case .plainRightFour: .rightRing
        case .plainLeftFour: .leftRing
        case .plainThumbs: .leftThumb
        default: nil
        }
    }

    /// The fingers that will lie on the platen for this request and scenario.
    static func presentFingers(for position: FingerPosition, request: CaptureRequest, scenario: SimulationScenario) -> Set<FingerPosition> {
        var present = Set(request.expectedFingers).intersection(position.fingers)
        if scenario == .missingFinger {
            if position.isSlap, let missing = missingFinger(in: position) { present.remove(missing) }
            if !position.isSlap { present.removeAll() }
        }
        return present
    }

    init(position: FingerPosition, request: CaptureRequest, options: SimulationOptions) {
        self.position = position
        self.options = options
        let present = Self.presentFingers(for: position, request: request, scenario: options.scenario)
        var planes = position.isSlap
            ? FingerprintSynthesizer.slap(seed: options.seed, slap: position, present: present)
            : FingerprintSynthesizer.singleFinger(seed: options.seed, position: position)
        FingerprintSynthesizer.applySkin(SkinCondition(scenario: options.scenario), to: &planes, seed: options.seed)
        renderer = FingerprintRenderer(planes: planes, seed: options.seed)
        empty = present.isEmpty
    }

    func views(frameIndex: Int, elapsed: Double) -> [FrameView] {
        let contact = empty ? .absent : FingerContact.at(
            elapsed: elapsed, scenario: options.scenario, seed: options.seed, frameIndex: frameIndex,
            imageWidth: renderer.planes.width)
        return [FrameView(position: .finger(position), image: .gray(renderer.render(contact, frameIndex: frameIndex)))]
    }
}

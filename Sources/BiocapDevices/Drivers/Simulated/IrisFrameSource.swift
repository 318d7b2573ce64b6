import BiocapCore

/// Frames of one iris capture: one synthetic eye per requested eye, each rendered for the
/// approach timeline's pose.
struct IrisFrameSource: SimulatedFrameSource {
    let eyes: [(position: EyePosition, renderer: SubjectRenderer)]
    let options: SimulationOptions

    /// Each eye has its own pattern, derived from the device seed.
    static func eyeSeed(_ seed: UInt64, _ eye: EyePosition) -> UInt64 {
        SimulationRandom.mix(seed &+ 0x1_2150 &* UInt64(eye.rawValue + 1))
    }

    init(eyes positions: [EyePosition], options: SimulationOptions) {
        self.options = options
        eyes = positions.map { eye in
            let seed = Self.eyeSeed(options.seed, eye)
            let appearance = IrisSynthesizer.Appearance(scenario: options.scenario, eye: eye)
            let image = SynthesisCache.value("eye/\(seed)/\(appearance)") { IrisSynthesizer.eye(seed: seed, appearance: appearance) }
            return (eye, SubjectRenderer(base: image.pixels, width: image.width, height: image.height, channels: 1, seed: seed, noise: 2))
        }
    }

    func views(frameIndex: Int, elapsed: Double) -> [FrameView] {
        let pose = SubjectPose.at(
            elapsed: elapsed, scenario: options.scenario, seed: options.seed, frameIndex: frameIndex,
            imageWidth: IrisSynthesizer.size.width)
        return eyes.map { eye in
            var image = GrayImage(width: eye.renderer.width, height: eye.renderer.height)
            image.pixels = eye.renderer.render(pose, frameIndex: frameIndex)
            return FrameView(position: .iris(eye.position), image: .gray(image))
        }
    }
}

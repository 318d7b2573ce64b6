import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis
import Dispatch
import Synchronization

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
        // Both eyes are synthesised at once, one per core, the first time they are needed.
        let made = Mutex<[Int: SubjectRenderer]>([:])
        DispatchQueue.concurrentPerform(iterations: positions.count) { index in
            let seed = Self.eyeSeed(options.seed, positions[index])
            let appearance = IrisSynthesizer.Appearance(scenario: options.scenario, eye: positions[index])
            let image = IrisSynthesizer.cachedEye(seed: seed, appearance: appearance)
            let renderer = SubjectRenderer(base: image.pixels, width: image.width, height: image.height, channels: 1, seed: seed, noise: 2)
            made.withLock { $0[index] = renderer }
        }
        let renderers = made.withLock { $0 }
        eyes = positions.indices.compactMap { index in renderers[index].map { (positions[index], $0) } }
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

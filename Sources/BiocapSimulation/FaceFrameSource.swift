import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// Frames of one face capture: the portrait is synthesised once, then each frame is the approach
/// timeline's pose applied to it (zoom/blur while approaching, a shift and noise once settled).
struct FaceFrameSource: SimulatedFrameSource {
    let renderer: SubjectRenderer
    let options: SimulationOptions

    init(options: SimulationOptions) {
        self.options = options
        let appearance = FaceSynthesizer.Appearance(scenario: options.scenario)
        let image = FaceSynthesizer.cachedFace(seed: options.seed, appearance: appearance)
        renderer = SubjectRenderer(base: image.pixels, width: image.width, height: image.height, channels: 3, seed: options.seed, noise: 2)
    }

    func views(frameIndex: Int, elapsed: Double) -> [FrameView] {
        let pose = SubjectPose.at(
            elapsed: elapsed, scenario: options.scenario, seed: options.seed, frameIndex: frameIndex,
            imageWidth: FaceSynthesizer.size.width)
        let pixels = renderer.render(pose, frameIndex: frameIndex)
        // The pixels have the image's size by construction; the fill-then-replace path is only a fallback.
        let image = (try? RGBImage(width: renderer.width, height: renderer.height, pixels: pixels)) ?? {
            var image = RGBImage(width: renderer.width, height: renderer.height)
            image.pixels = pixels
            return image
        }()
        return [FrameView(position: .face, image: .rgb(image))]
    }
}

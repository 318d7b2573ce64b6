import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated dual near-infrared iris camera: both eyes at once, 640 × 480 grey per eye, ~15 fps.
/// A frame carries one view per requested eye (`right-iris`, `left-iris`).
public typealias SimulatedIrisCamera = SimulatedDevice<IrisCameraModel>

/// The dual iris camera's model for `SimulatedDevice`.
public struct IrisCameraModel: SimulatedDeviceModel {
    public static let driverName = "iris"
    public static let modality = Modality.iris
    public static let modelName = "Simulated dual iris camera"
    public static let framesPerSecond = 15.0
    public static let capabilities = DeviceCapabilities(
        imageWidth: IrisSynthesizer.size.width, imageHeight: IrisSynthesizer.size.height,
        framesPerSecond: framesPerSecond, positions: [.iris(.right), .iris(.left)])

    public static var testImageSize: (width: Int, height: Int) { IrisSynthesizer.size }

    public init() {}

    public func sourceMaker(for request: CaptureRequest, options: SimulationOptions) throws(BiocapError) -> @Sendable () -> any SimulatedFrameSource {
        let eyes = request.positions.compactMap { position -> EyePosition? in
            if case .iris(let eye) = position { eye } else { nil }
        }
        return { IrisFrameSource(eyes: eyes, options: options) }
    }

    public func testImage(options: SimulationOptions) -> CapturedImage {
        let seed = IrisFrameSource.eyeSeed(options.seed, .right)
        return .gray(IrisSynthesizer.cachedEye(seed: seed, appearance: IrisSynthesizer.Appearance(scenario: .good, eye: .right)))
    }
}

import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated colour face camera: 1280 × 720 RGB, ~15 fps, a subject who approaches and settles.
public typealias SimulatedFaceCamera = SimulatedDevice<FaceCameraModel>

/// The face camera's model for `SimulatedDevice`.
public struct FaceCameraModel: SimulatedDeviceModel {
    public static let driverName = "face"
    public static let modality = Modality.face
    public static let modelName = "Simulated HD face camera"
    public static let framesPerSecond = 15.0
    public static let capabilities = DeviceCapabilities(
        imageWidth: FaceSynthesizer.size.width, imageHeight: FaceSynthesizer.size.height,
        framesPerSecond: framesPerSecond, positions: [.face], colour: true)

    public static var testImageSize: (width: Int, height: Int) { FaceSynthesizer.size }

    public init() {}

    public func sourceMaker(for request: CaptureRequest, options: SimulationOptions) throws(BiocapError) -> @Sendable () -> any SimulatedFrameSource {
        { FaceFrameSource(options: options) }
    }

    public func testImage(options: SimulationOptions) -> CapturedImage {
        .rgb(FaceSynthesizer.cachedFace(seed: options.seed, appearance: FaceSynthesizer.Appearance(scenario: .good)))
    }
}

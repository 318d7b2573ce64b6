import BiocapCore
import BiocapDeviceKit

/// What makes one kind of simulated device: its capabilities, how a request becomes a frame source, and
/// its self-test image. `SimulatedDevice` runs any model with the same state, streaming and self-test.
public protocol SimulatedDeviceModel: Sendable {
    /// The registry name (`finger`, `iris`, `face`), also the descriptor's driver name.
    static var driverName: String { get }
    static var modality: Modality { get }
    static var modelName: String { get }
    static var framesPerSecond: Double { get }
    static var capabilities: DeviceCapabilities { get }

    init()

    /// How to make the frame source of an admitted request (`CaptureRequest.admit` has passed). Checks
    /// at once, on the device actor, and throws `invalidRequest` for what this kind of device cannot do (two
    /// fingers on a single-finger platen); the returned maker runs later, in the consuming task, where the
    /// expensive base images are synthesised.
    func sourceMaker(for request: CaptureRequest, options: SimulationOptions) throws(BiocapError) -> @Sendable () -> any SimulatedFrameSource

    /// The self-test's test frame (a single finger on a slap scanner), and the size it must have.
    func testImage(options: SimulationOptions) -> CapturedImage
    static var testImageSize: (width: Int, height: Int) { get }
}

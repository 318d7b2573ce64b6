import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated colour face camera: 1280 × 720 RGB, ~15 fps, a subject who approaches and settles.
/// All state lives on this actor; frames are synthesised in the consuming task.
public actor SimulatedFaceCamera: BiometricDevice {
    public nonisolated let descriptor: DeviceDescriptor
    public nonisolated let options: SimulationOptions
    private var state = SimulatedDeviceState()

    static let framesPerSecond = 15.0

    public init(options: SimulationOptions) {
        self.options = options
        descriptor = SimulatedDeviceSupport.descriptor(
            options: options, modality: .face, model: "Simulated HD face camera", driver: "face",
            capabilities: DeviceCapabilities(
                imageWidth: FaceSynthesizer.size.width, imageHeight: FaceSynthesizer.size.height,
                framesPerSecond: Self.framesPerSecond, positions: [.face], colour: true))
    }

    public func open() async throws(BiocapError) { state.open() }

    public func close() async { state.close() }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        let seed = options.seed
        return SimulatedDeviceSupport.selfTest(
            descriptor: descriptor, scenario: options.scenario, disconnected: state.isDisconnected,
            expectedSize: FaceSynthesizer.size
        ) {
            .rgb(FaceSynthesizer.cachedFace(seed: seed, appearance: FaceSynthesizer.Appearance(scenario: .good)))
        }
    }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        try SimulatedDeviceSupport.check(request, for: descriptor)
        let lease = try state.beginStream(device: descriptor.id)
        let options = options
        return SimulatedStream.make(
            device: descriptor.id, options: options, framesPerSecond: Self.framesPerSecond, lease: lease,
            source: { FaceFrameSource(options: options) },
            finished: { [weak self] end in await self?.streamEnded(lease, end) })
    }

    private func streamEnded(_ lease: StreamLease, _ end: SimulatedStream.End) {
        state.streamEnded(lease, unplugged: end == .unplugged)
    }
}

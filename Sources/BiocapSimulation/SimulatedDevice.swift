import BiocapCore
import BiocapDeviceKit
import BiocapSynthesis

/// A simulated device of any kind (`Model`): open/close, one live stream at a time, the shared frame loop
/// with its scenario faults (`SimulatedStream`), and the shared self-test. All state lives on this actor;
/// frames are synthesised in the consuming task.
public actor SimulatedDevice<Model: SimulatedDeviceModel>: BiometricDevice {
    public nonisolated let descriptor: DeviceDescriptor
    public nonisolated let options: SimulationOptions
    private let model: Model
    private var state = SimulatedDeviceState()

    public init(options: SimulationOptions) {
        self.options = options
        model = Model()
        descriptor = SimulatedDeviceSupport.descriptor(
            options: options, modality: Model.modality, model: Model.modelName, driver: Model.driverName,
            capabilities: Model.capabilities)
    }

    public func open() async throws(BiocapError) { state.open() }

    public func close() async { state.close() }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        SimulatedDeviceSupport.selfTest(
            descriptor: descriptor, scenario: options.scenario, disconnected: state.isDisconnected,
            expectedSize: Model.testImageSize, testImage: { model.testImage(options: options) })
    }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        _ = try request.admit(on: descriptor)
        let makeSource = try model.sourceMaker(for: request, options: options)
        let lease = try state.beginStream(device: descriptor.id)
        return SimulatedStream.make(
            device: descriptor.id, options: options, framesPerSecond: Model.framesPerSecond, lease: lease,
            source: makeSource,
            finished: { [weak self] end in await self?.streamEnded(lease, end) })
    }

    private func streamEnded(_ lease: StreamLease, _ end: SimulatedStream.End) {
        state.streamEnded(lease, unplugged: end == .unplugged)
    }
}

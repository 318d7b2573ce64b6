import BiocapCore
import Synchronization

/// A real USB fingerprint sensor: one `FingerprintSensorDriver` run behind this actor.
///
/// All driver state and every transfer run on this actor, one operation at a time (an `OperationGate`
/// keeps `close()` or `selfTest()` from interleaving with a capture while it awaits a transfer; a caller
/// cancelled while it waits for the gate leaves at once).
/// `frames(for:)` is pull-driven: each frame is captured when the consumer asks for it (wait for a
/// finger, capture, yield), so no transfer runs that nobody asked for and a strictly sequential
/// replay sees exactly the session's transfers. A failed capture ends the stream with the mapped
/// `BiocapError` and marks the sensor for re-initialisation; the next stream starts cleanly. A swipe
/// sensor's swipe too short to assemble (`swipeTooShort`) does not end the stream: it yields a frame
/// with no image and the guidance `swipeSlower`, and the next swipe follows (until the deadline).
public actor USBFingerprintDevice<Driver: FingerprintSensorDriver>: BiometricDevice {
    public nonisolated let descriptor: DeviceDescriptor
    private let io: SensorIO
    private let interfaceNumber: Int
    private var driver: Driver
    private var isOpen = false
    private var needsReinitialisation = false
    private var live: StreamLease?
    private let gate = OperationGate()

    /// Makes the device for one attached sensor; nothing is sent until `open()`.
    public init(id: String, location: USBLocation, transport: any USBTransport, driver: Driver = Driver(), interfaceNumber: Int = 0) {
        let usbID = USBID(vendorID: location.vendorID, productID: location.productID)
        descriptor = DeviceDescriptor(
            id: id, modality: .finger, vendor: Driver.vendor,
            model: Driver.models[usbID] ?? Driver.models.values.sorted().first ?? Driver.name,
            driver: Driver.name, usb: location, simulated: false, capabilities: Driver.capabilities)
        io = SensorIO(transport: transport)
        self.interfaceNumber = interfaceNumber
        self.driver = driver
    }

    /// The driver's current state (e.g. the last native frame), for diagnostics and tests.
    public var driverState: Driver { driver }

    public func open() async throws(BiocapError) {
        guard !isOpen else { return }
        do { try await gate.enter() } catch { throw .cancelled }
        defer { gate.leave() }
        guard !isOpen else { return }
        do {
            try await io.transport.claimInterface(interfaceNumber, detachingKernelDriver: true)
        } catch {
            throw error.biocapError(device: descriptor.id)
        }
        var working = driver
        defer { driver = working }
        do {
            try await working.open(io)
        } catch {
            try? await io.transport.releaseInterface(interfaceNumber)
            throw error.biocapError(device: descriptor.id)
        }
        isOpen = true
        needsReinitialisation = false
    }

    public func close() async {
        live?.end()
        live = nil
        guard isOpen else { return }
        isOpen = false
        await gate.enterUncancellably()
        defer { gate.leave() }
        var working = driver
        await working.close(io)
        driver = working
        try? await io.transport.releaseInterface(interfaceNumber)
    }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        if let live, !live.isEnded { throw BiocapError.deviceBusy(device: descriptor.id) }
        do { try await gate.enter() } catch { throw .cancelled }
        defer { gate.leave() }
        var checks: [DiagnosticCheck] = []
        let wasOpen = isOpen
        var working = driver
        defer { driver = working }
        do {
            if !wasOpen { try await io.transport.claimInterface(interfaceNumber, detachingKernelDriver: true) }
            let detail = try await working.probe(io)
            checks.append(DiagnosticCheck(name: "communication", passed: true, detail: detail))
        } catch {
            needsReinitialisation = true
            let mapped = (error as? FingerprintDriverError)?.biocapError(device: descriptor.id)
                ?? (error as? USBTransferError)?.biocapError(device: descriptor.id)
            checks.append(DiagnosticCheck(name: "communication", passed: false, detail: mapped?.description ?? "\(error)"))
        }
        if !wasOpen { try? await io.transport.releaseInterface(interfaceNumber) }
        let capabilities = descriptor.capabilities
        checks.append(DiagnosticCheck(
            name: "geometry", passed: capabilities.imageWidth > 0 && capabilities.imageHeight > 0,
            detail: "\(capabilities.imageWidth)×\(capabilities.imageHeight) at \(capabilities.ppi.map(String.init) ?? "unknown") ppi"))
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    public func frames(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<Frame, any Error> {
        let position = try check(request)
        guard isOpen else { throw BiocapError.deviceNotOpen(device: descriptor.id) }
        if let live, !live.isEnded { throw BiocapError.deviceBusy(device: descriptor.id) }
        let lease = StreamLease()
        live = lease
        let producer = FrameProducer(lease: lease, position: position, timeout: request.timeout)
        return AsyncThrowingStream(unfolding: { [weak self] in
            guard let self, !producer.lease.isEnded else { return nil }
            return try await self.nextFrame(producer)
        })
    }

    // MARK: Capture

    private func nextFrame(_ producer: FrameProducer) async throws -> Frame? {
        do { try await gate.enter() } catch { throw BiocapError.cancelled }
        defer { gate.leave() }
        guard !producer.lease.isEnded, isOpen else { return nil }
        let deadline = ContinuousClock.now + producer.timeout
        var working = driver
        defer { driver = working }
        do {
            if needsReinitialisation {
                try await working.open(io)
                needsReinitialisation = false
            }
            try await working.waitForFinger(io, until: deadline)
            let image: GrayImage
            do {
                image = try await working.captureImage(io, until: deadline)
            } catch .swipeTooShort where ContinuousClock.now < deadline {
                // One swipe too short to assemble: the stream goes on with the next swipe, and the
                // consumer gets the advice in a frame without an image.
                return Frame(index: producer.takeIndex(), elapsed: ContinuousClock.now - producer.started,
                             views: [], guidance: [.swipeSlower])
            }
            let index = producer.takeIndex()
            return Frame(index: index, elapsed: ContinuousClock.now - producer.started,
                         views: [FrameView(position: producer.position, image: .gray(image))])
        } catch {
            needsReinitialisation = true
            producer.lease.end()
            if live === producer.lease { live = nil }
            throw error.biocapError(device: descriptor.id)
        }
    }

    /// Checks the request is valid and asks for exactly one finger this sensor takes.
    private func check(_ request: CaptureRequest) throws(BiocapError) -> BiometricPosition {
        let wanted = try request.admit(on: descriptor)
        guard wanted.count == 1, let position = wanted.first else {
            throw .invalidRequest(field: "positions", reason: "a single-finger sensor captures exactly one finger at a time")
        }
        return position
    }
}

/// One live frame stream: its lease, the position it captures, and the next frame index. When the
/// stream lets go of it (consumer gone, cancelled, finished) its deinit frees the device.
private final class FrameProducer: Sendable {
    let lease: StreamLease
    let position: BiometricPosition
    let timeout: Duration
    let started = ContinuousClock.now
    private let index = Mutex(0)

    init(lease: StreamLease, position: BiometricPosition, timeout: Duration) {
        self.lease = lease
        self.position = position
        self.timeout = timeout
    }

    func takeIndex() -> Int {
        index.withLock { value in
            defer { value += 1 }
            return value
        }
    }

    deinit { lease.end() }
}

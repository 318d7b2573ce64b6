import BiocapCore
import BiocapDeviceKit

/// A generic USB HID pen digitizer used as a signature pad: any tablet whose report descriptor has a pen report
/// (`PenReport`), driven over any `USBTransport` through `HIDPenReader`.
///
/// An actor: its state is serialised on it. The pen is read by a detached task per stream, so a waiting read never
/// blocks the actor; the stream ends when the consumer stops iterating (which frees the pad), when the pad is closed,
/// or with `deviceDisconnected` when it is unplugged, after every sample already read.
public actor HIDSignaturePad: SignaturePad {
    /// The registry name of this driver.
    public static let driverName = "hid-pen"
    /// The rate assumed for pen tablets, which report at 133–266 Hz while the pen is in range.
    public static let nominalSamplesPerSecond: Double = 200
    /// How long one read waits before checking whether the stream is still wanted (the pen may be idle for long).
    static let pollTimeout: Duration = .milliseconds(250)

    public private(set) var descriptor: DeviceDescriptor
    /// The surface, resolution and pressure levels; known once `open()` has read the report descriptor.
    public private(set) var geometry: PadGeometry
    private let transport: any USBTransport
    private let usbID: USBID?
    private var reader: HIDPenReader?
    private var live: StreamLease?
    private var pump: Task<Void, Never>?

    /// Makes the pad for one attached device; nothing is sent until `open()`.
    public init(id: String, location: USBLocation?, transport: any USBTransport, model: String? = nil) {
        self.transport = transport
        let usbID = location.map { USBID(vendorID: $0.vendorID, productID: $0.productID) }
        self.usbID = usbID
        geometry = PadGeometry(width: 1, height: 1, pressureMaximum: 0, samplesPerSecond: Self.nominalSamplesPerSecond)
        descriptor = DeviceDescriptor(
            id: id, modality: .signature, vendor: usbID.flatMap { Self.vendors[$0.vendorID] } ?? "HID",
            model: model ?? usbID.flatMap { PenPadModels.table[$0]?.model } ?? "HID pen digitizer",
            driver: Self.driverName, usb: location, simulated: false,
            capabilities: DeviceCapabilities(imageWidth: 1, imageHeight: 1, framesPerSecond: Self.nominalSamplesPerSecond,
                                             positions: [.signature]))
    }

    static let vendors: [UInt16: String] = [0x056A: "Wacom", 0x0531: "Wacom", 0x28BD: "XP-Pen", 0x256C: "Huion", 0x2FEB: "VEIKK"]

    /// Finds the pen interface, detaches usbhid from it and claims it, reads its report descriptor. Idempotent.
    /// - Throws: `deviceFailure` when no interface sends pen reports, `protocolViolation` for an unusable
    ///   descriptor, the transfer's error otherwise (`deviceDisconnected` for a gone device).
    public func open() async throws(BiocapError) {
        guard reader == nil else { return }
        let opened: HIDPenReader
        do { opened = try await HIDPenReader.open(transport) } catch { throw Self.map(error, device: descriptor.id) }
        reader = opened
        geometry = PadGeometry(pen: opened.pen, usbID: usbID)
        descriptor.capabilities = DeviceCapabilities(
            imageWidth: geometry.width, imageHeight: geometry.height, framesPerSecond: geometry.samplesPerSecond, positions: [.signature])
    }

    /// Stops a running stream and gives the interface back to usbhid.
    public func close() async {
        live?.end()
        live = nil
        if let pump {
            pump.cancel()
            await pump.value
        }
        pump = nil
        await reader?.close()
        reader = nil
    }

    /// Checks the report descriptor parses and has a pen report, and that the interrupt endpoint answers (a sample)
    /// or times out cleanly (no pen near).
    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        if let live, !live.isEnded { throw .deviceBusy(device: descriptor.id) }
        let wasOpen = reader != nil
        var checks: [DiagnosticCheck] = []
        do {
            try await open()
        } catch {
            checks.append(DiagnosticCheck(name: "report-descriptor", passed: false, detail: error.description))
            return DiagnosticReport(device: descriptor, checks: checks)
        }
        guard let reader else { return DiagnosticReport(device: descriptor, checks: checks) }
        let pen = reader.pen
        checks.append(DiagnosticCheck(
            name: "report-descriptor", passed: true,
            detail: "pen report \(pen.reportID.map { "0x" + String($0, radix: 16) } ?? "unnumbered"), \(pen.length) bytes, "
                + "\(geometry.width)×\(geometry.height) counts, \(geometry.pressureMaximum + 1) pressure levels"))
        do {
            let sample = try await reader.next(timeout: .milliseconds(300))
            checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: true, detail: "pen sample at \(sample.x),\(sample.y)"))
        } catch {
            if case .transfer(.timeout) = error {
                checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: true, detail: "no pen near: the read timed out cleanly"))
            } else {
                checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: false, detail: Self.map(error, device: descriptor.id).description))
            }
        }
        if !wasOpen { await close() }
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    public func penSamples(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<PenPoint, any Error> {
        _ = try request.admit(on: descriptor)
        guard let reader else { throw .deviceNotOpen(device: descriptor.id) }
        if let live, !live.isEnded { throw .deviceBusy(device: descriptor.id) }
        let lease = StreamLease()
        live = lease
        // Bounded: a consumer that stops reading without ending the stream cannot grow memory without limit
        // (65,536 points is five minutes of pen at 200 Hz).
        let (stream, continuation) = AsyncThrowingStream<PenPoint, any Error>.makeStream(bufferingPolicy: .bufferingNewest(65_536))
        let mapper = PenPointMapper(pen: reader.pen, geometry: geometry)
        let device = descriptor.id
        // A stream ended by its consumer may still be finishing its last read: wait for it, so it takes no report.
        let previous = pump
        let task = Task.detached {
            await previous?.value
            await Self.readPen(reader: reader, mapper: mapper, lease: lease, device: device, into: continuation)
        }
        pump = task
        continuation.onTermination = { _ in
            lease.end()
            task.cancel()
        }
        return stream
    }

    /// The read loop of one stream: every pen report becomes a point; a timeout is an idle pen; any other transfer
    /// failure ends the stream with its `BiocapError`.
    static func readPen(reader: HIDPenReader, mapper: PenPointMapper, lease: StreamLease, device: String,
                        into continuation: AsyncThrowingStream<PenPoint, any Error>.Continuation) async {
        var mapper = mapper
        let clock = ContinuousClock()
        let started = clock.now
        defer { lease.end() }
        while !lease.isEnded, !Task.isCancelled {
            do {
                let sample = try await reader.next(timeout: pollTimeout)
                continuation.yield(mapper.point(from: sample, hostTime: clock.now - started))
            } catch {
                switch error {
                case .transfer(.timeout):
                    continue
                case .transfer(.cancelled):
                    continuation.finish()
                    return
                default:
                    continuation.finish(throwing: map(error, device: device))
                    return
                }
            }
        }
        continuation.finish()
    }

    static func map(_ error: HIDPenReader.Failure, device: String) -> BiocapError {
        switch error {
        case .noPenInterface: .deviceFailure(device: device, reason: error.description)
        case .badReportDescriptor: .protocolViolation(device: device, reason: error.description)
        case .transfer(let transfer): transfer.biocapError(device: device)
        }
    }
}

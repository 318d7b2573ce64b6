import BiocapCore
import BiocapDeviceKit

/// A Wacom STU signature pad driven over any `USBTransport`: its vendor protocol over HID reports (feature reports by
/// SET_REPORT/GET_REPORT control transfers, pen reports on the interrupt-IN endpoint). What is and is not proven of
/// that protocol: README.md beside this file.
///
/// An actor: its state is serialised on it; the pen is read by a detached task per stream, so a waiting read never
/// blocks the actor.
public actor WacomSTUPad: SignaturePad {
    public static let driverName = "wacom-stu"
    static let pollTimeout: Duration = .milliseconds(250)
    static let controlTimeout: Duration = .seconds(2)

    public private(set) var descriptor: DeviceDescriptor
    public private(set) var geometry: PadGeometry
    /// The pad's capability report, once open.
    public private(set) var capability: WacomSTUCapability?
    /// Whether the pad accepted timed pen data (report 0x34); else it sends report 0x01 and host time is used.
    public private(set) var timedPenData = false
    private let transport: any USBTransport
    private let colour: Bool
    private var interface: HIDInterface?
    private var live: StreamLease?
    private var pump: Task<Void, Never>?

    /// Makes the pad for one attached device; nothing is sent until `open()`.
    public init(id: String, location: USBLocation?, transport: any USBTransport) {
        self.transport = transport
        let model = location.flatMap { WacomSTUModels.table[USBID(vendorID: $0.vendorID, productID: $0.productID)] }
        colour = model?.colour ?? false
        geometry = PadGeometry(width: 1, height: 1, pressureMaximum: 0, samplesPerSecond: 200)
        descriptor = DeviceDescriptor(
            id: id, modality: .signature, vendor: "Wacom", model: model?.name ?? "STU", driver: Self.driverName, usb: location,
            simulated: false,
            capabilities: DeviceCapabilities(imageWidth: 1, imageHeight: 1, framesPerSecond: 200, positions: [.signature]))
    }

    /// Claims the pad's HID interface (detaching usbhid), reads its capabilities and asks for timed pen data.
    public func open() async throws(BiocapError) {
        guard interface == nil else { return }
        let configuration: [UInt8]
        do { configuration = try await transport.configurationDescriptor() } catch { throw error.biocapError(device: descriptor.id) }
        guard let found = HIDInterface.all(inConfiguration: configuration).first else {
            throw .deviceFailure(device: descriptor.id, reason: "no HID interface with an interrupt-IN endpoint")
        }
        do { try await transport.claimInterface(Int(found.number), detachingKernelDriver: true) } catch {
            throw error.biocapError(device: descriptor.id)
        }
        let report: [UInt8]
        do { report = try await getFeature(WacomSTUReport.capability, length: 64, interface: found.number) } catch {
            try? await transport.releaseInterface(Int(found.number))
            throw error.biocapError(device: descriptor.id)
        }
        guard let capability = WacomSTUCapability(report: report) else {
            try? await transport.releaseInterface(Int(found.number))
            throw .protocolViolation(device: descriptor.id, reason: "capability report 0x09 unusable: \(report.count) bytes")
        }
        // Timed pen data is optional: a pad that refuses it still sends report 0x01.
        timedPenData = (try? await setFeature(WacomSTUReport.timedPenDataReport(), interface: found.number)) != nil
        interface = found
        self.capability = capability
        let perMillimetre = capability.resolution.map { Double($0) / 25.4 }
        geometry = PadGeometry(width: capability.tabletMaximumX + 1, height: capability.tabletMaximumY + 1,
                               xCountsPerMillimetre: perMillimetre, yCountsPerMillimetre: perMillimetre,
                               pressureMaximum: capability.tabletMaximumPressure,
                               samplesPerSecond: capability.maximumReportRate > 0 ? Double(capability.maximumReportRate) : 200)
        descriptor.capabilities = DeviceCapabilities(imageWidth: geometry.width, imageHeight: geometry.height,
                                                     framesPerSecond: geometry.samplesPerSecond, positions: [.signature])
    }

    public func close() async {
        live?.end()
        live = nil
        if let pump {
            pump.cancel()
            await pump.value
        }
        pump = nil
        guard let interface else { return }
        try? await transport.releaseInterface(Int(interface.number))
        self.interface = nil
    }

    public func selfTest() async throws(BiocapError) -> DiagnosticReport {
        if let live, !live.isEnded { throw .deviceBusy(device: descriptor.id) }
        let wasOpen = interface != nil
        do { try await open() } catch {
            return DiagnosticReport(device: descriptor, checks: [DiagnosticCheck(name: "capability", passed: false, detail: error.description)])
        }
        var checks: [DiagnosticCheck] = []
        if let capability {
            checks.append(DiagnosticCheck(
                name: "capability", passed: true,
                detail: "pen \(capability.tabletMaximumX)×\(capability.tabletMaximumY), pressure \(capability.tabletMaximumPressure), "
                    + "screen \(capability.screenWidth)×\(capability.screenHeight), \(timedPenData ? "timed" : "untimed") pen data"))
        }
        if let interface {
            do {
                _ = try await transport.interruptRead(endpoint: interface.inputEndpoint, length: 64, timeout: .milliseconds(300))
                checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: true, detail: "a report arrived"))
            } catch {
                if case .timeout = error {
                    checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: true, detail: "no pen near: the read timed out cleanly"))
                } else {
                    checks.append(DiagnosticCheck(name: "interrupt-endpoint", passed: false,
                                                  detail: error.biocapError(device: descriptor.id).description))
                }
            }
        }
        if !wasOpen { await close() }
        return DiagnosticReport(device: descriptor, checks: checks)
    }

    /// Shows the signing prompt or clears the screen; failures are ignored (a prompt must not stop a signature).
    public func show(_ prompt: PadPrompt) async {
        guard let interface, let capability else { return }
        let reports: [[UInt8]]
        switch prompt {
        case .blank:
            reports = [WacomSTUReport.clearScreenReport()]
        case .signHere:
            let image = WacomSTUPromptImage(width: capability.screenWidth, height: capability.screenHeight)
            reports = colour ? WacomSTUReport.imageReports(image.bgr(), encoding: WacomSTUReport.colourBGREncoding)
                : WacomSTUReport.imageReports(image.monochrome(), encoding: WacomSTUReport.monochromeEncoding)
        }
        for report in reports {
            guard (try? await setFeature(report, interface: interface.number)) != nil else { return }
        }
    }

    public func penSamples(for request: CaptureRequest) throws(BiocapError) -> AsyncThrowingStream<PenPoint, any Error> {
        _ = try request.admit(on: descriptor)
        guard let interface else { throw .deviceNotOpen(device: descriptor.id) }
        if let live, !live.isEnded { throw .deviceBusy(device: descriptor.id) }
        let lease = StreamLease()
        live = lease
        let (stream, continuation) = AsyncThrowingStream<PenPoint, any Error>.makeStream(bufferingPolicy: .bufferingNewest(65_536))
        let reader = WacomSTUPenReader(transport: transport, endpoint: interface.inputEndpoint, geometry: geometry)
        let device = descriptor.id
        // A stream ended by its consumer may still be finishing its last read: wait for it, so it takes no report.
        let previous = pump
        let task = Task.detached {
            await previous?.value
            await reader.run(lease: lease, device: device, into: continuation)
        }
        pump = task
        continuation.onTermination = { _ in
            lease.end()
            task.cancel()
        }
        return stream
    }

    // MARK: Feature reports (HID 1.11 §7.2.1, §7.2.2)

    private func getFeature(_ id: UInt8, length: Int, interface: UInt8) async throws(USBTransferError) -> [UInt8] {
        try await transport.controlIn(requestType: 0xA1, request: 0x01, value: 0x0300 | UInt16(id), index: UInt16(interface), length: length,
                                      timeout: Self.controlTimeout)
    }

    private func setFeature(_ report: [UInt8], interface: UInt8) async throws(USBTransferError) {
        guard let id = report.first else { return }
        try await transport.controlOut(requestType: 0x21, request: 0x09, value: 0x0300 | UInt16(id), index: UInt16(interface), data: report,
                                       timeout: Self.controlTimeout)
    }
}

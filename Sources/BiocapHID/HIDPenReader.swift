import BiocapDeviceKit

/// Reads pen samples from a USB HID digitizer over any `USBTransport`: finds the interface with a pen report, claims
/// it (detaching the kernel's usbhid), reads its report descriptor (GET_DESCRIPTOR, type 0x22), and decodes
/// interrupt-IN reports. Protocol logic only: it runs unchanged over libusb or a replayed recording.
///
/// An actor: calls are serialised; `next` may be awaited from any task.
public actor HIDPenReader {
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// No HID interface of the device has a pen report.
        case noPenInterface
        /// The device answered the descriptor request with fewer bytes than it declared, or a descriptor that does not parse.
        case badReportDescriptor(String)
        case transfer(USBTransferError)

        public var description: String {
            switch self {
            case .noPenInterface: "no HID interface of this device sends pen reports"
            case .badReportDescriptor(let reason): "the pen interface's report descriptor is unusable: \(reason)"
            case .transfer(let error): "USB: \(error)"
            }
        }
    }

    let transport: any USBTransport
    public nonisolated let interface: HIDInterface
    /// The report a pen is expected in (the best of `pens`).
    public nonisolated var pen: PenReport { pens[0] }
    /// Every pen report of the interface: some tablets declare a Digitizer report but send their pen in a Mouse
    /// application's report (VEIKK), so whichever arrives is decoded.
    public nonisolated let pens: [PenReport]

    /// Opens the first HID interface of the device whose report descriptor has a pen report.
    public static func open(_ transport: any USBTransport, timeout: Duration = .seconds(2)) async throws(Failure) -> HIDPenReader {
        let configuration: [UInt8]
        do { configuration = try await transport.configurationDescriptor() } catch { throw .transfer(error) }
        var lastProblem: Failure = .noPenInterface
        for interface in HIDInterface.all(inConfiguration: configuration) {
            let bytes: [UInt8]
            do {
                // GET_DESCRIPTOR (Report) on the interface, HID 1.11 §7.1.1.
                bytes = try await transport.controlIn(requestType: 0x81, request: 0x06, value: 0x2200, index: UInt16(interface.number),
                                                      length: interface.reportDescriptorLength, timeout: timeout)
            } catch {
                lastProblem = .transfer(error)
                continue
            }
            guard bytes.count == interface.reportDescriptorLength else {
                lastProblem = .badReportDescriptor("\(bytes.count) of \(interface.reportDescriptorLength) bytes")
                continue
            }
            let descriptor: HIDReportDescriptor
            do { descriptor = try HIDReportDescriptor(bytes: bytes) } catch {
                lastProblem = .badReportDescriptor(error.description)
                continue
            }
            let pens = PenReport.find(in: descriptor)
            guard !pens.isEmpty else { continue }
            do { try await transport.claimInterface(Int(interface.number), detachingKernelDriver: true) } catch { throw .transfer(error) }
            // SET_IDLE 0: report only on change. Optional in HID; a stall here is harmless.
            _ = try? await transport.controlOut(requestType: 0x21, request: 0x0A, value: 0, index: UInt16(interface.number), data: [],
                                                timeout: timeout)
            return HIDPenReader(transport: transport, interface: interface, pens: pens)
        }
        throw lastProblem
    }

    init(transport: any USBTransport, interface: HIDInterface, pens: [PenReport]) {
        self.transport = transport
        self.interface = interface
        self.pens = pens
    }

    /// The next pen sample from any of the pen reports; reports of other ids (pad buttons) and short reports are skipped. A timeout
    /// means the pen did nothing: `USBTransferError.timeout`.
    public func next(timeout: Duration) async throws(Failure) -> PenSample {
        while true {
            let report: [UInt8]
            do {
                report = try await transport.interruptRead(
                    endpoint: interface.inputEndpoint, length: max(interface.maxPacketSize, pens.map(\.length).max() ?? 0), timeout: timeout)
            } catch {
                throw .transfer(error)
            }
            for pen in pens {
                if let sample = pen.decode(report) { return sample }
            }
        }
    }

    /// Gives the interface back to the kernel.
    public func close() async {
        try? await transport.releaseInterface(Int(interface.number))
    }
}

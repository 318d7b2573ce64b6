import BiocapDeviceKit
import BiocapDeviceTesting
import BiocapTestSupport
@testable import BiocapUVC
import Foundation

/// The real Logitech C310 data: its descriptors (from the umockdev description) and the control
/// transfers of its recorded enumeration (usbmon pcapng).
enum UVCRecording {
    struct ControlTransfer: Equatable {
        var requestType: UInt8
        var request: UInt8
        var value: UInt16
        var index: UInt16
        var length: Int
        /// OUT data from the submission, or IN data from the completion.
        var data: [UInt8]
    }

    /// Device descriptor followed by the configuration descriptor, as the sysfs attribute holds them.
    static func c310Descriptors() throws -> [UInt8] {
        let text = try String(contentsOf: TestData.recording("uvc/c310.device"), encoding: .utf8)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("H: descriptors=") }) else { return [] }
        let hex = Array(line.dropFirst("H: descriptors=".count).utf8)
        return stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(decoding: hex[$0...$0 + 1], as: UTF8.self), radix: 16) }
    }

    /// The configuration descriptor alone (what `USBTransport.configurationDescriptor()` returns).
    static func c310Configuration() throws -> [UInt8] { Array(try c310Descriptors().dropFirst(18)) }

    /// Every class control transfer to an interface (bmRequestType 0x21/0xa1), in order, read with the
    /// same pcapng reader the fingerprint drivers' recordings use (the C310 is device 11 on bus 1).
    static func c310ClassControlTransfers() throws -> [ControlTransfer] {
        try RecordedPcapReader.read(TestData.recording("uvc/logitech_C310_enum.pcapng"), bus: 1, device: 11)
            .compactMap { transfer in
                guard let setup = transfer.setup, setup.requestType == 0x21 || setup.requestType == 0xa1 else { return nil }
                return ControlTransfer(requestType: setup.requestType, request: setup.request, value: setup.value,
                                       index: setup.index, length: Int(setup.length),
                                       data: transfer.isIn ? transfer.inData : transfer.outData)
            }
    }
}

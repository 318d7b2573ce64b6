import BiocapTestSupport
import Foundation

/// The real Logitech C310 data: its descriptors (from the umockdev description) and the control
/// transfers of its recorded enumeration (usbmon pcapng, link type 220).
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

    /// Every class control transfer to an interface (bmRequestType 0x21/0xa1), in order.
    static func c310ClassControlTransfers() throws -> [ControlTransfer] {
        let bytes = [UInt8](try Data(contentsOf: TestData.recording("uvc/logitech_C310_enum.pcapng")))
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        var transfers: [ControlTransfer] = []
        var pendingIn: ControlTransfer?
        var offset = 0
        while offset + 12 <= bytes.count {
            let type = u32(offset), length = u32(offset + 4)
            guard length >= 12, offset + length <= bytes.count else { break }
            if type == 6 {  // enhanced packet block
                let captured = u32(offset + 20)
                let packet = offset + 28
                // usbmon header: type at 8, transfer type at 9, setup flag at 14, setup at 40, data at 64.
                let event = bytes[packet + 8], transferType = bytes[packet + 9]
                if transferType == 2 {
                    let data = Array(bytes[(packet + 64)..<(packet + captured)])
                    if event == UInt8(ascii: "S"), bytes[packet + 14] == 0 {
                        let setup = packet + 40
                        let transfer = ControlTransfer(
                            requestType: bytes[setup], request: bytes[setup + 1], value: u16(setup + 2), index: u16(setup + 4),
                            length: Int(u16(setup + 6)), data: data)
                        if transfer.requestType == 0x21 { transfers.append(transfer) }
                        pendingIn = transfer.requestType == 0xa1 ? transfer : nil
                    } else if event == UInt8(ascii: "C"), var transfer = pendingIn {
                        transfer.data = data
                        transfers.append(transfer)
                        pendingIn = nil
                    }
                }
            }
            offset += length
        }
        return transfers
    }
}

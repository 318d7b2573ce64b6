import Foundation
import BiocapDevices

/// One completed USB transfer from a recording: what the driver sent and what the device answered.
struct RecordedUSBTransfer: Sendable, Equatable, CustomStringConvertible {
    enum Kind: Sendable, Equatable { case control, bulk, interrupt, isochronous }

    /// A control transfer's setup packet.
    struct Setup: Sendable, Equatable {
        var requestType: UInt8
        var request: UInt8
        var value: UInt16
        var index: UInt16
        var length: UInt16

        init(_ bytes: some Collection<UInt8>) {
            let b = Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - bytes.count))
            requestType = b[0]
            request = b[1]
            value = UInt16(b[2]) | UInt16(b[3]) << 8
            index = UInt16(b[4]) | UInt16(b[5]) << 8
            length = UInt16(b[6]) | UInt16(b[7]) << 8
        }

        var isDeviceToHost: Bool { requestType & 0x80 != 0 }
        /// Standard requests (GET_DESCRIPTOR …) come from enumeration, not from a driver.
        var isStandard: Bool { requestType & 0x60 == 0 }
    }

    var kind: Kind
    /// With the direction bit (0x80 = IN); 0 for control.
    var endpoint: UInt8
    var setup: Setup?
    /// The length the driver asked for (IN) or sent (OUT).
    var requestedLength: Int
    /// Bytes the driver sent (OUT stage).
    var outData: [UInt8]
    /// Bytes the device answered (IN stage).
    var inData: [UInt8]
    /// `nil` when the transfer completed.
    var failure: USBTransferError?

    var isIn: Bool {
        if let setup { return setup.isDeviceToHost }
        return endpoint & 0x80 != 0
    }

    var description: String {
        let direction = isIn ? "IN" : "OUT"
        let data = isIn ? inData : outData
        return "\(kind) \(direction) ep 0x\(String(endpoint, radix: 16)) len \(requestedLength) [\(data.prefix(8).map { String(format: "%02x", $0) }.joined())…]"
    }

    /// libusb/usbfs status (negative errno) as a transport error; `nil` for success.
    static func failure(status: Int, endpoint: UInt8) -> USBTransferError? {
        switch status {
        case 0: nil
        case -110: .timeout(endpoint: endpoint)
        case -32: .stall(endpoint: endpoint)
        case -19, -108: .noDevice
        case -2, -104: .cancelled
        case -75: .overflow(endpoint: endpoint)
        default: .io("status \(status)")
        }
    }
}

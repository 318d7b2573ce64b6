import BiocapCore
import BiocapDeviceKit
import Foundation

/// One completed USB transfer from a recording: what the driver sent and what the device answered.
public struct RecordedUSBTransfer: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case control, bulk, interrupt, isochronous }

    /// A control transfer's setup packet.
    public struct Setup: Sendable, Equatable {
        public var requestType: UInt8
        public var request: UInt8
        public var value: UInt16
        public var index: UInt16
        public var length: UInt16

        public init(_ bytes: some Collection<UInt8>) {
            let b = Array(bytes.prefix(8)) + [UInt8](repeating: 0, count: max(0, 8 - bytes.count))
            requestType = b[0]
            request = b[1]
            value = b.integer(at: 2, .littleEndian) ?? 0
            index = b.integer(at: 4, .littleEndian) ?? 0
            length = b.integer(at: 6, .littleEndian) ?? 0
        }

        public var isDeviceToHost: Bool { requestType & 0x80 != 0 }
        /// Standard requests (GET_DESCRIPTOR …) come from enumeration, not from a driver.
        public var isStandard: Bool { requestType & 0x60 == 0 }
    }

    public var kind: Kind
    /// With the direction bit (0x80 = IN); 0 for control.
    public var endpoint: UInt8
    public var setup: Setup?
    /// The length the driver asked for (IN) or sent (OUT).
    public var requestedLength: Int
    /// Bytes the driver sent (OUT stage).
    public var outData: [UInt8]
    /// Bytes the device answered (IN stage).
    public var inData: [UInt8]
    /// `nil` when the transfer completed.
    public var failure: USBTransferError?

    public var isIn: Bool {
        if let setup { return setup.isDeviceToHost }
        return endpoint & 0x80 != 0
    }

    public var description: String {
        let direction = isIn ? "IN" : "OUT"
        let data = isIn ? inData : outData
        return "\(kind) \(direction) ep 0x\(String(endpoint, radix: 16)) len \(requestedLength) [\(data.prefix(8).map { String(format: "%02x", $0) }.joined())…]"
    }

    /// libusb/usbfs status (negative errno) as a transport error; `nil` for success.
    public static func failure(status: Int, endpoint: UInt8) -> USBTransferError? {
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

import BiocapDeviceKit
import Foundation

/// Reads umockdev's `.ioctl` text recordings: one `USBDEVFS_REAPURB[NDELAY]` line per completed URB,
/// `ret type endpoint status flags buffer_length actual_length error_count HEX`, indented by tree
/// depth. File order is umockdev's replay order (depth first). The buffer of a control URB starts
/// with its 8-byte setup packet.
public enum RecordedIoctlReader {
    public struct FormatError: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "ioctl recording line \(line): \(reason)" }
    }

    public static func read(_ url: URL) throws -> [RecordedUSBTransfer] {
        try parse(String(decoding: Data(contentsOf: url), as: UTF8.self))
    }

    public static func parse(_ text: String) throws -> [RecordedUSBTransfer] {
        var transfers: [RecordedUSBTransfer] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = rawLine.split(separator: " ", omittingEmptySubsequences: true)
            guard let name = fields.first, name == "USBDEVFS_REAPURBNDELAY" || name == "USBDEVFS_REAPURB" else { continue }
            guard fields.count >= 9 else { throw FormatError(line: number + 1, reason: "expected at least 9 fields, found \(fields.count)") }
            let numbers = try fields[1...8].map { field -> Int in
                guard let value = Int(field) else { throw FormatError(line: number + 1, reason: "'\(field)' is not a number") }
                return value
            }
            let (type, endpoint, status, bufferLength) = (numbers[1], numbers[2], numbers[3], numbers[5])
            guard let endpointByte = UInt8(exactly: endpoint) else { throw FormatError(line: number + 1, reason: "endpoint \(endpoint)") }
            let data = fields.count > 9 ? try hexBytes(fields[9], line: number + 1) : []
            let kind: RecordedUSBTransfer.Kind = switch type {
            case 0: .isochronous
            case 1: .interrupt
            case 2: .control
            default: .bulk
            }
            var transfer = RecordedUSBTransfer(
                kind: kind, endpoint: endpointByte, setup: nil, requestedLength: bufferLength, outData: [], inData: [],
                failure: RecordedUSBTransfer.failure(status: status, endpoint: endpointByte))
            if kind == .control {
                let setup = RecordedUSBTransfer.Setup(data)
                transfer.setup = setup
                transfer.requestedLength = Int(setup.length)
                let stage = Array(data.dropFirst(8))
                if setup.isDeviceToHost { transfer.inData = stage } else { transfer.outData = stage }
            } else if endpointByte & 0x80 != 0 {
                transfer.inData = data
            } else {
                transfer.outData = data
            }
            transfers.append(transfer)
        }
        return transfers
    }

    public static func hexBytes(_ text: Substring, line: Int) throws -> [UInt8] {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { throw FormatError(line: line, reason: "odd number of hex digits") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw FormatError(line: line, reason: "not hex at column \(index)")
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

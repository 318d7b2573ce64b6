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
        try parse(bytes: [UInt8](Data(contentsOf: url)))
    }

    public static func parse(_ text: String) throws -> [RecordedUSBTransfer] {
        try parse(bytes: Array(text.utf8))
    }

    /// Works on the bytes, not on `String`: splitting megabytes of hex into grapheme clusters was a fifth of the
    /// device-level tests' CPU time. A line may end in CR LF.
    public static func parse(bytes: [UInt8]) throws -> [RecordedUSBTransfer] {
        try bytes.withUnsafeBufferPointer { buffer throws -> [RecordedUSBTransfer] in
            var transfers: [RecordedUSBTransfer] = []
            var fields: [Range<Int>] = []
            var lineStart = 0
            var number = 0
            while lineStart < buffer.count {
                number += 1
                var lineEnd = lineStart
                while lineEnd < buffer.count && buffer[lineEnd] != newline { lineEnd += 1 }
                let next = lineEnd + 1
                if lineEnd > lineStart && buffer[lineEnd - 1] == carriageReturn { lineEnd -= 1 }
                Self.split(buffer, lineStart..<lineEnd, into: &fields)
                if let transfer = try transfer(buffer, fields: fields, line: number) { transfers.append(transfer) }
                lineStart = next
            }
            return transfers
        }
    }

    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let reapURB = Array("USBDEVFS_REAPURB".utf8)
    private static let reapURBNoDelay = Array("USBDEVFS_REAPURBNDELAY".utf8)

    /// The space-separated fields of `line` (runs of spaces count as one).
    private static func split(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into fields: inout [Range<Int>]) {
        fields.removeAll(keepingCapacity: true)
        var index = line.lowerBound
        while index < line.upperBound {
            while index < line.upperBound && buffer[index] == UInt8(ascii: " ") { index += 1 }
            let start = index
            while index < line.upperBound && buffer[index] != UInt8(ascii: " ") { index += 1 }
            if index > start { fields.append(start..<index) }
        }
    }

    private static func transfer(_ buffer: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], line: Int) throws -> RecordedUSBTransfer? {
        guard let name = fields.first.map({ buffer[$0] }), name.elementsEqual(reapURB) || name.elementsEqual(reapURBNoDelay) else { return nil }
        guard fields.count >= 9 else { throw FormatError(line: line, reason: "expected at least 9 fields, found \(fields.count)") }
        let numbers = try fields[1...8].map { field -> Int in
            guard let value = integer(buffer[field]) else {
                throw FormatError(line: line, reason: "'\(String(decoding: buffer[field], as: UTF8.self))' is not a number")
            }
            return value
        }
        let (type, endpoint, status, bufferLength) = (numbers[1], numbers[2], numbers[3], numbers[5])
        guard let endpointByte = UInt8(exactly: endpoint) else { throw FormatError(line: line, reason: "endpoint \(endpoint)") }
        let data = fields.count > 9 ? try hexBytes(buffer[fields[9]], line: line) : []
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
        return transfer
    }

    /// A decimal integer with an optional sign, as `Int(String)` reads it; `nil` when it is not one or overflows.
    private static func integer(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var index = digits.startIndex
        var negative = false
        if index < digits.endIndex, digits[index] == UInt8(ascii: "-") || digits[index] == UInt8(ascii: "+") {
            negative = digits[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < digits.endIndex else { return nil }
        var value = 0
        while index < digits.endIndex {
            let digit = digits[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = negative ? shifted.subtractingReportingOverflow(Int(digit)) : shifted.addingReportingOverflow(Int(digit))
            guard !overflowA && !overflowB else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    public static func hexBytes(_ text: Substring, line: Int) throws -> [UInt8] {
        try Array(text.utf8).withUnsafeBufferPointer { buffer in try hexBytes(buffer[...], line: line) }
    }

    static func hexBytes(_ digits: Slice<UnsafeBufferPointer<UInt8>>, line: Int) throws -> [UInt8] {
        guard digits.count % 2 == 0 else { throw FormatError(line: line, reason: "odd number of hex digits") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else {
                throw FormatError(line: line, reason: "not hex at column \(index - digits.startIndex)")
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

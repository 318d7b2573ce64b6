import Foundation

/// Why a biometric record, packet or archive could not be read or written.
///
/// Every decoder in this module throws only this type; none of them traps on any input.
public enum RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes end before a field: `need` bytes were wanted at offset `at`.
    case truncated(at: Int, need: Int)
    /// The record does not start with the expected format identifier.
    case badMagic(expected: [UInt8], found: [UInt8])
    /// The record's version is not the one this decoder reads.
    case badVersion(expected: [UInt8], found: [UInt8])
    /// A length field disagrees with the data it describes.
    case lengthMismatch(field: String, declared: Int, actual: Int)
    /// A field holds a value the standard (or this implementation) does not allow.
    case invalidField(name: String, value: String)
    /// A value is too large for the field that has to carry it.
    case valueOutOfRange(field: String, value: Int, allowed: ClosedRange<Int>)
    /// Valid by the standard but not supported here (e.g. 3D face data).
    case unsupported(String)
    /// A capture packet whose manifest and records disagree.
    case packetInvalid(String)

    public var description: String {
        switch self {
        case .truncated(let offset, let need):
            "record truncated: needed \(need) byte(s) at offset \(offset)"
        case .badMagic(let expected, let found):
            "bad format identifier: expected \(Self.show(expected)), found \(Self.show(found))"
        case .badVersion(let expected, let found):
            "unsupported version: expected \(Self.show(expected)), found \(Self.show(found))"
        case .lengthMismatch(let field, let declared, let actual):
            "\(field) says \(declared) byte(s) but the data holds \(actual)"
        case .invalidField(let name, let value):
            "invalid \(name): \(value)"
        case .valueOutOfRange(let field, let value, let allowed):
            "\(field) is \(value), outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .unsupported(let what):
            "unsupported: \(what)"
        case .packetInvalid(let reason):
            "invalid capture packet: \(reason)"
        }
    }

    /// Printable ASCII as text, anything else as hex, so magic mismatches read well in logs.
    private static func show(_ bytes: [UInt8]) -> String {
        let printable = bytes.allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0 }
        if printable {
            return "\"" + bytes.map { $0 == 0 ? "\\0" : String(UnicodeScalar($0)) }.joined() + "\""
        }
        return bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
    }
}

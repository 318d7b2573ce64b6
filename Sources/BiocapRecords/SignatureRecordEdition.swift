/// The edition of ISO/IEC 19794-7 a signature record follows, told by the 4-byte version after `SDI\0`.
public enum SignatureRecordEdition: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// ISO/IEC 19794-7:2007 (first edition), version `" 10\0"` (space, one, zero, NUL): read and written.
    case iso2007
    /// ISO/IEC 19794-7:2014 (second edition, on the ISO/IEC 19794-1:2011 framework), version `"020\0"`:
    /// recognised so it is refused clearly (`RecordError.unsupported`), not read.
    case iso2014

    /// The version field.
    public var version: [UInt8] {
        switch self {
        case .iso2007: Array(" 10\0".utf8)
        case .iso2014: Array("020\0".utf8)
        }
    }

    public var description: String {
        switch self {
        case .iso2007: "ISO/IEC 19794-7:2007"
        case .iso2014: "ISO/IEC 19794-7:2014"
        }
    }

    /// The edition whose version field is `bytes`, if any.
    public init?(version bytes: [UInt8]) {
        guard let edition = Self.allCases.first(where: { $0.version == bytes }) else { return nil }
        self = edition
    }
}

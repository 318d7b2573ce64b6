import Foundation

/// JSON as SBI needs it. Output is ASCII only, with `>`, `?` and `~` escaped: their base64 encodings are the only
/// ones that put `+ / - _` into base64 text, and MOSIP's clients decode the same text with both alphabets (the
/// browser's `atob` and Java's URL decoder), so only text free of those four characters works for both.
public enum SBIJSON {
    /// Encodes a document (sorted keys, no escaped slashes) as ASCII-safe JSON bytes.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return asciiSafe(Array(try encoder.encode(value)))
    }

    /// Decodes a request body.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// Rewrites JSON so every byte is printable ASCII other than `>`, `?`, `~`: those and every non-ASCII character
    /// become `\uXXXX` escapes. JSON's structure is ASCII, so such characters can only stand inside strings, where an
    /// escape means the same character.
    public static func asciiSafe(_ json: [UInt8]) -> [UInt8] {
        let text = String(decoding: json, as: UTF8.self)
        var out = [UInt8]()
        out.reserveCapacity(json.count)
        func escape(_ unit: UInt16) {
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [0x5C, 0x75])
            for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3E, 0x3F, 0x7E, 0x7F...:
                for unit in String(scalar).utf16 { escape(unit) }
            default:
                out.append(UInt8(scalar.value))
            }
        }
        return out
    }
}

extension KeyedDecodingContainer {
    /// A value MOSIP's clients send either as a JSON string or as a number (`"count": "4"` or `4`), as a string.
    func decodeLenientString(forKey key: Key) throws -> String {
        guard let value = try decodeLenientStringIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "'\(key.stringValue)' is missing"))
        }
        return value
    }

    /// Like `decodeLenientString(forKey:)`; nil when the key is absent or JSON null.
    func decodeLenientStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let integer = try? decode(Int.self, forKey: key) { return String(integer) }
        if let number = try? decode(Double.self, forKey: key), number.isFinite { return String(number) }
        throw DecodingError.typeMismatch(String.self, .init(codingPath: codingPath + [key],
                                                            debugDescription: "'\(key.stringValue)' must be a string or a number"))
    }

    /// A list of strings that may be JSON null or absent (RC sends `"bioSubType": null`); null entries are dropped.
    func decodeStringListIfPresent(forKey key: Key) throws -> [String] {
        guard contains(key), try !decodeNil(forKey: key) else { return [] }
        return try decode([String?].self, forKey: key).compactMap { $0 }
    }
}

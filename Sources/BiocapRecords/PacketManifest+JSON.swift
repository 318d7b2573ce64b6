import Foundation

extension PacketManifest {
    /// The manifest as JSON: ISO-8601 dates (whole seconds, UTC) and sorted keys, so the same manifest always gives
    /// the same bytes. Sub-second parts of dates are dropped.
    public func jsonBytes() throws(RecordError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        do {
            return [UInt8](try encoder.encode(self))
        } catch {
            throw .packetInvalid("manifest cannot be encoded as JSON: \(error)")
        }
    }

    /// Parses manifest JSON written by `jsonBytes()`.
    public static func decode(json: [UInt8]) throws(RecordError) -> PacketManifest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(PacketManifest.self, from: Data(json))
        } catch {
            throw .packetInvalid("manifest JSON is not valid: \(error)")
        }
    }
}

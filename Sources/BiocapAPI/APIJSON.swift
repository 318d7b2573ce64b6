import Foundation

/// The one JSON configuration of the socket API, used by the server and by every client: dates as
/// ISO 8601, keys sorted (so answers are byte-stable and diff well).
public enum APIJSON {
    /// Encodes request and response documents. Thread-safe to share.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Decodes request and response documents. Thread-safe to share.
    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

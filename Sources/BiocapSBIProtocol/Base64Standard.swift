import Foundation

/// Standard base64 with padding (RFC 4648 §4), as JWS `x5c` entries carry certificates.
enum Base64Standard {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }
}

import Foundation

extension Base64URL {
    /// Decodes base64url as JWS requires it (RFC 7515 §2): only `A–Z a–z 0–9 - _`, optionally followed by the padding
    /// that completes the last quantum. Anything else (the standard alphabet's `+ /`, spaces, line breaks) gives nil.
    public static func decodeStrict(_ text: String) -> [UInt8]? {
        var unpadded = Substring(text)
        while unpadded.hasSuffix("=") { unpadded.removeLast() }
        let padding = text.utf8.count - unpadded.utf8.count
        guard unpadded.utf8.allSatisfy(isAlphabet), unpadded.utf8.count % 4 != 1 else { return nil }
        guard padding == 0 || (unpadded.utf8.count + padding) % 4 == 0, padding <= 2 else { return nil }
        return decode(String(unpadded))
    }

    /// `A–Z a–z 0–9 - _`.
    static func isAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x5F: true
        default: false
        }
    }
}

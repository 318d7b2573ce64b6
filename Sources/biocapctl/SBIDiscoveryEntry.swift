import BiocapSBIProtocol

/// One entry of a `MOSIPDISC` answer, read leniently: vendors' services differ, and an error answer
/// (`[{"error": …}]`) has only the error object.
struct SBIDiscoveryEntry: Sendable, Codable {
    var deviceId: String?
    var deviceStatus: String?
    var certification: String?
    var serviceVersion: String?
    var deviceSubId: [String]?
    var callbackId: String?
    var digitalId: String?
    var deviceCode: String?
    var specVersion: [String]?
    var purpose: String?
    var error: SBIErrorInfo?

    /// The digital id, which discovery sends unsigned (base64url JSON); a signed one is read without verification.
    var decodedDigitalID: SBIDigitalID? {
        guard let digitalId else { return nil }
        let parts = digitalId.split(separator: ".", omittingEmptySubsequences: false)
        let encoded = parts.count == 3 ? String(parts[1]) : digitalId
        guard let bytes = Base64URL.decode(encoded) else { return nil }
        return try? SBIJSON.decode(SBIDigitalID.self, from: bytes)
    }

    /// True when the entry describes a device (not an error answer).
    var isDevice: Bool { deviceId != nil && (error?.isSuccess ?? true) }
}

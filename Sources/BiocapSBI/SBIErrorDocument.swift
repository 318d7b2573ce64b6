import BiocapSBIProtocol

/// `{"error": {...}}`: a discovery or stream refusal, and the answer to what is not an SBI request.
struct SBIErrorDocument: Sendable, Codable, Hashable {
    var error: SBIErrorInfo
}

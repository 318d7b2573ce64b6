import BiocapSBIProtocol

/// Cross-origin rules for browser-based SBI clients (MOSIP's compliance toolkit, eSignet): SBI's custom verbs are
/// always preflighted, and Chrome's Private Network Access asks before an https page may reach 127.0.0.1.
enum SBICORS {
    /// Headers on every answer, the stream included.
    static let responseHeaders: [(String, String)] = [("Access-Control-Allow-Origin", "*")]

    /// The answer to an `OPTIONS` preflight: the verbs named exactly (case matters to browsers).
    static func preflight() -> SBIHTTPResponse {
        SBIHTTPResponse(status: 200, headers: [
            ("Access-Control-Allow-Methods", SBIConstants.verbs.joined(separator: ", ")),
            ("Access-Control-Allow-Headers", "Content-Type"),
            ("Access-Control-Allow-Private-Network", "true"),
            ("Access-Control-Max-Age", "600"),
        ], body: [])
    }
}

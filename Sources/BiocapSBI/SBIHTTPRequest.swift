/// One HTTP/1.1 request on the SBI port, framed by `SBIHTTPRequestDecoder`: any method token (SBI's custom verbs
/// included), the target, the headers and the whole body.
struct SBIHTTPRequest: Sendable, Equatable {
    var method: String
    var target: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    var version: String
    /// In order, names as sent.
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first value of a header, by case-insensitive name.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Whether the connection stays open after the answer (HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with
    /// `Connection: keep-alive`).
    var keepAlive: Bool {
        let connection = header("Connection")?.lowercased() ?? ""
        if version == "HTTP/1.0" { return connection.contains("keep-alive") }
        return !connection.contains("close")
    }

    static func == (lhs: SBIHTTPRequest, rhs: SBIHTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// What the framing layer hands on: a request, or the reason the byte stream is not HTTP/1.1 (after which the
/// connection is answered once with 400 and closed).
enum SBIInbound: Sendable, Equatable {
    case request(SBIHTTPRequest)
    case malformed(status: Int, reason: String)
}

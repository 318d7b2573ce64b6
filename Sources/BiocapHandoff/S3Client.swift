import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A small S3 client for the hand-off: signed (SigV4) PUT, HEAD and GET of single objects in one bucket, with the
/// body's SHA-256 sent for the server to verify (`x-amz-checksum-sha256`) and `If-None-Match: *` so nothing is ever
/// overwritten. The clock follows the server's `Date` header, so a kit whose clock drifted while offline still signs
/// requests the server accepts. Safe to use from any task.
public final class S3Client: Sendable {
    public let endpoint: URL
    public let bucket: String
    let signer: SigV4Signer
    let http: HTTPClient
    /// How long one request may take, connecting included (AsyncHTTPClient keeps retrying a refused connection
    /// until then).
    let timeout: Duration
    /// Seconds to add to the local clock to get the server's (from the last `Date` header).
    private let clockOffset = Mutex<TimeInterval>(0)
    /// For tests: seconds the kit's own clock is off (a kit offline for weeks), added to every local reading.
    let localClockError = Mutex<TimeInterval>(0)
    /// Requests sent, by method and kind (`PUT`, `PUT part`, …): what a test counts to see only missing parts resent.
    let sent = Mutex<[String: Int]>([:])
    /// Fault injection for tests: the next this-many bodies go out declaring a checksum they do not have, as if
    /// damaged on the way (the store must answer BadDigest).
    let damageNextBodies = Mutex<Int>(0)

    public init(endpoint: URL, bucket: String, signer: SigV4Signer, timeout: Duration = .seconds(120), http: HTTPClient = .shared) {
        self.timeout = timeout
        self.endpoint = endpoint
        self.bucket = bucket
        self.signer = signer
        self.http = http
    }

    /// Stores `body` at `key` unless something is there already (`alreadyExists`); `metadata` becomes
    /// `x-amz-meta-*` headers. Returns once the store has the object.
    public func put(_ body: [UInt8], key: String, metadata: [String: String] = [:]) async throws(S3Error) {
        try await put(body, key: key, metadata: metadata, declaring: declaredDigest(body))
    }

    /// `put` with the checksum to declare (a test sends a wrong one to see the store refuse it).
    func put(_ body: [UInt8], key: String, metadata: [String: String], declaring digest: SHA256.Digest) async throws(S3Error) {
        var headers = [("x-amz-checksum-sha256", Data(digest).base64EncodedString()), ("If-None-Match", "*"),
                       ("Content-Length", String(body.count))]
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name.lowercased())", value)) }
        let response = try await send("PUT", key: key, headers: headers, body: body, payloadSHA256: SigV4Signer.hex(SHA256.hash(data: body)))
        switch response.status {
        case 200, 201, 204: return
        case 412: throw .alreadyExists(key: key)
        default: throw Self.failure(response, key: key)
        }
    }

    /// The object's `x-amz-meta-*` values (names without the prefix), or `notFound`.
    public func head(key: String) async throws(S3Error) -> [String: String] {
        let response = try await send("HEAD", key: key, headers: [], body: nil, payloadSHA256: SigV4Signer.emptyPayloadSHA256)
        guard response.status == 200 else {
            if response.status == 404 { throw .notFound(key: key) }
            throw Self.failure(response, key: key)
        }
        var metadata: [String: String] = [:]
        for (name, value) in response.headers where name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(name.lowercased().dropFirst("x-amz-meta-".count))] = value
        }
        return metadata
    }

    /// The object's bytes, or `notFound`.
    public func get(key: String) async throws(S3Error) -> [UInt8] {
        let response = try await send("GET", key: key, headers: [], body: nil, payloadSHA256: SigV4Signer.emptyPayloadSHA256)
        guard response.status == 200 else {
            if response.status == 404 { throw .notFound(key: key) }
            throw Self.failure(response, key: key)
        }
        return response.body
    }

    func localNow() -> Date { Date().addingTimeInterval(localClockError.withLock { $0 }) }

    /// The body's SHA-256, unless a test asked for damage.
    func declaredDigest(_ body: [UInt8]) -> SHA256.Digest {
        let damage = damageNextBodies.withLock { count -> Bool in
            guard count > 0 else { return false }
            count -= 1
            return true
        }
        return SHA256.hash(data: damage ? body + [0] : body)
    }

    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
    }

    func send(_ method: String, key: String, query: [(String, String)] = [], headers: [(String, String)], body: [UInt8]?, payloadSHA256: String) async throws(S3Error) -> Answer {
        let path = key.isEmpty ? "/" + bucket : "/" + bucket + "/" + key
        guard let host = endpoint.host else { throw .transport("the endpoint \(endpoint) has no host") }
        let hostHeader = endpoint.port.map { "\(host):\($0)" } ?? host
        sent.withLock { $0[method + (query.contains { $0.0 == "partNumber" } ? " part" : ""), default: 0] += 1 }
        let now = localNow().addingTimeInterval(clockOffset.withLock { $0 })
        var signed = headers + [("host", hostHeader), ("x-amz-date", SigV4Signer.amzDate(now)), ("x-amz-content-sha256", payloadSHA256)]
        let signature = signer.sign(method: method, path: path, query: query, headers: signed, payloadSHA256: payloadSHA256, date: now)
        signed.append(("Authorization", signature.authorization))
        let encodedPath = path.split(separator: "/", omittingEmptySubsequences: false).map { SigV4Signer.encode(String($0)) }.joined(separator: "/")
        let encodedQuery = query.isEmpty ? "" : "?" + query.map { SigV4Signer.encode($0.0) + "=" + SigV4Signer.encode($0.1) }.joined(separator: "&")
        var request = HTTPClientRequest(url: endpoint.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + encodedPath + encodedQuery)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in signed where name.lowercased() != "host" { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await http.execute(request, timeout: .milliseconds(timeout.components.seconds * 1000
                + timeout.components.attoseconds / 1_000_000_000_000_000))
            if let date = response.headers.first(name: "Date"), let server = Self.httpDate(date) {
                // Whole seconds are all `Date` carries; a smaller error does not matter to SigV4 (it allows 15 minutes).
                let offset = server.timeIntervalSince(localNow())
                clockOffset.withLock { $0 = abs(offset) < 2 ? 0 : offset }
            }
            let bytes = method == "HEAD" ? ByteBuffer() : try await response.body.collect(upTo: 256 << 20)
            return Answer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                          body: Array(bytes.readableBytesView))
        } catch {
            throw .transport("\(error)")
        }
    }

    /// The S3 XML error's `<Code>` and `<Message>`, sorted into what to do.
    static func failure(_ answer: Answer, key: String) -> S3Error {
        let text = String(decoding: answer.body, as: UTF8.self)
        let code = S3XML.value(of: "Code", in: text) ?? "", message = S3XML.value(of: "Message", in: text) ?? ""
        switch (answer.status, code) {
        case (_, "BadDigest"), (_, "XAmzContentSHA256Mismatch"): return .badDigest(key: key)
        case (403, _): return .refused(code: code.isEmpty ? "AccessDenied" : code, message: message)
        case (412, _): return .alreadyExists(key: key)
        case (_, "NoSuchUpload"): return .noSuchUpload(key: key)
        default: return .server(status: answer.status, code: code, message: message)
        }
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

/// What an S3-compatible store answered, sorted by what the uplink must do about it.
public enum S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// 403: wrong or foreign credentials, a prefix the key may not write, or a signature the server rejects.
    /// Retrying does not help; an operator must.
    case refused(code: String, message: String)
    /// The object exists and `If-None-Match: *` kept it (412): already delivered, or a clash to look at.
    case alreadyExists(key: String)
    /// The body did not match its `x-amz-checksum-sha256` (corrupted on the way): send it again.
    case badDigest(key: String)
    /// The multipart upload is gone (aborted, or expired by the bucket's lifecycle rule): start it again.
    case noSuchUpload(key: String)
    /// 404 for a HEAD or GET.
    case notFound(key: String)
    /// 5xx or another unexpected status: retry later.
    case server(status: Int, code: String, message: String)
    /// No answer (connection refused or lost, timeout): retry later.
    case transport(String)

    public var description: String {
        switch self {
        case .refused(let code, let message): "the store refused the request (\(code)): \(message)"
        case .alreadyExists(let key): "\(key) already exists in the store"
        case .badDigest(let key): "the store received \(key) damaged (checksum mismatch)"
        case .noSuchUpload(let key): "the multipart upload of \(key) no longer exists in the store"
        case .notFound(let key): "\(key) is not in the store"
        case .server(let status, let code, let message): "the store answered HTTP \(status) \(code): \(message)"
        case .transport(let reason): "the store cannot be reached: \(reason)"
        }
    }
}

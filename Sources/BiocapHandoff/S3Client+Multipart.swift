import Crypto
import Foundation

/// Multipart upload (for objects too large to send in one request over a bad link) and listing.
extension S3Client {
    /// A part the store acknowledged: what `complete` must send back.
    public struct CompletedPart: Sendable, Hashable {
        public var partNumber: Int
        public var etag: String
        /// SHA-256 of the part, base64.
        public var sha256: String

        public init(partNumber: Int, etag: String, sha256: String) {
            self.partNumber = partNumber
            self.etag = etag
            self.sha256 = sha256
        }
    }

    /// Starts a multipart upload whose parts carry SHA-256 checksums; returns its upload id.
    public func createMultipartUpload(key: String, metadata: [String: String] = [:]) async throws(S3Error) -> String {
        var headers = [("x-amz-checksum-algorithm", "SHA256")]
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) { headers.append(("x-amz-meta-\(name.lowercased())", value)) }
        let answer = try await send("POST", key: key, query: [("uploads", "")], headers: headers, body: nil,
                                    payloadSHA256: SigV4Signer.emptyPayloadSHA256)
        guard answer.status == 200 else { throw Self.failure(answer, key: key) }
        guard let uploadID = S3XML.value(of: "UploadId", in: String(decoding: answer.body, as: UTF8.self)), !uploadID.isEmpty else {
            throw .server(status: answer.status, code: "", message: "CreateMultipartUpload answered without an UploadId")
        }
        return uploadID
    }

    /// Sends one part (numbers 1…10000; every part but the last at least 5 MiB) with its SHA-256 for the store to check.
    public func uploadPart(_ body: [UInt8], key: String, uploadID: String, partNumber: Int) async throws(S3Error) -> CompletedPart {
        try await uploadPart(body, key: key, uploadID: uploadID, partNumber: partNumber, declaring: declaredDigest(body))
    }

    func uploadPart(_ body: [UInt8], key: String, uploadID: String, partNumber: Int, declaring digest: SHA256.Digest) async throws(S3Error) -> CompletedPart {
        let checksum = Data(digest).base64EncodedString()
        let answer = try await send(
            "PUT", key: key, query: [("partNumber", String(partNumber)), ("uploadId", uploadID)],
            headers: [("x-amz-checksum-sha256", checksum), ("Content-Length", String(body.count))],
            body: body, payloadSHA256: SigV4Signer.hex(SHA256.hash(data: body)))
        guard answer.status == 200 else { throw Self.failure(answer, key: key) }
        guard let etag = answer.headers.first(where: { $0.0.lowercased() == "etag" })?.1 else {
            throw .server(status: answer.status, code: "", message: "UploadPart answered without an ETag")
        }
        return CompletedPart(partNumber: partNumber, etag: etag, sha256: checksum)
    }

    /// Joins the parts into the object. An error inside a 200 answer (S3 may send one) is an error here too.
    public func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws(S3Error) {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(S3XML.escape(part.etag))</ETag>"
                + "<ChecksumSHA256>\(part.sha256)</ChecksumSHA256></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        let answer = try await send("POST", key: key, query: [("uploadId", uploadID)],
                                    headers: [("Content-Type", "application/xml"), ("Content-Length", String(body.count))],
                                    body: body, payloadSHA256: SigV4Signer.hex(SHA256.hash(data: body)))
        let text = String(decoding: answer.body, as: UTF8.self)
        guard answer.status == 200, !text.contains("<Error>") else {
            throw Self.failure(Answer(status: answer.status == 200 ? 500 : answer.status, headers: answer.headers, body: answer.body), key: key)
        }
    }

    /// Every key under `prefix` (ListObjectsV2, following continuation tokens), in the store's order.
    public func list(prefix: String) async throws(S3Error) -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix), ("max-keys", "1000")]
            if let token { query.append(("continuation-token", token)) }
            let answer = try await send("GET", key: "", query: query, headers: [], body: nil, payloadSHA256: SigV4Signer.emptyPayloadSHA256)
            guard answer.status == 200 else { throw Self.failure(answer, key: prefix) }
            let text = String(decoding: answer.body, as: UTF8.self)
            keys += S3XML.values(of: "Key", in: text)
            token = S3XML.value(of: "IsTruncated", in: text) == "true" ? S3XML.value(of: "NextContinuationToken", in: text) : nil
        } while token != nil
        return keys
    }
}

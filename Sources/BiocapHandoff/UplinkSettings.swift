import Foundation

/// The `"uplink"` object of biocapd's config file (or the file `--uplink-config` names), as a person writes it.
/// `UplinkConfiguration.resolve` checks it and reads the files it names.
public struct UplinkSettings: Sendable, Hashable, Codable {
    /// The store's base URL, e.g. `https://s3.centre.example` or `http://127.0.0.1:8333` (plain HTTP only to loopback).
    public var endpoint: String
    public var bucket: String
    /// Prefix inside the bucket (may be empty).
    public var prefix: String?
    /// SigV4 region (default `us-east-1`).
    public var region: String?
    /// A 0600 JSON file `{"accessKeyId": "…", "secretAccessKey": "…"}`; relative names are looked up in
    /// `$CREDENTIALS_DIRECTORY` first (systemd credentials).
    public var credentialsFile: String
    /// The centre's X25519 public key (PEM SubjectPublicKeyInfo).
    public var centerPublicKeyFile: String
    /// A PEM bundle of CAs to trust for HTTPS instead of the system's.
    public var caFile: String?
    /// Bytes per multipart part (default 8 MiB, at least 5 MiB).
    public var partSize: Int?
    /// Sealed objects larger than this go multipart (default 16 MiB, at least `partSize`).
    public var multipartThreshold: Int?
    /// Packets delivered at once (1–16, default 2).
    public var concurrency: Int?
    /// A cap on the upload rate, bytes per second (none when absent).
    public var maxBytesPerSecond: Int?
    /// First retry delay in seconds (default 2); doubles per failure, with full jitter.
    public var retryInitialSeconds: Double?
    /// Longest retry delay in seconds (default 300).
    public var retryMaxSeconds: Double?
    /// How long one request may take (default 120 s).
    public var requestTimeoutSeconds: Double?
    /// How often an idle uplink looks at the queue (default 60 s): a packet stored through the daemon wakes it at
    /// once, so this only matters for packets an outside lessee gave back.
    public var pollSeconds: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case endpoint, bucket, prefix, region, credentialsFile, centerPublicKeyFile, caFile, partSize, multipartThreshold
        case concurrency, maxBytesPerSecond, retryInitialSeconds, retryMaxSeconds, requestTimeoutSeconds, pollSeconds
    }

    public init(endpoint: String, bucket: String, prefix: String? = nil, region: String? = nil, credentialsFile: String,
                centerPublicKeyFile: String, caFile: String? = nil, partSize: Int? = nil, multipartThreshold: Int? = nil,
                concurrency: Int? = nil, maxBytesPerSecond: Int? = nil, retryInitialSeconds: Double? = nil,
                retryMaxSeconds: Double? = nil, requestTimeoutSeconds: Double? = nil, pollSeconds: Double? = nil) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.prefix = prefix
        self.region = region
        self.credentialsFile = credentialsFile
        self.centerPublicKeyFile = centerPublicKeyFile
        self.caFile = caFile
        self.partSize = partSize
        self.multipartThreshold = multipartThreshold
        self.concurrency = concurrency
        self.maxBytesPerSecond = maxBytesPerSecond
        self.retryInitialSeconds = retryInitialSeconds
        self.retryMaxSeconds = retryMaxSeconds
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.pollSeconds = pollSeconds
    }

    /// Decodes the object; an unknown key is an error naming the known ones (a misspelt setting must not be ignored).
    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = any.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath + [unknown],
                debugDescription: "unknown uplink setting '\(unknown.stringValue)' (known: \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        endpoint = try container.decode(String.self, forKey: .endpoint)
        bucket = try container.decode(String.self, forKey: .bucket)
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
        region = try container.decodeIfPresent(String.self, forKey: .region)
        credentialsFile = try container.decode(String.self, forKey: .credentialsFile)
        centerPublicKeyFile = try container.decode(String.self, forKey: .centerPublicKeyFile)
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        partSize = try container.decodeIfPresent(Int.self, forKey: .partSize)
        multipartThreshold = try container.decodeIfPresent(Int.self, forKey: .multipartThreshold)
        concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency)
        maxBytesPerSecond = try container.decodeIfPresent(Int.self, forKey: .maxBytesPerSecond)
        retryInitialSeconds = try container.decodeIfPresent(Double.self, forKey: .retryInitialSeconds)
        retryMaxSeconds = try container.decodeIfPresent(Double.self, forKey: .retryMaxSeconds)
        requestTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: .requestTimeoutSeconds)
        pollSeconds = try container.decodeIfPresent(Double.self, forKey: .pollSeconds)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

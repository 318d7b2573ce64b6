import Crypto
import Foundation

/// The uplink's checked settings, with the files they name already read: what `Uplink` runs with.
public struct UplinkConfiguration: Sendable {
    public var endpoint: URL
    public var bucket: String
    public var layout: DeliveryLayout
    public var region: String
    public var credentials: UplinkCredentials
    public var centerKey: Curve25519.KeyAgreement.PublicKey
    /// SHA-256 (hex) of the centre's raw public key, for the operator's view.
    public var centerKeySHA256: String
    public var caFile: String?
    public var partSize: Int
    public var multipartThreshold: Int
    public var concurrency: Int
    public var maxBytesPerSecond: Int?
    public var retryInitial: Duration
    public var retryMax: Duration
    public var requestTimeout: Duration
    public var poll: Duration

    /// The smallest part S3 accepts (every part but the last).
    public static let minimumPartSize = 5 << 20

    public init(
        endpoint: URL, bucket: String, layout: DeliveryLayout, region: String = "us-east-1", credentials: UplinkCredentials,
        centerKey: Curve25519.KeyAgreement.PublicKey, caFile: String? = nil, partSize: Int = 8 << 20,
        multipartThreshold: Int = 16 << 20, concurrency: Int = 2, maxBytesPerSecond: Int? = nil,
        retryInitial: Duration = .seconds(2), retryMax: Duration = .seconds(300), requestTimeout: Duration = .seconds(120),
        poll: Duration = .seconds(60)
    ) {
        self.endpoint = endpoint
        self.bucket = bucket
        self.layout = layout
        self.region = region
        self.credentials = credentials
        self.centerKey = centerKey
        centerKeySHA256 = SigV4Signer.hex(SHA256.hash(data: centerKey.rawRepresentation))
        self.caFile = caFile
        self.partSize = partSize
        self.multipartThreshold = multipartThreshold
        self.concurrency = concurrency
        self.maxBytesPerSecond = maxBytesPerSecond
        self.retryInitial = retryInitial
        self.retryMax = retryMax
        self.requestTimeout = requestTimeout
        self.poll = poll
    }

    /// Checks `settings` and reads the credentials and the centre's key. Relative file names are resolved against
    /// `directory` (the config file's folder); the credentials file is looked up in `credentialsDirectory`
    /// (`$CREDENTIALS_DIRECTORY`) first when given there.
    public static func resolve(
        _ settings: UplinkSettings, relativeTo directory: String, credentialsDirectory: String? = nil
    ) throws(UplinkConfigurationError) -> UplinkConfiguration {
        func path(_ name: String) -> String {
            name.hasPrefix("/") ? name : URL(fileURLWithPath: directory).appendingPathComponent(name).path
        }
        let endpoint = try checkedEndpoint(settings.endpoint)
        guard isValidBucket(settings.bucket) else {
            throw UplinkConfigurationError(setting: "bucket", reason: "'\(settings.bucket)' is not an S3 bucket name (3–63 lower-case letters, digits, '.', '-')")
        }
        let prefix = settings.prefix ?? ""
        guard prefix.split(separator: "/").allSatisfy({ DeliveryLayout.isSafeSegment(String($0)) }) else {
            throw UplinkConfigurationError(setting: "prefix", reason: "'\(prefix)' must be '/'-separated segments of letters, digits, '-', '_', '.'")
        }
        let region = settings.region ?? "us-east-1"
        guard !region.isEmpty, region.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2F }) else {
            throw UplinkConfigurationError(setting: "region", reason: "'\(region)' is not a region name")
        }

        let credentials: UplinkCredentials
        if let credentialsDirectory, !settings.credentialsFile.hasPrefix("/"),
           FileManager.default.fileExists(atPath: credentialsDirectory + "/" + settings.credentialsFile) {
            credentials = try UplinkCredentials.load(path: credentialsDirectory + "/" + settings.credentialsFile, fromCredentialsDirectory: true)
        } else {
            credentials = try UplinkCredentials.load(path: path(settings.credentialsFile))
        }
        let centerKey = try readCenterKey(path(settings.centerPublicKeyFile))
        var caFile: String?
        if let name = settings.caFile {
            caFile = path(name)
            guard FileManager.default.isReadableFile(atPath: path(name)) else {
                throw UplinkConfigurationError(setting: "caFile", reason: "\(path(name)) cannot be read")
            }
        }

        let partSize = settings.partSize ?? 8 << 20
        guard partSize >= minimumPartSize, partSize <= 5 << 30 else {
            throw UplinkConfigurationError(setting: "partSize", reason: "must be between 5 MiB (5242880, S3's smallest part) and 5 GiB, got \(partSize)")
        }
        let threshold = settings.multipartThreshold ?? max(16 << 20, partSize)
        guard threshold >= partSize else {
            throw UplinkConfigurationError(setting: "multipartThreshold", reason: "must be at least partSize (\(partSize)), got \(threshold)")
        }
        let concurrency = settings.concurrency ?? 2
        guard (1...16).contains(concurrency) else {
            throw UplinkConfigurationError(setting: "concurrency", reason: "must be 1–16, got \(concurrency)")
        }
        if let cap = settings.maxBytesPerSecond, cap < 1024 {
            throw UplinkConfigurationError(setting: "maxBytesPerSecond", reason: "must be at least 1024, got \(cap)")
        }
        func seconds(_ value: Double?, _ name: String, default fallback: Double, range: ClosedRange<Double>) throws(UplinkConfigurationError) -> Duration {
            let value = value ?? fallback
            guard value.isFinite, range.contains(value) else {
                throw UplinkConfigurationError(setting: name, reason: "must be \(range.lowerBound)–\(range.upperBound) seconds, got \(value)")
            }
            return .milliseconds(Int64(value * 1000))
        }
        let retryInitial = try seconds(settings.retryInitialSeconds, "retryInitialSeconds", default: 2, range: 0.01...3600)
        let retryMax = try seconds(settings.retryMaxSeconds, "retryMaxSeconds", default: 300, range: 0.01...86400)
        guard retryMax >= retryInitial else {
            throw UplinkConfigurationError(setting: "retryMaxSeconds", reason: "must not be less than retryInitialSeconds")
        }
        return UplinkConfiguration(
            endpoint: endpoint, bucket: settings.bucket, layout: DeliveryLayout(prefix: prefix), region: region,
            credentials: credentials, centerKey: centerKey, caFile: caFile, partSize: partSize, multipartThreshold: threshold,
            concurrency: concurrency, maxBytesPerSecond: settings.maxBytesPerSecond, retryInitial: retryInitial, retryMax: retryMax,
            requestTimeout: try seconds(settings.requestTimeoutSeconds, "requestTimeoutSeconds", default: 120, range: 1...3600),
            poll: try seconds(settings.pollSeconds, "pollSeconds", default: 60, range: 0.05...3600))
    }

    /// HTTPS anywhere; plain HTTP only to a loopback address (a test store, or a tunnel on the kit itself).
    static func checkedEndpoint(_ text: String) throws(UplinkConfigurationError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.query == nil, url.user == nil else {
            throw UplinkConfigurationError(setting: "endpoint", reason: "'\(text)' is not a URL like https://s3.example.org or http://127.0.0.1:8333")
        }
        guard url.path.isEmpty || url.path == "/" else {
            throw UplinkConfigurationError(setting: "endpoint", reason: "'\(text)' must not have a path; put the bucket in \"bucket\" and folders in \"prefix\"")
        }
        switch scheme {
        case "https": return url
        case "http":
            let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
            guard loopback else {
                throw UplinkConfigurationError(setting: "endpoint", reason: "plain HTTP is allowed only to a loopback address; use https:// for \(host)")
            }
            return url
        default:
            throw UplinkConfigurationError(setting: "endpoint", reason: "scheme '\(scheme)' is neither https nor http")
        }
    }

    static func isValidBucket(_ name: String) -> Bool {
        guard (3...63).contains(name.utf8.count), let first = name.utf8.first, let last = name.utf8.last else { return false }
        func alnum(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) }
        return alnum(first) && alnum(last) && name.utf8.allSatisfy { alnum($0) || $0 == 0x2D || $0 == 0x2E }
    }

    /// The centre's X25519 public key; a missing file, a private key, an Ed25519 key or anything else is a clear error.
    static func readCenterKey(_ path: String) throws(UplinkConfigurationError) -> Curve25519.KeyAgreement.PublicKey {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UplinkConfigurationError(setting: "centerPublicKeyFile", reason: "\(path) does not exist or cannot be read")
        }
        if text.contains("PRIVATE KEY-----") {
            throw UplinkConfigurationError(
                setting: "centerPublicKeyFile",
                reason: "\(path) holds a private key; a kit needs only the centre's public key (center-public.pem). Keep the private key at the centre")
        }
        do { return try CenterKeyPEM.publicKey(pem: text) } catch {
            throw UplinkConfigurationError(
                setting: "centerPublicKeyFile",
                reason: "\(path): \(error) — expected the centre's X25519 public key as PEM (biocap-center keygen writes center-public.pem)")
        }
    }
}

import AsyncHTTPClient
import NIOSSL

/// The HTTP client the uplink talks to the store with: the shared one (system CAs) unless a CA file is configured,
/// then one of its own that trusts only that file's CAs. The caller shuts an own client down when done.
public enum UplinkHTTPClient {
    /// - Returns: the client, and whether the caller owns it (must `shutdown()` it).
    public static func make(caFile: String?) throws -> (client: HTTPClient, owned: Bool) {
        guard let caFile else { return (.shared, false) }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.decompression = .disabled
        return (HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration), true)
    }
}

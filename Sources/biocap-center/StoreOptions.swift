import ArgumentParser
import BiocapHandoff
import Foundation

/// Where the delivered packets are and how to read them: shared by `verify` and `fetch`.
struct StoreOptions: ParsableArguments {
    @Option(help: "The store's URL, e.g. https://s3.centre.example or http://127.0.0.1:8333.")
    var endpoint: String

    @Option(help: "The bucket kits deliver to.")
    var bucket: String

    @Option(help: "The prefix inside the bucket (as in the kits' uplink settings).")
    var prefix: String = ""

    @Option(help: "The SigV4 region.")
    var region: String = "us-east-1"

    @Option(help: "JSON file {\"accessKeyId\": …, \"secretAccessKey\": …} of read-only credentials (mode 0600).")
    var credentials: String

    @Option(name: .customLong("center-key"), help: "The centre's private key (center-private.pem).")
    var centerKey: String

    @Option(name: .customLong("kit-key"), help: "A kit's registered signing key, KIT-ID=FILE (PEM); repeatable. Without one, a kit is checked against the key it published itself (trust on first use).")
    var kitKeys: [String] = []

    func verifier() throws -> DeliveryVerifier {
        guard let url = URL(string: endpoint), let scheme = url.scheme, ["http", "https"].contains(scheme.lowercased()), url.host != nil else {
            throw CenterError("--endpoint '\(endpoint)' is not an http(s) URL")
        }
        if scheme.lowercased() == "http", !(url.host ?? "").hasPrefix("127."), url.host != "localhost", url.host != "::1" {
            FileHandle.standardError.write(Data("warning: reading \(endpoint) over plain HTTP\n".utf8))
        }
        let secrets: UplinkCredentials
        do { secrets = try UplinkCredentials.load(path: credentials) } catch {
            throw CenterError("--credentials: \(error.reason)")
        }
        let client = S3Client(endpoint: url, bucket: bucket,
                              signer: SigV4Signer(accessKeyID: secrets.accessKeyID, secretAccessKey: secrets.secretAccessKey, region: region),
                              timeout: .seconds(120))
        return DeliveryVerifier(client: client, layout: DeliveryLayout(prefix: prefix), centerKey: try CenterFiles.centerKey(centerKey),
                                registeredKeys: try CenterFiles.registeredKeys(kitKeys))
    }
}

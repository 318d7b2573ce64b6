import BiocapTestSupport
import Crypto
import Foundation
import Logging
import Testing

@testable import BiocapHandoff

/// What the operator reads while the uplink is still trying: a refusal carries its hint (the kit's credentials, the
/// store's policy) from the first try on, not only once the round gives up. No store needed: the request is scripted.
@Suite struct UplinkRetryStatusTests {
    @Test func aRefusalNotedDuringItsRetryNamesTheCredentials() async throws {
        let kit = try UplinkHarness()
        defer { try? FileManager.default.removeItem(at: kit.directory) }
        let configuration = UplinkConfiguration(
            endpoint: URL(string: "http://127.0.0.1:9")!, bucket: "packets", layout: DeliveryLayout(prefix: ""),
            credentials: UplinkCredentials(accessKeyID: "AK", secretAccessKey: "secret"),
            centerKey: kit.centerKey.publicKey, caFile: nil, partSize: 5 << 20, multipartThreshold: 5 << 20, concurrency: 1,
            maxBytesPerSecond: nil, retryInitial: .milliseconds(10), retryMax: .milliseconds(20),
            requestTimeout: .seconds(1), poll: .milliseconds(100))
        let uplink = Uplink(configuration: configuration, queue: kit.queue, kitID: kit.kitID, logger: Logger(label: "retry-status"))
        let refused = S3Error.refused(code: "AccessDenied", message: "Access Denied.")
        await #expect(throws: refused) {
            try await uplink.retrying("publish kits/kit-0001/kit.pem") { () throws(S3Error) -> Void in throw refused }
        }
        let status = await uplink.status()
        #expect(status.lastError?.contains("AccessDenied") == true && status.lastError?.contains("credentials") == true,
                "\(status.lastError ?? "no error noted")")
    }
}

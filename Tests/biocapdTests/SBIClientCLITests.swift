import BiocapTestSupport
import Foundation
import Testing

/// `biocapctl sbi` without an SBI service: `cert --file` agrees with openssl about a certificate openssl made, a
/// port where nothing listens is "unreachable" (exit 3) and bad option values are usage errors (exit 2). The runs
/// against biocapd's own SBI service are in the end-to-end suite.
@Suite struct SBIClientCLITests {
    static let openssl = ExternalTool.path("openssl")

    @Test(.enabled(if: openssl != nil || ExternalTool.required, "needs openssl"))
    func certFileShowsWhatOpenSSLShows() throws {
        let openssl = try #require(Self.openssl, "openssl is missing")
        let directory = try TestData.temporaryDirectory("sbi-cert-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pem = directory.appendingPathComponent("device.pem").path
        let der = directory.appendingPathComponent("device.der").path
        let made = try ExternalTool.run(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                                  directory.appendingPathComponent("device.key").path, "-out", pem, "-days", "3",
                                                  "-subj", "/CN=CLI test device/O=Vendor"])
        #expect(made.status == 0, "\(made.output)")
        #expect(try ExternalTool.run(openssl, ["x509", "-in", pem, "-outform", "DER", "-out", der]).status == 0)
        let details = try ExternalTool.run(openssl, ["x509", "-in", pem, "-noout", "-serial", "-fingerprint", "-sha256"]).output
        let serial = try #require(details.split(separator: "\n").first { $0.hasPrefix("serial=") }).dropFirst("serial=".count)
        let fingerprint = try #require(details.split(separator: "\n").first { $0.contains("Fingerprint=") })
            .split(separator: "=").last.map(String.init)

        for file in [pem, der] {
            let shown = try CLIHarness.ctl(["sbi", "cert", "--file", file])
            #expect(shown.status == 0, "\(shown)")
            #expect(shown.stdout.contains("serial:       \(serial)"), "\(shown)")
            #expect(shown.stdout.contains("SHA-256:      \(fingerprint ?? "?")"), "\(shown)")
            #expect(shown.stdout.contains("(self-signed)") && shown.stdout.contains("RSA 2048 bits") && shown.stdout.contains("(valid now)"))
        }
        // --pem-only is a PEM openssl reads back to the same certificate.
        let pemOnly = try CLIHarness.ctl(["sbi", "cert", "--file", der, "--pem-only"])
        let roundTrip = directory.appendingPathComponent("round-trip.pem").path
        try pemOnly.stdout.write(toFile: roundTrip, atomically: true, encoding: .utf8)
        let again = try ExternalTool.run(openssl, ["x509", "-in", roundTrip, "-noout", "-serial", "-fingerprint", "-sha256"])
        #expect(again.status == 0 && again.output == details, "\(again.output)")

        let missing = try CLIHarness.ctl(["sbi", "cert", "--file", directory.appendingPathComponent("absent.pem").path])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read"), "\(missing)")
    }

    @Test func aPortWithoutAServiceIsUnreachableAndBadValuesAreUsageErrors() throws {
        let port = try Self.closedPort()
        let discover = try CLIHarness.ctl(["sbi", "discover", "--port", "\(port)"], timeout: 60)
        #expect(discover.status == 3, "\(discover)")
        #expect(discover.stderr.contains("no SBI service answers on 127.0.0.1:\(port)"), "\(discover)")
        let info = try CLIHarness.ctl(["sbi", "info", "--port", "\(port)"], timeout: 60)
        #expect(info.status == 3, "\(info)")

        let usages: [[String]] = [
            ["sbi", "capture", "--type", "Finger", "--sub-id", "1", "--count", "4", "--previous-hash", "abc", "--out", "/tmp/x"],
            ["sbi", "capture", "--type", "FINGER", "--sub-id", "1", "--count", "4", "--out", "/tmp/x"],
            ["sbi", "capture", "--type", "Finger", "--sub-id", "1", "--count", "4", "--transaction-id", "a_b", "--out", "/tmp/x"],
            ["sbi", "capture", "--type", "Finger", "--sub-id", "1", "--count", "4", "--score", "101", "--out", "/tmp/x"],
            ["sbi", "discover", "--port", "4501", "--scan"],
            ["sbi", "discover", "--type", "finger"],
        ]
        for arguments in usages {
            let result = try CLIHarness.ctl(arguments, timeout: 60)
            #expect(result.status == 2, "\(arguments.joined(separator: " ")): \(result)")
        }
    }

    /// A loopback port nobody listens on: the kernel picks a free one, which is closed again at once.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

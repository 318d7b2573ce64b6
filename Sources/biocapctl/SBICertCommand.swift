import ArgumentParser
import BiocapSBIProtocol
import Foundation

/// `biocapctl sbi cert [--port N | --file PATH] [--pem-only]`: the device certificate an SBI service signs with (the
/// first deviceInfo's `x5c[0]`), or a certificate file, as PEM with its names, serial, validity and fingerprint.
struct SBICertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cert", abstract: "Print the SBI device certificate (from MOSIPDINFO's x5c, or a file) as PEM with its details.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var sbi: SBIOptions

    @Option(help: ArgumentHelp("Read this certificate file (PEM or DER) instead of asking the service.", valueName: "PATH"))
    var file: String?

    @Flag(help: "Print only the PEM.")
    var pemOnly = false

    func run() async throws {
        let summary = try await certificate()
        if pemOnly { return Console.out(bytes: Array(summary.pem.utf8)) }
        if options.json { return Console.out(bytes: try SBIOutput.json(summary)) }
        let now = SBITimestamp.string(Date())
        let state = now < summary.notValidBefore ? "NOT YET VALID" : (now > summary.notValidAfter ? "EXPIRED" : "valid now")
        Console.out("""
            subject:      \(summary.subject)
            issuer:       \(summary.issuer)\(summary.selfSigned ? " (self-signed)" : "")
            serial:       \(summary.serialNumber)
            valid from:   \(summary.notValidBefore)
            valid until:  \(summary.notValidAfter) (\(state))
            key:          \(summary.key)
            SHA-256:      \(summary.sha256Fingerprint)
            """)
        Console.out(bytes: Array(summary.pem.utf8))
    }

    private func certificate() async throws -> SBICertificateSummary {
        if let file {
            guard let bytes = FileManager.default.contents(atPath: file) else {
                throw CLIError(.failed, "cannot read \(file)")
            }
            do { return try SBICertificateSummary(certificateFile: Array(bytes)) } catch {
                throw CLIError(.failed, "\(file): \(error.description)")
            }
        }
        let port = sbi.port
        let entries = try await SBIClient.run { try await $0.deviceInfo(port: port) }
        guard let signed = entries.compactMap(\.deviceInfo).first(where: { !$0.isEmpty }) else {
            throw CLIError(.failed, "the MOSIPDINFO answer from 127.0.0.1:\(port) has no deviceInfo")
        }
        do { return try SBICertificateSummary(x5cOf: signed) } catch {
            throw CLIError(.failed, "the first deviceInfo from 127.0.0.1:\(port): \(error.description)")
        }
    }
}

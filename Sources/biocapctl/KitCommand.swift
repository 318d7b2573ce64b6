import ArgumentParser
import BiocapAPI

/// `biocapctl kit`: the kit's identity (id, key fingerprints); `kit public-key` prints the signing key as PEM.
struct KitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kit", abstract: "Show the kit's id and key fingerprints.", subcommands: [KitShowCommand.self, KitPublicKeyCommand.self, KitRotateCommand.self],
        defaultSubcommand: KitShowCommand.self)
}

/// `biocapctl kit show` (the default).
struct KitShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the kit's id and key fingerprints.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/kit") }
        if options.json { return Console.out(bytes: bytes) }
        let kit = try APIJSON.decoder.decodeDocument(KitInfo.self, bytes)
        Console.out("""
            kit \(kit.kitID)
            signing key (Ed25519) SHA-256:        \(kit.signingKeySHA256)
            key-agreement key (X25519) SHA-256:   \(kit.agreementKeySHA256)
            """)
    }
}

/// `biocapctl kit public-key`: the signing public key as PEM, for `openssl pkeyutl -verify -pubin -inkey`.
struct KitPublicKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "public-key", abstract: "Print the kit's signing public key (PEM).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.get("/v1/kit") }
        let kit = try APIJSON.decoder.decodeDocument(KitInfo.self, bytes)
        Console.out(bytes: Array(kit.signingPublicKeyPEM.utf8))
    }
}

/// `biocapctl kit rotate-key`: new keys; undelivered packets' data keys are re-wrapped in one transaction and the
/// old signing key kept so its signatures still verify.
struct KitRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rotate-key", abstract: "Replace the kit's keys (undelivered packets are re-wrapped).")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/kit/rotate") }
        if options.json { return Console.out(bytes: bytes) }
        let kit = try APIJSON.decoder.decodeDocument(KitInfo.self, bytes)
        Console.out("rotated: signing key (Ed25519) SHA-256 \(kit.signingKeySHA256); \(kit.retiredSigningKeysPEM?.count ?? 0) retired key(s) kept")
    }
}

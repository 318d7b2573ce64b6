import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl signature clear ID`: throws away what was written and lets the signer start over.
struct SignatureClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear", abstract: "Throw away what was written in a running signature capture and start over.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The capture id.")
    var capture: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { client in
            try await client.post("/v1/captures/\(PathComponent.escape(capture))/clear")
        }
        if options.json { return Console.out(bytes: bytes) }
        let info = try APIJSON.decoder.decodeDocument(CaptureInfo.self, bytes)
        Console.out("capture \(info.id) cleared: sign again (\(info.state.rawValue))")
    }
}

import ArgumentParser
import BiocapAPI
import Foundation

/// `biocapctl signature finish ID`: ends a running signature capture now, keeping what was written.
struct SignatureFinishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish", abstract: "End a running signature capture now, keeping what was written.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The capture id.")
    var capture: String

    func run() async throws {
        let bytes = try await DaemonClient.run(options) { client in
            try await client.post("/v1/captures/\(PathComponent.escape(capture))/finish")
        }
        if options.json { return Console.out(bytes: bytes) }
        let info = try APIJSON.decoder.decodeDocument(CaptureInfo.self, bytes)
        CaptureCommand.printResult(info)
        if let error = info.error { throw CLIError(.failed, "\(error.message) (\(error.code))") }
    }
}

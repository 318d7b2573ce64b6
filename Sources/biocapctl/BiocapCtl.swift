import ArgumentParser
import BiocapAPI
import BiocapCore
import Foundation

/// `biocapctl`: the technician's command line for `biocapd` (devices, diagnostics, test captures,
/// previews, offline quality scoring and the enrolment queue).
///
/// Exit codes: 0 ok, 1 operation failed, 2 usage, 3 daemon unreachable, 4 forbidden, 130 interrupted.
@main
struct BiocapCtl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biocapctl",
        abstract: "Technician tool for the biocap daemon: devices, diagnostics, test captures and the enrolment queue.",
        discussion: """
            Talks to biocapd on its Unix socket (--socket, $BIOCAP_SOCKET, or the daemon's default). \
            --json prints the API's JSON document instead of a table. Both may come before or after the command \
            (biocapctl --socket S devices, biocapctl devices --socket S), and every command accepts them.
            Exit codes: 0 ok, 1 operation failed, 2 usage, 3 daemon unreachable, 4 forbidden, 130 interrupted.
            """,
        version: BiocapVersion.current,
        subcommands: [
            HealthCommand.self, DevicesCommand.self, InfoCommand.self, DiagCommand.self, CaptureCommand.self,
            PreviewCommand.self, QualityCommand.self, SegmentCommand.self, QueueCommand.self, PacketCommand.self, KitCommand.self, AuditCommand.self, UplinkCommand.self, USBCommand.self,
            SignatureCommand.self,
            HIDCommand.self, ConvertCommand.self, RecordCommand.self, SBICommand.self,
        ])

    /// Runs the command line and exits with the CLI's own codes (ArgumentParser's usage errors become 2).
    static func main() async {
        let status = await runCommandLine(Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(status)
    }

    /// Parses and runs `arguments`, reporting errors on standard error; returns the exit status.
    static func runCommandLine(_ arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(GlobalOptions.movingLeadingOptions(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.ok.rawValue
        } catch let error as CLIError {
            Console.err("error: \(error.message)")
            for hint in error.hints { Console.err(hint) }
            return error.status.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console.err(fullMessage(for: error))
                return ExitStatus.usage.rawValue
            }
            exit(withError: error)
        }
    }
}

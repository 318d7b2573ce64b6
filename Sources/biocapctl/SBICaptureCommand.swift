import ArgumentParser
import BiocapSBIProtocol
import Foundation
import NIOCore

/// `biocapctl sbi capture`: one RCAPTURE as MOSIP's clients send it (numbers as strings), every entry verified
/// (`SBICaptureVerifier`: signatures, echo, formats, the hash chain), the ISO records written to `--out`.
struct SBICaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture through an SBI service (RCAPTURE), verify every entry and write the ISO records.",
        discussion: """
            Writes DIR/<position>.iso for each record (spaces removed: LeftIndexFinger.iso, Face.iso), \
            DIR/capture.json (the verdicts) and DIR/response.json (the answer as received). Prints the last hash: \
            pass it as --previous-hash to the next capture to continue the chain.
            """)

    @OptionGroup var options: GlobalOptions
    @OptionGroup var sbi: SBIOptions

    @Option(help: ArgumentHelp("Finger, Iris or Face.", valueName: "TYPE"))
    var type: String

    @Option(name: .customLong("sub-id"), help: ArgumentHelp(
        "deviceSubId: Finger 1 left slap, 2 right slap, 3 thumbs; Iris 1 left, 2 right, 3 both; Face 0.", valueName: "ID"))
    var subID: String

    @Option(help: "How many positions to capture, not counting the exceptions.")
    var count: Int

    @Option(help: ArgumentHelp("A position that will not be presented ('Left IndexFinger', 'Right Thumb', iris 'Left'). Repeatable.",
                               valueName: "POSITION"))
    var exception: [String] = []

    @Option(name: .customLong("bio-sub-type"), help: ArgumentHelp("A position wanted (default: all of the sub-id's). Repeatable.",
                                                                   valueName: "POSITION"))
    var bioSubType: [String] = []

    @Option(help: "requestedScore, 0-100.")
    var score = "40"

    @Option(help: "The capture's timeout in milliseconds.")
    var timeout = 10_000

    @Option(name: .customLong("device-id"), help: ArgumentHelp("deviceId (default: the first device of --type discovered with --sub-id).",
                                                                valueName: "ID"))
    var deviceID: String?

    @Option(name: .customLong("previous-hash"), help: ArgumentHelp(
        "The last hash of the previous capture (64 hex digits); default: a new chain from SHA-256(\"\").", valueName: "HEX"))
    var previousHash: String?

    @Option(help: "env: Staging, Developer, Pre-Production or Production.")
    var env = "Developer"

    @Option(name: .customLong("transaction-id"), help: ArgumentHelp("4-50 of A-Z a-z 0-9 - (default: a random UUID).", valueName: "ID"))
    var transactionID: String?

    @Option(help: ArgumentHelp("Directory for the records, capture.json and response.json.", valueName: "DIR"))
    var out: String

    mutating func validate() throws {
        guard ["Finger", "Iris", "Face"].contains(type) else { throw ValidationError("--type must be Finger, Iris or Face") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard timeout >= 1 else { throw ValidationError("--timeout is in milliseconds and must be positive") }
        guard SBIFieldFormat.isScore(score) else { throw ValidationError("--score must be 0-100") }
        guard SBIConstants.environments.contains(env) else {
            throw ValidationError("--env must be one of \(SBIConstants.environments.joined(separator: ", "))")
        }
        if let transactionID, !SBICaptureRequest.isValidTransactionID(transactionID) {
            throw ValidationError("--transaction-id must be 4-50 characters of A-Z a-z 0-9 -")
        }
        if let previousHash, SBIHashChain.bytes(hex: previousHash)?.count != 32 {
            throw ValidationError("--previous-hash must be 64 hexadecimal digits (a SHA-256)")
        }
    }

    func run() async throws {
        let port = sbi.port
        let deviceID: String
        if let given = self.deviceID {
            deviceID = given
        } else {
            deviceID = try await SBIClient.run { try await discoverDevice($0, port: port) }
        }
        let request = makeRequest(deviceID: deviceID)
        let waitLimit = TimeAmount.milliseconds(Int64(timeout)) + .seconds(30)
        let body = try await SBIClient.run { try await $0.capture(port: port, request: request, timeout: waitLimit) }
        let verifier = SBICaptureVerifier(request: request, previousHash: previousHash)
        let report = verifier.verify(responseBody: body, now: Date())
        let written = try SBICaptureFiles(directory: out).write(report: report, request: request, port: port,
                                                                 previousHash: previousHash, response: body)
        if options.json {
            Console.out(bytes: try SBIOutput.json(written))
        } else {
            show(report, files: written)
        }
        if report.isVerified { return }
        if report.hasDeviceError, report.problems.isEmpty, report.entries.allSatisfy({ $0.verdict != .failed }) {
            let errors = report.entries.compactMap(\.error).filter { !$0.isSuccess }
            throw CLIError(.failed, "the device reported " + errors.map { "error \($0.errorCode) (\($0.errorInfo))" }.joined(separator: ", "))
        }
        let count = report.problems.count + report.entries.reduce(0) { $0 + $1.problems.count }
        throw CLIError(.failed, "the RCAPTURE answer failed verification: \(count) problem(s), listed above")
    }

    /// The request exactly as MOSIP's clients shape it: every number a string, `previousHash` the lowercase hex of
    /// SHA-256("") on a new chain (what MOSIP's compliance toolkit sends).
    private func makeRequest(deviceID: String) -> SBICaptureRequest {
        let bio = SBICaptureRequest.Bio(
            type: type, count: String(count), bioSubType: bioSubType, exception: exception, requestedScore: score,
            deviceId: deviceID, deviceSubId: subID, previousHash: previousHash ?? SBIHashChain.hex(SBIHashChain.start).lowercased())
        return SBICaptureRequest(
            env: env, purpose: SBIConstants.purpose, specVersion: SBIConstants.specVersion, timeout: String(timeout),
            captureTime: SBITimestamp.string(Date()), transactionId: transactionID ?? UUID().uuidString, bio: [bio])
    }

    /// The first device of `--type` that offers `--sub-id`, a Ready one if there is one.
    private func discoverDevice(_ client: SBIClient, port: Int) async throws -> String {
        let entries = try await client.discover(port: port, type: type).filter(\.isDevice)
        let candidates = entries.filter { ($0.deviceSubId ?? []).contains(subID) && ($0.decodedDigitalID?.type ?? type) == type }
        guard let chosen = candidates.first(where: { $0.deviceStatus == "Ready" }) ?? candidates.first, let id = chosen.deviceId else {
            let seen = entries.map { "\($0.deviceId ?? "?") (\($0.decodedDigitalID?.type ?? "?"), sub-ids \(($0.deviceSubId ?? []).joined(separator: ",")))" }
            throw CLIError(.failed, "no \(type) device with sub-id \(subID) on 127.0.0.1:\(port)"
                                    + (seen.isEmpty ? "" : "; found: " + seen.joined(separator: "; ")),
                           hints: ["Give the device with --device-id, or check it with 'biocapctl sbi discover --port \(port)'."])
        }
        return id
    }

    private func show(_ report: SBICaptureReport, files: SBICaptureFiles.Summary) {
        var table = Table(["#", "POSITION", "QUALITY", "RECORD", "FILE", "VERDICT"])
        for (entry, file) in zip(report.entries, files.entries) {
            let verdict: String = switch entry.verdict {
            case .verified: "verified"
            case .deviceError: "error \(entry.error?.errorCode ?? "?"): \(entry.error?.errorInfo ?? "")"
            case .failed: "FAILED"
            }
            table.add(["\(entry.index + 1)", entry.verdict == .deviceError ? "-" : entry.position, entry.data?.qualityScore ?? "-",
                       entry.record.map { Format.bytes($0.count) } ?? "-", file.file ?? "-", verdict])
        }
        Console.out("transaction \(files.transactionId)  device \(files.deviceId)  sub-id \(files.deviceSubId)")
        Console.out(table.render())
        for entry in report.entries {
            for problem in entry.problems { Console.out("entry \(entry.index + 1) (\(entry.position)): \(problem)") }
        }
        for problem in report.problems { Console.out("answer: \(problem)") }
        if let last = report.lastHash {
            Console.out("last hash: \(last)")
        } else if report.entries.allSatisfy({ $0.verdict == .deviceError }), report.problems.isEmpty {
            Console.out("last hash: none (no record captured; the next capture continues from the same previous hash)")
        } else {
            Console.out("last hash: none (the chain did not verify; do not continue from this capture)")
        }
        Console.out("written to \(files.directory)")
    }
}

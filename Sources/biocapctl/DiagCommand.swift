import ArgumentParser
import BiocapAPI
import BiocapCore

/// `biocapctl diag DEVICE`: runs the device's self-test; exits 1 when any check fails.
struct DiagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diag", abstract: "Run a device's self-test (exit 1 when a check fails).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "Device id (with --direct: usb:VID:PID[@PORT]).")
    var deviceArgument: String?

    @Option(name: .customLong("device"), help: "The device, as an alternative to the argument.")
    var deviceOption: String?

    var device: String { deviceArgument ?? deviceOption ?? "" }

    func validate() throws {
        guard (deviceArgument == nil) != (deviceOption == nil) else { throw ValidationError("name one device (argument or --device)") }
    }

    @Flag(help: "Open the USB device directly through its driver, without the daemon.")
    var direct = false

    @Option(help: "With --direct on a camera: stream this mode, FORMAT:WIDTHxHEIGHT (e.g. yuy2:640x480).")
    var mode: String?

    func run() async throws {
        if direct { return try await DirectCapture.diagnose(selector: device, mode: mode, json: options.json) }
        let bytes = try await DaemonClient.run(options) { try await $0.post("/v1/devices/\(PathComponent.escape(device))/selftest") }
        let result = try APIJSON.decoder.decodeDocument(SelfTestResult.self, bytes)
        if options.json {
            Console.out(bytes: bytes)
        } else {
            var table = Table(["CHECK", "RESULT", "DETAIL"])
            for check in result.report.checks { table.add([check.name, check.passed ? "pass" : "FAIL", check.detail]) }
            Console.out(table.render())
            let failed = result.report.checks.filter { !$0.passed }.count
            Console.out(result.passed ? "\(device): all \(result.report.checks.count) checks passed"
                                      : "\(device): \(failed) of \(result.report.checks.count) checks FAILED")
        }
        if !result.passed { throw CLIError(.failed, "self-test of \(device) failed") }
    }
}

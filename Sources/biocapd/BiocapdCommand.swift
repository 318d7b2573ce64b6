import ArgumentParser
import BiocapCore
import BiocapServer
import Foundation

/// `biocapd`: the capture daemon. Flags override the optional JSON config file, which overrides defaults;
/// both are validated by `DaemonConfiguration`, and a bad value is a startup error naming the flag or key.
@main
struct BiocapdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "biocapd",
        abstract: "Drives fingerprint, iris and face devices and serves enrolment apps on a local Unix socket.",
        version: BiocapVersion.current)

    @Option(help: "Unix socket to listen on (default: $RUNTIME_DIRECTORY/biocapd.sock, else $XDG_RUNTIME_DIR/biocap/biocapd.sock).")
    var socket: String?

    @Option(name: .customLong("state-dir"), help: "Directory for the enrolment queue (default: $STATE_DIRECTORY, else ~/.local/state/biocap).")
    var stateDirectory: String?

    @Option(help: "Simulated devices: 'kit' (finger, iris, face) or a comma-separated list of finger, iris, face, uvc-face, uvc-iris.")
    var simulate: [String] = []

    @Option(help: "Scenario of a simulated device, KIND=SCENARIO (e.g. finger=dry). Repeatable.")
    var scenario: [String] = []

    @Option(help: "Seed of the simulated devices.")
    var seed: UInt64?

    @Option(name: .customLong("time-scale"), help: "Simulated time factor, 0–100: 1 is real time, 0.1 runs ten times faster.")
    var timeScale: Double?

    @Option(help: "Group whose members may use the socket besides root and the daemon's user (default biocap; empty: none).")
    var group: String?

    @Option(name: .customLong("kit-id"), help: "This kit's id, written into every packet (default: host name).")
    var kitID: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Option(name: .customLong("max-attempts"), help: "Failed deliveries before a packet is set aside as dead (1–1000, default 5).")
    var maxAttempts: Int?

    @Option(name: .customLong("idle-timeout"), help: "Seconds before an idle connection, or one slow to send its request, is closed (0.1–3600, default 30).")
    var idleTimeout: Double?

    @Flag(inversion: .prefixedNo, help: "Drive real USB devices through libusb with hotplug (default on).")
    var usb: Bool?

    @Option(name: .customLong("camera"), help: "Use a UVC camera as a modality, VID:PID=face|iris (e.g. an NIR iris camera). Repeatable.")
    var cameras: [String] = []

    @Option(help: "JSON config file: an object with any of the keys socketPath, stateDirectory, simulate, scenarios, seed, timeScale, group, kitID, logLevel, maxAttempts, usb, cameras, idleTimeout.")
    var config: String?

    /// The flags as one settings layer: an unset flag is absent, so the file's value shows through.
    var flags: DaemonSettings {
        DaemonSettings(
            socketPath: socket, stateDirectory: stateDirectory, simulate: simulate.isEmpty ? nil : simulate,
            scenarios: scenario.isEmpty ? nil : scenario, seed: seed, timeScale: timeScale, group: group, kitID: kitID,
            logLevel: logLevel, maxAttempts: maxAttempts, usb: usb, cameras: cameras.isEmpty ? nil : cameras,
            idleTimeout: idleTimeout)
    }

    func run() async throws {
        let settings: DaemonConfiguration
        do {
            let file = try config.map { path throws(ConfigurationError) in (try DaemonSettings.load(path: path), path) }
            settings = try DaemonConfiguration(flags: flags, file: file)
        } catch {
            throw ValidationError(error.description)
        }
        do {
            try await Daemon(configuration: settings).run()
        } catch let error as BiocapError {
            throw ValidationError(error.description)
        }
    }
}

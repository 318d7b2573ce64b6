import ArgumentParser
import BiocapCore
import BiocapServer
import Foundation

/// `biocapd`: the capture daemon. Flags override the optional JSON config file, which overrides defaults.
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

    @Option(help: "Simulated devices: 'kit' (finger, iris, face) or a comma-separated list of finger, iris, face.")
    var simulate: [String] = []

    @Option(help: "Scenario of a simulated device, KIND=SCENARIO (e.g. finger=dry). Repeatable.")
    var scenario: [String] = []

    @Option(help: "Seed of the simulated devices.")
    var seed: UInt64?

    @Option(name: .customLong("time-scale"), help: "Simulated time factor: 1 is real time, 0.1 runs ten times faster.")
    var timeScale: Double?

    @Option(help: "Group whose members may use the socket besides root and the daemon's user.")
    var group: String?

    @Option(name: .customLong("kit-id"), help: "This kit's id, written into every packet (default: host name).")
    var kitID: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    @Flag(inversion: .prefixedNo, help: "Drive real USB devices through libusb with hotplug (default on).")
    var usb: Bool?

    @Option(name: .customLong("camera"), help: "Use a UVC camera as a modality, VID:PID=face|iris (e.g. an NIR iris camera). Repeatable.")
    var cameras: [String] = []

    @Option(help: "JSON config file with the same settings (keys as in DaemonConfiguration).")
    var config: String?

    func run() async throws {
        var settings = DaemonConfiguration(
            socketPath: DaemonConfiguration.defaultSocketPath(), stateDirectory: DaemonConfiguration.defaultStateDirectory())
        if let config {
            do {
                settings = try ConfigFile.load(config, over: settings)
            } catch {
                throw ValidationError("config file \(config): \(error)")
            }
        }
        if let socket { settings.socketPath = socket }
        if let stateDirectory { settings.stateDirectory = stateDirectory }
        if !simulate.isEmpty { settings.simulate = simulate }
        if !scenario.isEmpty { settings.scenarios = scenario }
        if let seed { settings.seed = seed }
        if let timeScale {
            guard timeScale >= 0, timeScale <= 100 else { throw ValidationError("--time-scale must be 0–100") }
            settings.timeScale = timeScale
        }
        if let group { settings.group = group.isEmpty ? nil : group }
        if let kitID { settings.kitID = kitID }
        if let logLevel { settings.logLevel = logLevel }
        if let usb { settings.usb = usb }
        if !cameras.isEmpty { settings.cameras = cameras }
        do {
            try await Daemon(configuration: settings).run()
        } catch let error as BiocapError {
            throw ValidationError(error.description)
        }
    }
}

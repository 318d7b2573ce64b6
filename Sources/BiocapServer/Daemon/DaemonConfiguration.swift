import BiocapAPI
import Foundation
import Logging

/// Everything `biocapd` needs to start, from flags, an optional JSON config file and the environment.
public struct DaemonConfiguration: Sendable, Codable, Hashable {
    public var socketPath: String
    public var stateDirectory: String
    /// Simulated devices (`kit`, or driver names), e.g. `["kit"]`.
    public var simulate: [String]
    /// `KIND=SCENARIO` pairs, e.g. `finger=dry`.
    public var scenarios: [String]
    public var seed: UInt64
    /// 1 = simulators run in real time; smaller is faster (tests, demos).
    public var timeScale: Double
    /// Group admitted to the socket besides root and the daemon's user.
    public var group: String?
    public var kitID: String
    public var logLevel: String
    /// Failed deliveries before a packet is set aside as dead.
    public var maxAttempts: Int
    /// UVC cameras used as a modality, `VID:PID=face|iris` (e.g. a near-infrared iris camera);
    /// other UVC cameras are known by VID:PID or used as face cameras.
    public var cameras: [String]
    /// Drive real USB devices (libusb, hotplug). Off only for tests and demos that want simulators alone.
    public var usb: Bool

    public init(
        socketPath: String, stateDirectory: String, simulate: [String] = [], scenarios: [String] = [], seed: UInt64 = 1,
        timeScale: Double = 1, group: String? = "biocap", kitID: String = DaemonConfiguration.hostName(),
        logLevel: String = "info", maxAttempts: Int = 5, usb: Bool = true, cameras: [String] = []
    ) {
        self.socketPath = socketPath
        self.stateDirectory = stateDirectory
        self.simulate = simulate
        self.scenarios = scenarios
        self.seed = seed
        self.timeScale = timeScale
        self.group = group
        self.kitID = kitID
        self.logLevel = logLevel
        self.maxAttempts = maxAttempts
        self.usb = usb
        self.cameras = cameras
    }

    /// The queue database inside the state directory.
    public var queuePath: String { (stateDirectory as NSString).appendingPathComponent("queue.sqlite3") }

    public var parsedLogLevel: Logger.Level { Logger.Level(rawValue: logLevel) ?? .info }

    /// `SocketAddress.defaultPath`: the one rule the daemon and its clients share.
    public static func defaultSocketPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        SocketAddress.defaultPath(environment: environment)
    }

    /// `$STATE_DIRECTORY` under systemd, else `$XDG_STATE_HOME/biocap`, else `~/.local/state/biocap`.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = firstPath(environment["STATE_DIRECTORY"]) { return state }
        if let xdg = firstPath(environment["XDG_STATE_HOME"]) { return xdg + "/biocap" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/biocap"
    }

    public static func hostName() -> String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "kit"
    }

    private static func firstPath(_ value: String?) -> String? { SocketAddress.firstPath(value) }
}

import BiocapAPI
import BiocapCore
import BiocapHandoff
import BiocapRecords
import BiocapUVC
import Foundation
import Logging

/// Everything `biocapd` needs to start, validated once: built from the flags over an optional config file
/// over the defaults (`init(flags:file:environment:)`), where a bad value in either layer is an error
/// naming the flag or the file's key.
public struct DaemonConfiguration: Sendable, Hashable {
    public var socketPath: String
    public var stateDirectory: String
    /// The simulated devices to run (empty: none).
    public var simulation: SimulationPlan
    /// Group admitted to the socket besides root and the daemon's user.
    public var group: String?
    public var kitID: String
    public var logLevel: Logger.Level
    /// Failed deliveries before a packet is set aside as dead.
    public var maxAttempts: Int
    /// UVC cameras used as a modality (e.g. a near-infrared iris camera); other UVC cameras are known by
    /// VID:PID or used as face cameras.
    public var cameraProfiles: [USBID: UVCProfile]
    /// Drive real USB devices (libusb, hotplug). Off only for tests and demos that want simulators alone.
    public var usb: Bool
    /// How long a connection may sit idle, or take to send a request, before it is closed (streaming
    /// answers such as capture events and previews are not cut: the caller is then waiting, not sending).
    public var idleTimeout: Duration
    /// Connections served at once; the next one is refused with 503 `too-many-connections`. Kept below the
    /// process's file-descriptor limit, so the daemon never runs out of descriptors for its queue and devices.
    public var maxConnections: Int
    /// Bytes of images and records that finished captures not yet in a packet may hold together.
    public var captureMemoryBytes: Int
    /// How long a finished capture keeps its images and records waiting to be packed.
    public var captureExpiry: Duration
    /// How finger records store their images (JPEG 2000 lossless unless set otherwise).
    public var fingerCompression: RecordCompression
    /// How iris records store their images (JPEG 2000 lossless unless set otherwise).
    public var irisCompression: RecordCompression
    /// Delivery to the centre's store (checked at startup: its files exist, its key is an X25519 public key); nil = off.
    public var uplink: UplinkSettings?
    /// The folder the uplink's relative file names are resolved against.
    public var uplinkDirectory: String
    /// The MOSIP SBI 0.9.5 device service on 127.0.0.1; nil = off.
    public var sbi: SBIConfiguration?

    /// The longest Unix socket path the kernel takes (`sun_path` is 108 bytes with its terminating NUL).
    static let maximumSocketPathLength = 107

    /// Validates `flags` over `file` over the defaults.
    /// - Parameters:
    ///   - file: the config file's settings and its path, if one was given.
    /// - Throws: `ConfigurationError` naming the first bad setting as it was written (`--time-scale`, or
    ///   `timeScale in FILE`).
    public init(
        flags: DaemonSettings, file: (settings: DaemonSettings, path: String)? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) {
        let merged = (file?.settings ?? DaemonSettings()).overridden(by: flags)
        func name(_ key: DaemonSettings.Key) -> String {
            let fromFlags: Bool = switch key {
            case .socketPath: flags.socketPath != nil
            case .stateDirectory: flags.stateDirectory != nil
            case .simulate: flags.simulate != nil
            case .scenarios: flags.scenarios != nil
            case .seed: flags.seed != nil
            case .timeScale: flags.timeScale != nil
            case .group: flags.group != nil
            case .kitID: flags.kitID != nil
            case .logLevel: flags.logLevel != nil
            case .maxAttempts: flags.maxAttempts != nil
            case .usb: flags.usb != nil
            case .cameras: flags.cameras != nil
            case .idleTimeout: flags.idleTimeout != nil
            case .maxConnections: flags.maxConnections != nil
            case .captureMemory: flags.captureMemory != nil
            case .captureExpiry: flags.captureExpiry != nil
            case .fingerCompression: flags.fingerCompression != nil
            case .fingerCompressionRate: flags.fingerCompressionRate != nil
            case .irisCompression: flags.irisCompression != nil
            case .irisCompressionRate: flags.irisCompressionRate != nil
            case .uplink: flags.uplink != nil
            case .sbi: flags.sbi != nil
            case .sbiPort: flags.sbiPort != nil
            case .sbiEnv: flags.sbiEnv != nil
            case .sbiKeyFile: flags.sbiKeyFile != nil
            case .sbiCertificateFile: flags.sbiCertificateFile != nil
            }
            guard !fromFlags, let path = file?.path else { return key.flag }
            return "\(key.rawValue) in \(path)"
        }
        func fail(_ key: DaemonSettings.Key, _ reason: String) -> ConfigurationError {
            ConfigurationError(setting: name(key), reason: reason)
        }

        socketPath = merged.socketPath ?? Self.defaultSocketPath(environment: environment)
        guard !socketPath.isEmpty, socketPath.utf8.count <= Self.maximumSocketPathLength else {
            throw fail(.socketPath, "must be a path of 1–\(Self.maximumSocketPathLength) bytes")
        }
        stateDirectory = merged.stateDirectory ?? Self.defaultStateDirectory(environment: environment)
        guard !stateDirectory.isEmpty else { throw fail(.stateDirectory, "must not be empty") }

        let timeScale = merged.timeScale ?? 1
        guard timeScale.isFinite, (0...100).contains(timeScale) else { throw fail(.timeScale, "must be 0–100 (got \(timeScale))") }
        do {
            simulation = try SimulationPlan(simulate: merged.simulate ?? [], scenarios: merged.scenarios ?? [],
                                            seed: merged.seed ?? 1, timeScale: timeScale)
        } catch {
            if case .invalidRequest(let field, let reason) = error {
                throw fail(field == "--scenario" ? .scenarios : .simulate, reason)
            }
            throw fail(.simulate, error.description)
        }

        let group = merged.group ?? "biocap"
        self.group = group.isEmpty ? nil : group
        kitID = merged.kitID ?? Self.hostName()
        guard (1...128).contains(kitID.count), kitID.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
            throw fail(.kitID, "must be 1–128 printable ASCII characters without spaces")
        }
        let level = merged.logLevel ?? "info"
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw fail(.logLevel, "'\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = parsed
        maxAttempts = merged.maxAttempts ?? 5
        guard (1...1000).contains(maxAttempts) else { throw fail(.maxAttempts, "must be 1–1000") }
        usb = merged.usb ?? true
        let idle = merged.idleTimeout ?? 30
        guard idle.isFinite, (0.1...3600).contains(idle) else { throw fail(.idleTimeout, "must be 0.1–3600 seconds (got \(idle))") }
        idleTimeout = .milliseconds(Int64(idle * 1000))
        let connections = merged.maxConnections ?? 128
        guard (1...100_000).contains(connections) else { throw fail(.maxConnections, "must be 1–100000 (got \(connections))") }
        maxConnections = min(connections, Self.connectionsTheDescriptorLimitAllows())
        let memory = merged.captureMemory ?? 64
        guard (1...4096).contains(memory) else { throw fail(.captureMemory, "must be 1–4096 MiB (got \(memory))") }
        captureMemoryBytes = memory << 20
        let expiry = merged.captureExpiry ?? 900
        guard expiry.isFinite, (10...86_400).contains(expiry) else { throw fail(.captureExpiry, "must be 10–86400 seconds (got \(expiry))") }
        captureExpiry = .milliseconds(Int64(expiry * 1000))
        func compression(_ name: String?, _ rate: Double?, _ nameKey: DaemonSettings.Key, _ rateKey: DaemonSettings.Key)
            throws(ConfigurationError) -> RecordCompression {
            let name = name ?? "jpeg2000-lossless"
            do { return try RecordCompression(name: name, bitsPerPixel: rate) } catch {
                throw fail(rate != nil && RecordCompression.names.contains(name) ? rateKey : nameKey, error.description)
            }
        }
        fingerCompression = try compression(merged.fingerCompression, merged.fingerCompressionRate, .fingerCompression, .fingerCompressionRate)
        irisCompression = try compression(merged.irisCompression, merged.irisCompressionRate, .irisCompression, .irisCompressionRate)
        if case .wsq = irisCompression { throw fail(.irisCompression, "WSQ is for fingerprints; use none, jpeg2000-lossless or jpeg2000") }
        uplink = merged.uplink
        uplinkDirectory = merged.uplinkDirectory ?? FileManager.default.currentDirectoryPath
        if let uplink {
            guard DeliveryLayout.isSafeSegment(kitID) else {
                throw fail(.kitID, "'\(kitID)' cannot name the kit's folder in the centre's store: use letters, digits, '-', '_', '.' (1–128)")
            }
            do { _ = try UplinkConfiguration.resolve(uplink, relativeTo: uplinkDirectory, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"]) } catch {
                throw ConfigurationError(setting: name(.uplink), reason: error.description)
            }
        }
        if merged.sbi ?? (merged.sbiPort != nil) {
            if let port = merged.sbiPort, !(1...65535).contains(port) { throw fail(.sbiPort, "must be 1–65535 (got \(port))") }
            let env = merged.sbiEnv ?? "Developer"
            guard SBIConfiguration.environments.contains(env) else {
                throw fail(.sbiEnv, "'\(env)' is not one of \(SBIConfiguration.environments.joined(separator: ", "))")
            }
            guard (merged.sbiKeyFile == nil) == (merged.sbiCertificateFile == nil) else {
                throw fail(merged.sbiKeyFile == nil ? .sbiKeyFile : .sbiCertificateFile,
                           "a provider's key and certificate chain go together: set both sbiKeyFile and sbiCertificateFile")
            }
            sbi = SBIConfiguration(port: merged.sbiPort, environment: env, keyFile: merged.sbiKeyFile,
                                   certificateFile: merged.sbiCertificateFile)
        } else {
            sbi = nil
        }
        do {
            cameraProfiles = try CameraProfiles.parse(merged.cameras ?? [])
        } catch {
            if case .invalidRequest(_, let reason) = error { throw fail(.cameras, reason) }
            throw fail(.cameras, error.description)
        }
    }

    /// Descriptors kept back from connections for the queue (database, WAL, shared memory), USB devices,
    /// journald and the listening socket.
    static let reservedDescriptors = 64

    /// The soft `RLIMIT_NOFILE` less the reserve (at least 1): past it, accepting would fail with EMFILE.
    public static func connectionsTheDescriptorLimitAllows() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return Int.max }
        return max(1, Int(clamping: limit.rlim_cur) - reservedDescriptors)
    }

    /// The uplink's settings with their files read (nil when there is no uplink).
    public func resolvedUplink(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ConfigurationError) -> UplinkConfiguration? {
        guard let uplink else { return nil }
        do { return try UplinkConfiguration.resolve(uplink, relativeTo: uplinkDirectory, credentialsDirectory: environment["CREDENTIALS_DIRECTORY"]) } catch {
            throw ConfigurationError(setting: "uplink", reason: error.description)
        }
    }

    /// The queue database inside the state directory.
    public var queuePath: String { (stateDirectory as NSString).appendingPathComponent("queue.sqlite3") }

    /// `SocketAddress.defaultPath`: the one rule the daemon and its clients share.
    public static func defaultSocketPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        SocketAddress.defaultPath(environment: environment)
    }

    /// `$STATE_DIRECTORY` under systemd, else `$XDG_STATE_HOME/biocap`, else `~/.local/state/biocap`.
    public static func defaultStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = SocketAddress.firstPath(environment["STATE_DIRECTORY"]) { return state }
        if let xdg = SocketAddress.firstPath(environment["XDG_STATE_HOME"]) { return xdg + "/biocap" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/biocap"
    }

    public static func hostName() -> String {
        ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "kit"
    }
}

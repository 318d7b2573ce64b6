import BiocapHandoff
import Foundation

/// One layer of biocapd's settings as a person writes them: the command line's flags, or a JSON config file
/// with the same keys. Every field is optional (absent = not set in this layer). `DaemonConfiguration`
/// validates the layers once, the same way for both.
public struct DaemonSettings: Sendable, Hashable, Decodable {
    /// The settings, by config-file key, with the flag that sets each.
    public enum Key: String, Sendable, CaseIterable, CodingKey {
        case socketPath, stateDirectory, simulate, scenarios, seed, timeScale, group, kitID, logLevel, maxAttempts, usb, cameras
        case idleTimeout, maxConnections, captureMemory, captureExpiry, fingerCompression, fingerCompressionRate
        case irisCompression, irisCompressionRate, uplink, sbi, sbiPort, sbiEnv, sbiKeyFile, sbiCertificateFile

        /// The command-line flag for this key.
        public var flag: String {
            switch self {
            case .socketPath: "--socket"
            case .stateDirectory: "--state-dir"
            case .simulate: "--simulate"
            case .scenarios: "--scenario"
            case .seed: "--seed"
            case .timeScale: "--time-scale"
            case .group: "--group"
            case .kitID: "--kit-id"
            case .logLevel: "--log-level"
            case .maxAttempts: "--max-attempts"
            case .usb: "--usb/--no-usb"
            case .cameras: "--camera"
            case .idleTimeout: "--idle-timeout"
            case .maxConnections: "--max-connections"
            case .captureMemory: "--capture-memory"
            case .captureExpiry: "--capture-expiry"
            case .fingerCompression: "--finger-compression"
            case .fingerCompressionRate: "--finger-compression-rate"
            case .irisCompression: "--iris-compression"
            case .irisCompressionRate: "--iris-compression-rate"
            case .uplink: "--uplink-config"
            case .sbi: "--sbi"
            case .sbiPort: "--sbi-port"
            case .sbiEnv: "--sbi-env"
            case .sbiKeyFile: "--sbi-key-file"
            case .sbiCertificateFile: "--sbi-certificate-file"
            }
        }
    }

    public var socketPath: String?
    public var stateDirectory: String?
    /// `kit`, or simulated driver names (`finger`, `iris`, `face`, `uvc-face`, `uvc-iris`).
    public var simulate: [String]?
    /// `KIND=SCENARIO`, e.g. `finger=dry`.
    public var scenarios: [String]?
    public var seed: UInt64?
    /// 1 = simulators in real time, 0 = as fast as frames can be made; at most 100.
    public var timeScale: Double?
    /// Group admitted to the socket besides root and the daemon's user; empty = none.
    public var group: String?
    public var kitID: String?
    /// trace, debug, info, notice, warning, error or critical.
    public var logLevel: String?
    /// Failed deliveries before a packet is set aside as dead (1–1000).
    public var maxAttempts: Int?
    public var usb: Bool?
    /// `VID:PID=face|iris`.
    public var cameras: [String]?
    /// Seconds a connection may stay idle, or take to send a request's head and body, before it is closed.
    public var idleTimeout: Double?
    /// Connections served at once; the next one gets 503 (1–100000, at most the file-descriptor limit allows).
    public var maxConnections: Int?
    /// MiB of images and records that finished, not yet packed captures may hold together (1–4096).
    public var captureMemory: Int?
    /// Seconds a finished capture keeps its images and records waiting to be packed (10–86400).
    public var captureExpiry: Double?
    /// How finger records store their images: `none`, `jpeg2000-lossless` or `jpeg2000`.
    public var fingerCompression: String?
    /// Bits per pixel of lossy finger compression (more than 0, below 8; 0.75 when not set).
    public var fingerCompressionRate: Double?
    /// How iris records store their images: `none`, `jpeg2000-lossless` or `jpeg2000`.
    public var irisCompression: String?
    /// Bits per pixel of lossy iris compression (more than 0, below 8; 0.75 when not set).
    public var irisCompressionRate: Double?
    /// Delivery to the centre's S3 store; off when absent.
    public var uplink: UplinkSettings?
    /// The folder the uplink's relative file names are resolved against (the file that held the settings).
    public var uplinkDirectory: String?
    /// Serve MOSIP SBI 0.9.5 on 127.0.0.1 (on when `sbiPort` is set).
    public var sbi: Bool?
    /// The SBI port; the first free one in 4501–4600 when not set.
    public var sbiPort: Int?
    /// The SBI devices' `env`: `Staging`, `Developer` (default), `Pre-Production` or `Production`.
    public var sbiEnv: String?
    /// A device provider's SBI signing key (PEM) and certificate chain (PEM, device certificate first); both or neither.
    public var sbiKeyFile: String?
    public var sbiCertificateFile: String?

    public init(
        socketPath: String? = nil, stateDirectory: String? = nil, simulate: [String]? = nil, scenarios: [String]? = nil,
        seed: UInt64? = nil, timeScale: Double? = nil, group: String? = nil, kitID: String? = nil, logLevel: String? = nil,
        maxAttempts: Int? = nil, usb: Bool? = nil, cameras: [String]? = nil, idleTimeout: Double? = nil,
        maxConnections: Int? = nil, captureMemory: Int? = nil, captureExpiry: Double? = nil,
        fingerCompression: String? = nil, fingerCompressionRate: Double? = nil, irisCompression: String? = nil,
        irisCompressionRate: Double? = nil, uplink: UplinkSettings? = nil,
        uplinkDirectory: String? = nil, sbi: Bool? = nil, sbiPort: Int? = nil, sbiEnv: String? = nil,
        sbiKeyFile: String? = nil, sbiCertificateFile: String? = nil
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
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
        self.captureMemory = captureMemory
        self.captureExpiry = captureExpiry
        self.fingerCompression = fingerCompression
        self.fingerCompressionRate = fingerCompressionRate
        self.irisCompression = irisCompression
        self.irisCompressionRate = irisCompressionRate
        self.uplink = uplink
        self.uplinkDirectory = uplinkDirectory
        self.sbi = sbi
        self.sbiPort = sbiPort
        self.sbiEnv = sbiEnv
        self.sbiKeyFile = sbiKeyFile
        self.sbiCertificateFile = sbiCertificateFile
    }

    /// Decodes a config file's object; an unknown key is an error (a misspelt setting would otherwise be
    /// silently ignored), as is a value of the wrong type (the error names the key).
    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = any.allKeys.first(where: { Key(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [unknown], debugDescription: "unknown setting '\(unknown.stringValue)' (known: \(Key.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }
        let container = try decoder.container(keyedBy: Key.self)
        socketPath = try container.decodeIfPresent(String.self, forKey: .socketPath)
        stateDirectory = try container.decodeIfPresent(String.self, forKey: .stateDirectory)
        simulate = try container.decodeIfPresent([String].self, forKey: .simulate)
        scenarios = try container.decodeIfPresent([String].self, forKey: .scenarios)
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed)
        timeScale = try container.decodeIfPresent(Double.self, forKey: .timeScale)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        kitID = try container.decodeIfPresent(String.self, forKey: .kitID)
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel)
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: .maxAttempts)
        usb = try container.decodeIfPresent(Bool.self, forKey: .usb)
        cameras = try container.decodeIfPresent([String].self, forKey: .cameras)
        idleTimeout = try container.decodeIfPresent(Double.self, forKey: .idleTimeout)
        maxConnections = try container.decodeIfPresent(Int.self, forKey: .maxConnections)
        captureMemory = try container.decodeIfPresent(Int.self, forKey: .captureMemory)
        captureExpiry = try container.decodeIfPresent(Double.self, forKey: .captureExpiry)
        fingerCompression = try container.decodeIfPresent(String.self, forKey: .fingerCompression)
        fingerCompressionRate = try container.decodeIfPresent(Double.self, forKey: .fingerCompressionRate)
        irisCompression = try container.decodeIfPresent(String.self, forKey: .irisCompression)
        irisCompressionRate = try container.decodeIfPresent(Double.self, forKey: .irisCompressionRate)
        uplink = try container.decodeIfPresent(UplinkSettings.self, forKey: .uplink)
        sbi = try container.decodeIfPresent(Bool.self, forKey: .sbi)
        sbiPort = try container.decodeIfPresent(Int.self, forKey: .sbiPort)
        sbiEnv = try container.decodeIfPresent(String.self, forKey: .sbiEnv)
        sbiKeyFile = try container.decodeIfPresent(String.self, forKey: .sbiKeyFile)
        sbiCertificateFile = try container.decodeIfPresent(String.self, forKey: .sbiCertificateFile)
    }

    /// Reads a JSON config file.
    /// - Throws: `ConfigurationError` naming the file and, where there is one, the key.
    public static func load(path: String) throws(ConfigurationError) -> DaemonSettings {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(setting: "config file \(path)", reason: "cannot be read: \(error.localizedDescription)")
        }
        do {
            var settings = try JSONDecoder().decode(DaemonSettings.self, from: data)
            if settings.uplink != nil { settings.uplinkDirectory = (path as NSString).deletingLastPathComponent }
            return settings
        } catch let error as DecodingError {
            throw ConfigurationError(fileError: error, path: path)
        } catch {
            throw ConfigurationError(setting: "config file \(path)", reason: "\(error)")
        }
    }

    /// Reads a file holding only the `"uplink"` object (`--uplink-config`).
    /// - Throws: `ConfigurationError` naming the file and, where there is one, the key.
    public static func loadUplink(path: String) throws(ConfigurationError) -> DaemonSettings {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigurationError(setting: "--uplink-config \(path)", reason: "cannot be read: \(error.localizedDescription)")
        }
        do {
            let uplink = try JSONDecoder().decode(UplinkSettings.self, from: data)
            return DaemonSettings(uplink: uplink, uplinkDirectory: (path as NSString).deletingLastPathComponent)
        } catch let error as DecodingError {
            throw ConfigurationError(fileError: error, path: path)
        } catch {
            throw ConfigurationError(setting: "--uplink-config \(path)", reason: "\(error)")
        }
    }

    /// This layer with `top`'s values wherever `top` sets one (flags over the file).
    public func overridden(by top: DaemonSettings) -> DaemonSettings {
        DaemonSettings(
            socketPath: top.socketPath ?? socketPath, stateDirectory: top.stateDirectory ?? stateDirectory,
            simulate: top.simulate ?? simulate, scenarios: top.scenarios ?? scenarios, seed: top.seed ?? seed,
            timeScale: top.timeScale ?? timeScale, group: top.group ?? group, kitID: top.kitID ?? kitID,
            logLevel: top.logLevel ?? logLevel, maxAttempts: top.maxAttempts ?? maxAttempts, usb: top.usb ?? usb,
            cameras: top.cameras ?? cameras, idleTimeout: top.idleTimeout ?? idleTimeout,
            maxConnections: top.maxConnections ?? maxConnections, captureMemory: top.captureMemory ?? captureMemory,
            captureExpiry: top.captureExpiry ?? captureExpiry, fingerCompression: top.fingerCompression ?? fingerCompression,
            fingerCompressionRate: top.fingerCompressionRate ?? fingerCompressionRate,
            irisCompression: top.irisCompression ?? irisCompression, irisCompressionRate: top.irisCompressionRate ?? irisCompressionRate,
            uplink: top.uplink ?? uplink,
            uplinkDirectory: top.uplink != nil ? top.uplinkDirectory : uplinkDirectory,
            sbi: top.sbi ?? sbi, sbiPort: top.sbiPort ?? sbiPort, sbiEnv: top.sbiEnv ?? sbiEnv,
            sbiKeyFile: top.sbiKeyFile ?? sbiKeyFile, sbiCertificateFile: top.sbiCertificateFile ?? sbiCertificateFile)
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

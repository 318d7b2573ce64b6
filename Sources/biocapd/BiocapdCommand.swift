import ArgumentParser
import BiocapCore
import BiocapServer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

    @Option(name: .customLong("max-connections"), help: "Connections served at once; the next gets 503 (1–100000, default 128, kept below the file-descriptor limit).")
    var maxConnections: Int?

    @Option(name: .customLong("capture-memory"), help: "MiB of images and records finished captures not yet in a packet may hold; past it the oldest are dropped (1–4096, default 64).")
    var captureMemory: Int?

    @Option(name: .customLong("capture-expiry"), help: "Seconds a finished capture keeps its images and records waiting to be packed; then 410 capture-expired (10–86400, default 900).")
    var captureExpiry: Double?

    @Option(name: .customLong("finger-compression"), help: "How finger records store their images: none, jpeg2000-lossless (default) or jpeg2000 (lossy, at --finger-compression-rate).")
    var fingerCompression: String?

    @Option(name: .customLong("finger-compression-rate"), help: "Bits per pixel of lossy finger compression (more than 0, below 8; default 0.75).")
    var fingerCompressionRate: Double?

    @Option(name: .customLong("iris-compression"), help: "How iris records store their images: none, jpeg2000-lossless (default) or jpeg2000 (lossy, at --iris-compression-rate).")
    var irisCompression: String?

    @Option(name: .customLong("iris-compression-rate"), help: "Bits per pixel of lossy iris compression (more than 0, below 8; default 0.75).")
    var irisCompressionRate: Double?

    @Flag(inversion: .prefixedNo, help: "Drive real USB devices through libusb with hotplug (default on).")
    var usb: Bool?

    @Option(name: .customLong("camera"), help: "Use a UVC camera as a modality, VID:PID=face|iris (e.g. an NIR iris camera). Repeatable.")
    var cameras: [String] = []

    @Option(name: .customLong("uplink-config"), help: "JSON file holding the uplink object alone (endpoint, bucket, prefix, region, credentialsFile, centerPublicKeyFile, …): deliver packets to the centre's S3 store.")
    var uplinkConfig: String?

    @Flag(help: "Serve MOSIP SBI 0.9.5 (MOSIPDISC, MOSIPDINFO, RCAPTURE, STREAM) on 127.0.0.1 for MOSIP's registration clients.")
    var sbi = false

    @Option(name: .customLong("sbi-port"), help: "SBI port (implies --sbi; default: the first free one in 4501–4600).")
    var sbiPort: Int?

    @Option(name: .customLong("sbi-env"), help: "The SBI devices' env: Staging, Developer (default), Pre-Production or Production.")
    var sbiEnv: String?

    @Option(name: .customLong("sbi-key-file"), help: "A device provider's SBI signing key (PEM); with --sbi-certificate-file. Default: a key and self-signed certificate kept in the state directory.")
    var sbiKeyFile: String?

    @Option(name: .customLong("sbi-certificate-file"), help: "The provider's certificate chain for --sbi-key-file (PEM, device certificate first).")
    var sbiCertificateFile: String?

    @Option(help: "JSON config file: an object with any of the keys socketPath, stateDirectory, simulate, scenarios, seed, timeScale, group, kitID, logLevel, maxAttempts, usb, cameras, idleTimeout, maxConnections, captureMemory, captureExpiry, fingerCompression, fingerCompressionRate, irisCompression, irisCompressionRate, uplink, sbi, sbiPort, sbiEnv, sbiKeyFile, sbiCertificateFile.")
    var config: String?

    /// The flags as one settings layer: an unset flag is absent, so the file's value shows through.
    var flags: DaemonSettings {
        DaemonSettings(
            socketPath: socket, stateDirectory: stateDirectory, simulate: simulate.isEmpty ? nil : simulate,
            scenarios: scenario.isEmpty ? nil : scenario, seed: seed, timeScale: timeScale, group: group, kitID: kitID,
            logLevel: logLevel, maxAttempts: maxAttempts, usb: usb, cameras: cameras.isEmpty ? nil : cameras,
            idleTimeout: idleTimeout, maxConnections: maxConnections, captureMemory: captureMemory,
            captureExpiry: captureExpiry, fingerCompression: fingerCompression, fingerCompressionRate: fingerCompressionRate,
            irisCompression: irisCompression, irisCompressionRate: irisCompressionRate,
            sbi: sbi ? true : nil, sbiPort: sbiPort, sbiEnv: sbiEnv, sbiKeyFile: sbiKeyFile, sbiCertificateFile: sbiCertificateFile)
    }

    func run() async throws {
        Self.returnLargeBuffersToTheSystem()
        let settings: DaemonConfiguration
        do {
            let file = try config.map { path throws(ConfigurationError) in (try DaemonSettings.load(path: path), path) }
            var flags = self.flags
            if let uplinkConfig {
                let uplink = try DaemonSettings.loadUplink(path: uplinkConfig)
                flags.uplink = uplink.uplink
                flags.uplinkDirectory = uplink.uplinkDirectory
            }
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

    /// Frames and images are megabytes each. glibc raises its mmap threshold after the first large free, so
    /// later frames come from the heap and the freed space stays in the process (measured: 163 MiB after 200
    /// unpacked captures). A fixed 128 KiB threshold keeps every large buffer in its own mapping, returned to
    /// the system when freed (112 MiB for the same run; `scripts/soak-captures`).
    static func returnLargeBuffersToTheSystem() {
        #if canImport(Glibc)
        // `mallopt` lives in <malloc.h>, which Swift's Glibc module does not export; M_MMAP_THRESHOLD is -3 there.
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(-3, 128 * 1024)
        #endif
    }
}

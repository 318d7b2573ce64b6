import Foundation

/// A program on `PATH` that a test uses as an independent check (e.g. `python3`).
///
/// Missing tools skip the check on a developer machine but fail it on CI (`CI=true`), where `scripts/install-deps`
/// puts them.
public enum ExternalTool {
    /// The absolute path of `name` on `PATH`, or nil.
    public static func path(_ name: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether a missing tool must fail the test rather than skip it.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Runs `program arguments` to completion (killed after `timeout` seconds); its exit status and standard output.
    public static func run(_ program: String, _ arguments: [String], timeout: Double = 60) throws -> (status: Int32, output: String) {
        let directory = try TestData.temporaryDirectory("external-tool")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outPath = directory.appendingPathComponent("out").path
        let process = try SpawnedProcess(executable: program, arguments: arguments,
                                         environment: ProcessInfo.processInfo.environment, outputPath: outPath)
        guard let status = process.waitBlocking(timeout: timeout) else {
            process.signal(SIGKILL)
            process.waitBlocking(timeout: 10)
            return (-1, "timed out after \(timeout)s")
        }
        return (status, (try? String(contentsOf: URL(fileURLWithPath: outPath), encoding: .utf8)) ?? "")
    }
}

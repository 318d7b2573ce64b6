import BiocapTestSupport
import Foundation

/// Runs the real `biocapctl` and `biocapd` binaries built beside the test binary.
enum CLIHarness {
    /// What a finished command printed and its exit status.
    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
    }

    enum Failure: Error, CustomStringConvertible {
        case binaryMissing(String)
        case timedOut([String], seconds: Double)

        var description: String {
            switch self {
            case .binaryMissing(let path): "not built: \(path) (run swift build first)"
            case .timedOut(let arguments, let seconds): "biocapctl \(arguments.joined(separator: " ")) ran longer than \(seconds)s"
            }
        }
    }

    static func binary(_ name: String) throws -> URL {
        guard let url = BuiltProducts.executable(name) else {
            throw Failure.binaryMissing(BuiltProducts.directory.appendingPathComponent(name).path)
        }
        return url
    }

    /// Runs `biocapctl arguments` to completion (killed after `timeout` seconds). Output goes through
    /// files rather than pipes so a chatty child can never block.
    /// - Parameter launcher: a program and its arguments that execs biocapctl (e.g. `umockdev-run … --`).
    static func ctl(_ arguments: [String], timeout: Double = 120, environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
        let directory = try TestData.temporaryDirectory("biocapctl-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = Array(launcher.dropFirst()) + [try binary("biocapctl").path] + arguments
        } else {
            process.executableURL = try binary("biocapctl")
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            // SIGTERM, then SIGKILL if it (or a launcher such as umockdev-run) does not go: a hung tool
            // must fail its test, never hang the suite.
            process.terminate()
            let grace = Date().addingTimeInterval(5)
            while process.isRunning, Date() < grace { Thread.sleep(forTimeInterval: 0.02) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw Failure.timedOut(arguments, seconds: timeout)
        }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

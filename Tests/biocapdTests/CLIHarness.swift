import BiocapTestSupport
import Foundation

/// Runs the real `biocapctl` and `biocapd` binaries built beside the test binary.
enum CLIHarness {
    /// What a finished command printed and its exit status.
    struct Result: CustomStringConvertible, Sendable {
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
            case .timedOut(let arguments, let seconds): "\(arguments.joined(separator: " ")) ran longer than \(seconds)s"
            }
        }
    }

    static func path(_ name: String) throws -> String {
        name.hasPrefix("/") ? name : try binary(name).path
    }

    static func binary(_ name: String) throws -> URL {
        guard let url = BuiltProducts.executable(name) else {
            throw Failure.binaryMissing(BuiltProducts.directory.appendingPathComponent(name).path)
        }
        return url
    }

    /// Runs `biocapctl arguments` to completion (killed after `timeout` seconds). Output goes through
    /// files rather than pipes so a chatty child can never block; the child is a `SpawnedProcess`, so
    /// Foundation's single child-reaping thread is never involved.
    /// - Parameter launcher: a program and its arguments that execs biocapctl (e.g. `umockdev-run … --`).
    static func ctl(_ arguments: [String], timeout: Double = 120, environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
        try tool("biocapctl", arguments, timeout: timeout, environment: environment, launcher: launcher)
    }

    /// Runs another built product (`biocap-center`, `biocapd`) or, given a path, any program, like `ctl`.
    static func tool(_ name: String, _ arguments: [String], timeout: Double = 120, environment: [String: String] = [:],
                     launcher: [String] = []) throws -> Result {
        let directory = try TestData.temporaryDirectory("biocapctl-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out"), errURL = directory.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let program: String, programArguments: [String]
        if let launcherProgram = launcher.first {
            program = launcherProgram
            programArguments = Array(launcher.dropFirst()) + [try path(name)] + arguments
        } else {
            program = try path(name)
            programArguments = arguments
        }
        let process = try SpawnedProcess(executable: program, arguments: programArguments,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new },
                                         outputPath: outURL.path, errorPath: errURL.path)
        guard let status = process.waitBlocking(timeout: timeout) else {
            // SIGTERM, then SIGKILL if it (or a launcher such as umockdev-run) does not go: a hung tool
            // must fail its test, never hang the suite.
            process.signal(SIGTERM)
            if process.waitBlocking(timeout: 5) == nil {
                process.signal(SIGKILL)
                process.waitBlocking(timeout: 30)
            }
            throw Failure.timedOut([name] + arguments, seconds: timeout)
        }
        return Result(status: status,
                      stdout: try String(contentsOf: outURL, encoding: .utf8),
                      stderr: try String(contentsOf: errURL, encoding: .utf8))
    }
}

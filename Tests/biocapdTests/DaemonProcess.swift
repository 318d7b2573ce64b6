import BiocapTestSupport
import Foundation

/// A real `biocapd` started for a test on a temporary socket and state directory.
final class DaemonProcess: @unchecked Sendable {
    let socketPath: String
    let stateDirectory: String
    private let arguments: [String]
    private let environment: [String: String]
    private let launcher: [String]
    private var process: SpawnedProcess?
    /// The launched process (the daemon itself unless a forking launcher is used); 0 before `start`.
    var pid: Int32 { process?.pid ?? 0 }
    let logURL: URL

    /// - Parameter extraArguments: added after the socket/state flags (e.g. `--simulate kit`).
    /// - Parameters:
    ///   - environment: added to the daemon's environment (e.g. `NOTIFY_SOCKET`).
    ///   - launcher: a program and its arguments that execs the daemon (e.g. `systemd-socket-activate -l PATH`).
    init(directory: URL, extraArguments: [String], environment: [String: String] = [:], launcher: [String] = []) {
        self.environment = environment
        self.launcher = launcher
        socketPath = directory.appendingPathComponent("biocapd.sock").path
        stateDirectory = directory.appendingPathComponent("state").path
        logURL = directory.appendingPathComponent("biocapd.log")
        arguments = ["--socket", socketPath, "--state-dir", stateDirectory, "--group", "", "--log-level", "info"] + extraArguments
    }

    /// Starts the daemon and waits until its socket answers `/v1/health`.
    func start(client: SocketClient, timeout: Duration = .seconds(60)) async throws {
        guard let executable = BuiltProducts.executable("biocapd") else {
            throw DaemonError("biocapd is not built beside the test binary in \(BuiltProducts.directory.path)")
        }
        let program: String, programArguments: [String]
        if let launcherProgram = launcher.first {
            program = launcherProgram
            programArguments = Array(launcher.dropFirst()) + [executable.path] + arguments
        } else {
            program = executable.path
            programArguments = arguments
        }
        // Spawned directly, not through Foundation's Process: see SpawnedProcess for the hang that avoids.
        let process = try SpawnedProcess(executable: program, arguments: programArguments,
                                         environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
                                         outputPath: logURL.path)
        self.process = process
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw DaemonError("biocapd exited early:\n\(self.log)") }
            if let health = try? await client.get("/v1/health", timeout: .seconds(5)), health.status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DaemonError("biocapd did not answer within \(timeout):\n\(self.log)")
    }

    /// Sends a signal and waits (without blocking a thread) for the process to end; SIGKILL after 30 s.
    func stop(signal: Int32 = SIGTERM) async {
        guard let process, process.isRunning else { return }
        // A launcher that forks (umockdev-run) does not pass signals on: signal the daemon itself.
        for child in Self.children(of: process.pid) { kill(child, signal) }
        process.signal(signal)
        if await process.wait(timeout: .seconds(30)) == nil {
            for child in Self.children(of: process.pid) { kill(child, SIGKILL) }
            process.signal(SIGKILL)
            await process.wait(timeout: .seconds(30))
        }
    }

    var exitStatus: Int32? { process?.terminationStatus }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// Never leave a daemon behind, even when a test fails before stopping it.
    deinit {
        guard let process, process.isRunning else { return }
        for child in Self.children(of: process.pid) { kill(child, SIGKILL) }
        process.signal(SIGKILL)
    }

    /// Direct children of a process, from procfs.
    static func children(of pid: Int32) -> [Int32] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

struct DaemonError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

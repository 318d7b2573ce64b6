import BiocapTestSupport
import Foundation

/// A real `biocapd` with the simulated kit on a temporary socket, for one test. `stop()` sends SIGTERM
/// and waits; call it from a `defer` so the daemon never outlives the test.
final class CLIDaemon {
    let directory: URL
    let socketPath: String
    private let process = Process()
    private let logURL: URL

    /// Starts the daemon and waits until `biocapctl health` answers on its socket.
    init(readyTimeout: Double = 60) throws {
        directory = try TestData.temporaryDirectory("biocapctl-daemon")
        socketPath = directory.appendingPathComponent("s.sock").path
        logURL = directory.appendingPathComponent("biocapd.log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: logURL)
        defer { try? logHandle.close() }
        process.executableURL = try CLIHarness.binary("biocapd")
        process.arguments = ["--simulate", "kit", "--time-scale", "0.05", "--socket", socketPath,
                             "--state-dir", directory.appendingPathComponent("state").path, "--group", ""]
        process.standardOutput = logHandle
        process.standardError = logHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            if !process.isRunning { break }
            if FileManager.default.fileExists(atPath: socketPath),
               (try? CLIHarness.ctl(["health", "--socket", socketPath], timeout: 20))?.status == 0 {
                return
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let text = log()
        stop()
        throw CLIHarness.Failure.daemonNotReady(log: text)
    }

    /// The daemon's log so far.
    func log() -> String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// SIGTERM, then SIGKILL if it has not exited after 15 s; removes the temporary directory.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

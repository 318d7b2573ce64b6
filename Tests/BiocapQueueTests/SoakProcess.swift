import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `biocap-queue-soak` as a child process, collects the packet ids it reports as acked, and kills it
/// with SIGKILL after a number of acks or a time limit. Blocking; call it off the cooperative pool.
struct SoakProcess {
    struct Outcome {
        var ackedIDs: [String]
        /// True when we killed it; false when it exited on its own first.
        var killed: Bool
        var terminationStatus: Int32
        var standardError: String
    }

    /// The `biocap-queue-soak` built beside the running test binary, if any.
    static let executable: URL? = {
        var directories: [URL] = []
        if let running = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directories.append(URL(fileURLWithPath: running).deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first {
            directories.append(URL(fileURLWithPath: first).standardizedFileURL.deletingLastPathComponent())
        }
        for directory in directories {
            // On macOS the test binary sits three levels inside its .xctest bundle.
            var candidate = directory
            for _ in 0..<4 {
                let soak = candidate.appendingPathComponent("biocap-queue-soak")
                if FileManager.default.isExecutableFile(atPath: soak.path) { return soak }
                candidate.deleteLastPathComponent()
            }
        }
        return nil
    }()

    var executable: URL
    var arguments: [String]
    var standardErrorFile: URL

    /// Starts the child and SIGKILLs it once `killAfterAcks` ids were read, or after `killAfterSeconds` with
    /// at least one ack, or at `hardTimeout` regardless. Never waits more than a few seconds past that.
    func runAndKill(killAfterAcks: Int, killAfterSeconds: Double, hardTimeout: Double) throws -> Outcome {
        _ = FileManager.default.createFile(atPath: standardErrorFile.path, contents: Data())
        let errorHandle = try FileHandle(forWritingTo: standardErrorFile)
        defer { try? errorHandle.close() }
        let output = Pipe()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        try? output.fileHandleForWriting.close()

        let descriptor = output.fileHandleForReading.fileDescriptor
        var pending: [UInt8] = []
        var acked: [String] = []
        var killedAt: Date?
        let started = Date()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)

        func consume(timeoutMilliseconds: Int32) -> Bool {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, timeoutMilliseconds)
            guard ready > 0 else { return ready == 0 || errno == EINTR }
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return false }
            pending.append(contentsOf: chunk[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasPrefix("acked ") { acked.append(String(line.dropFirst(6))) }
            }
            return true
        }

        while consume(timeoutMilliseconds: 20) {
            let elapsed = Date().timeIntervalSince(started)
            if killedAt == nil, process.isRunning,
               acked.count >= killAfterAcks || (elapsed >= killAfterSeconds && !acked.isEmpty) || elapsed >= hardTimeout {
                kill(process.processIdentifier, SIGKILL)
                killedAt = Date()
            }
            if let killedAt, Date().timeIntervalSince(killedAt) > 5 { break }
            if !process.isRunning && killedAt == nil { break }
        }
        // Lines the child wrote before it died are still in the pipe: they were acked too.
        while true {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0, consume(timeoutMilliseconds: 0) else { break }
        }
        if process.isRunning && killedAt == nil {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        let standardError = (try? String(contentsOf: standardErrorFile, encoding: .utf8)) ?? ""
        return Outcome(
            ackedIDs: acked, killed: killedAt != nil, terminationStatus: process.terminationStatus,
            standardError: standardError)
    }
}

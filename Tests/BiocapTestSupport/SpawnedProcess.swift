import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid(pid, WNOHANG)` by whoever asks.
///
/// Why not Foundation's `Process`: swift-corelibs-foundation learns that a child ended when a descriptor it
/// gives the child closes, then calls a blocking `waitpid` for it on its single monitoring thread. A child
/// that closes every inherited descriptor and keeps running (`systemd-socket-activate` does exactly that
/// before it execs the daemon) parks that thread until the child exits, and no other `Process` in the test
/// run is ever seen to finish. A `SpawnedProcess` is invisible to that machinery; everything here polls.
///
/// Thread-safe: the exit status is cached under a lock once it has been reaped.
public final class SpawnedProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `executable` with `arguments` (without argv[0]) and `environment`; stdin is /dev/null,
    /// stdout and stderr are appended to `outputPath` (and `errorPath`, when given, for stderr). The child
    /// inherits no descriptor above 2.
    public init(executable: String, arguments: [String], environment: [String: String],
                outputPath: String, errorPath: String? = nil) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        Self.closeFrom(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test process may have signals blocked or ignored on some threads; the child starts clean.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                posix_spawn(&child, executable, &actions, &attributes,
                            UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
                            UnsafeMutablePointer(mutating: envpBuffer.baseAddress!))
            }
        }
        guard result == 0 else {
            throw SpawnError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) is hidden from Swift by its feature macro;
    /// it is looked up at run time so test descriptors (sockets, pipes of other tests) never leak into the child.
    private static func closeFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32) {
        guard let handle = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, lowest)
    }

    /// True until the child has ended (reaps it when it has).
    public var isRunning: Bool { reap(blocking: false) == nil }

    /// The exit code, or the signal number that ended it (as Foundation's `terminationStatus`); nil while running.
    public var terminationStatus: Int32? { reap(blocking: false) }

    /// Sends a signal to the child (nothing once it has been reaped, so a recycled pid is never hit).
    public func signal(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if status == nil { kill(pid, signal) }
    }

    /// Waits without blocking a thread until the child ends, or until `timeout`; returns its status, nil on timeout.
    @discardableResult
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = reap(blocking: false) { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return reap(blocking: false)
    }

    /// Waits on the calling thread (for synchronous callers) until the child ends or `timeout` passes.
    @discardableResult
    public func waitBlocking(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = reap(blocking: false) { return status }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return reap(blocking: false)
    }

    private func reap(blocking: Bool) -> Int32? {
        lock.lock()
        defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        let reaped = waitpid(pid, &raw, blocking ? 0 : WNOHANG)
        guard reaped == pid else {
            // ECHILD: someone else reaped it (should not happen); report it as ended rather than running forever.
            if reaped == -1, errno == ECHILD { status = -1 }
            return status
        }
        let terminatingSignal = raw & 0x7f
        status = terminatingSignal == 0 ? (raw >> 8) & 0xff : terminatingSignal
        return status
    }

    /// Never leave a child behind.
    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }
}

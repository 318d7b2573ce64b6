import Foundation

/// Reads systemd's socket-activation hand-over (`sd_listen_fds`): `$LISTEN_PID` must be this
/// process and `$LISTEN_FDS` at least 1; the first passed descriptor is 3.
enum SocketActivation {
    static let firstDescriptor: CInt = 3

    /// The listening descriptor systemd passed, or `nil` when not socket-activated. Clears the
    /// variables so child processes do not think the descriptors are theirs.
    static func takeListeningDescriptor(environment: [String: String] = ProcessInfo.processInfo.environment) -> CInt? {
        guard let pid = environment["LISTEN_PID"].flatMap(Int32.init), pid == getpid(),
              let count = environment["LISTEN_FDS"].flatMap(Int.init), count >= 1 else { return nil }
        unsetenv("LISTEN_PID")
        unsetenv("LISTEN_FDS")
        unsetenv("LISTEN_FDNAMES")
        _ = fcntl(firstDescriptor, F_SETFD, FD_CLOEXEC)
        return firstDescriptor
    }
}



/// The process exit codes of `biocapctl`, the same for every subcommand so scripts can branch on them.
enum ExitStatus: Int32, Sendable {
    case ok = 0
    /// The daemon answered but the operation failed (API error, failed capture, failed self-test).
    case failed = 1
    /// Bad command line.
    case usage = 2
    /// No daemon answers on the socket.
    case unreachable = 3
    /// The daemon (or the socket's file mode) refuses this user.
    case forbidden = 4
    /// Ctrl-C: the shell convention 128 + SIGINT.
    case interrupted = 130
}

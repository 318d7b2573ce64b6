

/// A failure to report to the technician: one `error:` line, optional hint lines, and the exit status.
struct CLIError: Error, Sendable, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    /// Extra lines telling the technician what to do about it.
    var hints: [String]

    init(_ status: ExitStatus, _ message: String, hints: [String] = []) {
        self.status = status
        self.message = message
        self.hints = hints
    }

    var description: String { message }

    /// An `{"error":{"code","message"}}` answer of the API; 403 becomes `forbidden`.
    static func api(httpStatus: Int, code: String, message: String) -> CLIError {
        if httpStatus == 403 {
            return CLIError(.forbidden, "\(message) (\(code))",
                            hints: ["Ask an administrator to add you to group 'biocap', then log out and in again."])
        }
        return CLIError(.failed, "\(message) (\(code))")
    }

    /// A command-line mistake found after parsing (exit 2).
    static func usage(_ message: String) -> CLIError {
        CLIError(.usage, message)
    }
}

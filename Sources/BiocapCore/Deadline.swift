/// How an operation raced against a deadline ended.
public enum DeadlineOutcome<Value: Sendable>: Sendable {
    /// The operation finished first, with this value.
    case finished(Value)
    /// The deadline came first; the operation was cancelled (and has ended).
    case deadlinePassed
}

/// Runs `operation` against `deadline`, whichever ends first wins and the other is cancelled; returns once
/// both have ended (structured: nothing is left running). The one timeout race of biocap: captures, stills,
/// self-tests and the CLI's Ctrl-C all use it.
///
/// - Parameters:
///   - deadline: returns when the deadline passes (a sleep, a test's gate, a signal). If it throws — it was
///     cancelled because the caller was — the race ends with `CancellationError`.
///   - operation: the work. An error it throws before the deadline is rethrown.
/// - Returns: `.finished` with the operation's value, or `.deadlinePassed`. What the operation gathered
///   before it was cancelled is the caller's to keep (e.g. in a mutex-protected box).
public func withDeadline<Value: Sendable>(
    _ deadline: @escaping @Sendable () async throws -> Void,
    operation: @escaping @Sendable () async throws -> Value
) async throws -> DeadlineOutcome<Value> {
    try await withThrowingTaskGroup(of: DeadlineOutcome<Value>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await deadline()
            return .deadlinePassed
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        return first
    }
}

/// `withDeadline` with a deadline `duration` from now on the continuous clock.
public func withDeadline<Value: Sendable>(
    after duration: Duration, operation: @escaping @Sendable () async throws -> Value
) async throws -> DeadlineOutcome<Value> {
    try await withDeadline({ try await Task.sleep(for: duration) }, operation: operation)
}

extension EnrolmentQueue {
    /// Why the queue cannot store packets now, checked without touching the database: a read-only file system
    /// or missing permissions (`readOnly`), and the last write's failure while no write has succeeded since
    /// (`readOnly`, `diskFull` or `storage`). Empty when it can. Cheap (`statvfs`, creating and removing an
    /// empty file beside the database); may be called from any task.
    public func writeProblems() -> [QueueError] {
        var problems: [QueueError] = []
        if let refusal = FileSystemProbe.writeRefusal(path) { problems.append(.readOnly(path: path, detail: refusal)) }
        if let failure = lastWriteFailure.withLock({ $0 }), !problems.contains(where: { $0.code == failure.code }) {
            problems.append(failure)
        }
        return problems
    }

    /// Awaits a write, mapping its errors as `run` does, and remembers whether the store took it: a failure of
    /// the storage itself is kept for `writeProblems()` until a later write succeeds.
    func runWrite<T>(_ body: () async throws -> T) async throws(QueueError) -> T {
        do {
            let result = try await run(body)
            lastWriteFailure.withLock { $0 = nil }
            return result
        } catch {
            switch error {
            case .readOnly, .diskFull, .storage: lastWriteFailure.withLock { $0 = error }
            default: break
            }
            throw error
        }
    }
}

import BiocapDeviceKit
import Synchronization
import Testing

/// The gate that keeps one operation at a time on a device actor.
@Suite struct OperationGateTests {
    /// Records the order things happened in, from any task.
    final class Log: Sendable {
        let entries = Mutex<[String]>([])
        func add(_ entry: String) { entries.withLock { $0.append(entry) } }
        var all: [String] { entries.withLock { $0 } }
    }

    /// Polls without sleeping until `condition` holds (the gate's queue is observable, nothing to sleep on).
    func until(_ condition: () -> Bool) async {
        while !condition() { await Task.yield() }
    }

    @Test func waitersAreServedOneAtATimeInOrder() async throws {
        let gate = OperationGate()
        let log = Log()
        try await gate.enter()
        let first = Task {
            try await gate.enter()
            log.add("first")
            gate.leave()
        }
        await until { gate.waiting == 1 }
        let second = Task {
            try await gate.enter()
            log.add("second")
            gate.leave()
        }
        await until { gate.waiting == 2 }
        #expect(log.all.isEmpty, "nobody runs while the gate is held")
        gate.leave()
        try await first.value
        try await second.value
        #expect(log.all == ["first", "second"])
        try await gate.enter()  // free again
        gate.leave()
    }

    @Test func aCancelledWaiterLeavesAtOnceWithoutTakingTheGate() async throws {
        let gate = OperationGate()
        try await gate.enter()
        let waiter = Task { try await gate.enter() }
        await until { gate.waiting == 1 }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waiting == 0)
        gate.leave()
        // The cancelled waiter did not take the gate: it is free for the next caller at once.
        try await gate.enter()
        gate.leave()
    }

    @Test func anAlreadyCancelledTaskDoesNotQueue() async throws {
        let gate = OperationGate()
        try await gate.enter()
        let waiter = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await gate.enter()
        }
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(gate.waiting == 0)
        gate.leave()
    }

    @Test func closeWaitsEvenWhenCancelled() async throws {
        let gate = OperationGate()
        try await gate.enter()
        let log = Log()
        let closer = Task {
            await gate.enterUncancellably()
            log.add("closed")
            gate.leave()
        }
        await until { gate.waiting == 1 }
        closer.cancel()
        #expect(gate.waiting == 1, "an uncancellable waiter stays in line")
        gate.leave()
        await closer.value
        #expect(log.all == ["closed"])
    }
}

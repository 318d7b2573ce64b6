import Foundation
import GRDB
import Testing

@testable import BiocapQueue

/// A lease costs the same with 10 or 10,000 packets waiting: SQLite's plan for each statement a lease runs searches
/// an index and never scans the packets table or sorts it (measured in `scripts/bench-queue`).
@Suite("Query plans of leasing")
struct QueryPlanTests {
    @Test func everyLeaseStatementSearchesAnIndex() async throws {
        let directory = try QueueFixtures.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = QueueFixtures.databasePath(in: directory)
        let queue = try EnrolmentQueue(path: path)
        // Some rows in every state, so the plans are the ones of a queue in use.
        for _ in 0..<6 { try await queue.enqueue(try QueueFixtures.packet()) }
        let leases = try await queue.lease(max: 2, for: .seconds(60))
        try await queue.ack(packetID: leases[0].packetID, leaseToken: leases[0].token)

        // What each statement's index search must be constrained by: every column of its WHERE clause, so the rows
        // visited are the rows wanted (a search on `state` alone visits every pending packet).
        let constraints = [
            "retireExhausted": "(state=? AND attempts>?)", "oldestPending": "(state=?)",
            "expire": "(state=? AND lease_deadline<?)", "leaseState": "(packet_id=?)",
        ]
        #expect(Set(constraints.keys) == Set(LeaseStatements.all.map(\.name)))
        let database = try DatabaseQueue(path: path)
        for statement in LeaseStatements.all {
            // Named and positional parameters alike: the plan does not depend on their values.
            let sql = statement.sql.replacingOccurrences(of: ":max", with: "?").replacingOccurrences(of: ":now", with: "?")
            let parameters = sql.filter { $0 == "?" }.count
            let plan = try await database.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql,
                                 arguments: StatementArguments(Array(repeating: DatabaseValue.null, count: parameters)))
                    .map { $0["detail"] as String? ?? "" }
            }
            #expect(!plan.isEmpty, "\(statement.name): no plan")
            #expect(plan.allSatisfy { !$0.hasPrefix("SCAN packets") }, "\(statement.name) scans the packets table: \(plan)")
            #expect(plan.allSatisfy { !$0.contains("TEMP B-TREE") }, "\(statement.name) sorts: \(plan)")
            let constraint = constraints[statement.name] ?? "?"
            #expect(plan.contains { $0.hasPrefix("SEARCH packets USING") && $0.hasSuffix(constraint) },
                    "\(statement.name) does not search an index on \(constraint): \(plan)")
        }
    }
}

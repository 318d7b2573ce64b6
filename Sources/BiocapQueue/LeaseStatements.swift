/// The statements every lease runs, kept in one place so a test can check SQLite's plan for each: a lease must cost
/// the same with 10 or 10,000 packets waiting (`QueryPlanTests`).
enum LeaseStatements {
    /// Pending packets already past `maxAttempts` (the limit was lowered) go to `dead`. Arguments: now, maxAttempts.
    static let retireExhausted = "UPDATE packets SET state = 'dead', updated_at = ? WHERE state = 'pending' AND attempts >= ?"

    /// The oldest pending packets. Argument: how many.
    static let oldestPending = "SELECT packet_id, attempts FROM packets WHERE state = 'pending' ORDER BY created_at, rowid LIMIT ?"

    /// Leases whose deadline passed go back to `pending` (or `dead`), counting a failed attempt; the token stays so a
    /// late ack can be told `leaseExpired`. Arguments: `max`, `now`.
    static let expire = """
        UPDATE packets SET
            attempts = attempts + 1,
            state = CASE WHEN attempts + 1 >= :max THEN 'dead' ELSE 'pending' END,
            last_error = 'lease expired without ack or nack',
            lease_deadline = NULL,
            updated_at = :now
        WHERE state = 'leased' AND lease_deadline <= :now
        """

    /// One packet's lease state, by its primary key. Argument: the packet id.
    static let leaseState = "SELECT state, lease_token, lease_deadline FROM packets WHERE packet_id = ?"

    /// Every statement, by name.
    static let all: [(name: String, sql: String)] = [
        ("retireExhausted", retireExhausted), ("oldestPending", oldestPending), ("expire", expire), ("leaseState", leaseState),
    ]
}

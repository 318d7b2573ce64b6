/// Queue counts for `/v1/health`.
public struct QueueSummary: Sendable, Codable, Hashable {
    public var pending: Int
    public var leased: Int
    public var done: Int
    public var dead: Int

    public init(pending: Int, leased: Int, done: Int, dead: Int) {
        self.pending = pending
        self.leased = leased
        self.done = done
        self.dead = dead
    }
}

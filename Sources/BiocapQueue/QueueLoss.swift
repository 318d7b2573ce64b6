/// What the queue found at startup when it holds fewer packets than its high-water mark recorded: acknowledged
/// packets are gone (a damaged WAL, an older copy of the file). The daemon logs it as an error and reports
/// `degraded` health until it restarts.
public struct QueueLoss: Sendable, Hashable, CustomStringConvertible {
    /// Packets recorded after the last change before this start.
    public var expected: Int
    /// Packets the database holds now.
    public var found: Int

    public var description: String {
        "the enrolment queue holds \(found) packets but held \(expected) after its last change: "
            + "\(expected - found) acknowledged packets are missing (damaged write-ahead log or an older database file)"
    }
}

/// `POST /v1/queue/purge`: how many delivered (already crypto-erased) packets were deleted.
public struct PurgeResult: Codable, Sendable, Hashable {
    public var purged: Int

    public init(purged: Int) {
        self.purged = purged
    }
}

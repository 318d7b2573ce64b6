/// Exponential backoff with full jitter (a delay drawn uniformly from zero to `initial·2ⁿ`, capped): thousands of kits
/// coming back online at once after an outage spread their retries instead of hitting the centre together.
public struct RetryPolicy: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration

    public init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The ceiling of the `failures`-th delay (1 = after the first failure): `initial·2^(failures−1)`, at most `maximum`.
    public func ceiling(afterFailures failures: Int) -> Duration {
        let doublings = min(max(failures - 1, 0), 40)
        let seconds = min(initial.secondsValue * Double(UInt64(1) << UInt64(doublings)), maximum.secondsValue)
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A delay drawn from `[0, ceiling]` (full jitter).
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = ceiling(afterFailures: failures).secondsValue
        return .milliseconds(Int64(Double.random(in: 0...ceiling, using: &generator) * 1000))
    }

    public func delay(afterFailures failures: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterFailures: failures, using: &generator)
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

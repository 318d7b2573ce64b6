/// Command-line options of `biocap-queue-soak`, parsed by hand to keep the tool dependency-free.
struct SoakOptions {
    var databasePath: String
    var count: Int
    var recordsPerPacket: Int
    var recordSize: Int
    /// Print a JSON summary of enqueue and sealing times instead of the acks.
    var timings = false
    /// Print a JSON summary of lease and nack times at growing queue sizes instead of the acks.
    var leases = false
    /// With `timings`: a pause after each enqueue, as when packets come one enrolment at a time (0: back to back).
    var pauseMilliseconds = 0

    static let usage = """
        usage: biocap-queue-soak --db PATH [--count N] [--records K] [--size BYTES]
          --db PATH       queue database file (created with its directory if missing)
          --count N       packets to enqueue (default 1000)
          --records K     records per packet, 1...64 (default 4)
          --size BYTES    bytes per record, 1...67108864 (default 65536)
          --timings yes   instead of the acks, print JSON: enqueue and AES-GCM sealing times (median, p99)
          --pause-ms N    with --timings: wait N ms after each enqueue (packets one enrolment at a time; default 0,
                          back to back)
          --leases yes    instead of the acks, print JSON: lease and nack times (median, p99, leases/s) with the queue
                          filled to a hundredth, a tenth and all of --count packets
        Prints "acked <packet-id>" after each enqueue has committed.
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws(UsageError) -> SoakOptions {
        var path: String?
        var options = SoakOptions(databasePath: "", count: 1000, recordsPerPacket: 4, recordSize: 65536)
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw UsageError(description: "\(flag) needs a value") }
            switch flag {
            case "--db": path = value
            case "--count": options.count = try integer(value, flag: flag, in: 0...Int(Int32.max))
            case "--records": options.recordsPerPacket = try integer(value, flag: flag, in: 1...64)
            case "--size": options.recordSize = try integer(value, flag: flag, in: 1...(64 << 20))
            case "--timings": options.timings = value == "yes"
            case "--leases": options.leases = value == "yes"
            case "--pause-ms": options.pauseMilliseconds = try integer(value, flag: flag, in: 0...60_000)
            default: throw UsageError(description: "unknown option '\(flag)'")
            }
        }
        guard let path, !path.isEmpty else { throw UsageError(description: "--db PATH is required") }
        options.databasePath = path
        return options
    }

    private static func integer(_ text: String, flag: String, in range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw UsageError(description: "\(flag) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One parser's mutation campaign (the `ParserFuzzTests` suites): a fixed number of seeded rounds in the test suite, or,
/// for long runs (`scripts/fuzz-parsers`), as many as fit in `BIOCAP_FUZZ_SECONDS` from `BIOCAP_FUZZ_SEED` (random when
/// unset). With `BIOCAP_FUZZ_DIR` every input is written to `DIR/NAME.input` before it is tried, so a crash leaves the
/// input that caused it behind. A summary line (`parser-fuzz: NAME seed … rounds … accepted …`) goes to standard output.
///
/// Not thread-safe: one per test.
public struct FuzzCampaign {
    public let name: String
    public let seed: UInt64
    private var mutator: ByteMutator
    public private(set) var rounds = 0
    public private(set) var accepted = 0
    private let limit: Limit
    private let inputFile: Int32

    private enum Limit {
        case rounds(Int)
        case until(ContinuousClock.Instant)
    }

    /// - Parameter rounds: rounds in the suite (a long run goes by time instead).
    public init(_ name: String, rounds: Int) {
        let environment = ProcessInfo.processInfo.environment
        self.name = name
        let seconds = environment["BIOCAP_FUZZ_SECONDS"].flatMap(Double.init)
        if let seconds {
            limit = .until(.now + .milliseconds(Int(seconds * 1000)))
        } else {
            limit = .rounds(rounds)
        }
        // The suite's seed is fixed per campaign (a failure reproduces); a long run's is new each time unless given.
        let fixed = name.utf8.reduce(UInt64(0xB10C_A9F0)) { ($0 &* 31) &+ UInt64($1) }
        seed = environment["BIOCAP_FUZZ_SEED"].flatMap { UInt64($0) }
            ?? (seconds == nil ? fixed : UInt64.random(in: 1...UInt64.max))
        mutator = ByteMutator(seed: seed)
        // A long run says its seed first, so a crash can be replayed (`BIOCAP_FUZZ_SEED`).
        if seconds != nil { print("parser-fuzz: \(name) seed \(seed) starts") }
        if let directory = environment["BIOCAP_FUZZ_DIR"] {
            inputFile = open(directory + "/" + name + ".input", O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        } else {
            inputFile = -1
        }
    }

    /// Whether another round is due; counts it.
    public mutating func nextRound() -> Bool {
        switch limit {
        case .rounds(let count): guard rounds < count else { return false }
        case .until(let end): guard ContinuousClock.now < end else { return false }
        }
        rounds += 1
        return true
    }

    /// One of `seeds`, mutated once or twice (and saved, with `BIOCAP_FUZZ_DIR`).
    public mutating func input(from seeds: [[UInt8]], focus: Int = 256) -> [UInt8] {
        var input = seeds[mutator.int(0..<seeds.count)]
        for _ in 0..<mutator.int(1..<3) { input = mutator.mutate(input, focus: focus) }
        save(input)
        return input
    }

    /// A number in `range`, from the campaign's sequence.
    public mutating func int(_ range: Range<Int>) -> Int { mutator.int(range) }

    /// `bytes` mutated once, from the campaign's sequence (not saved: for inputs made of several parts).
    public mutating func mutate(_ bytes: [UInt8], focus: Int = 256) -> [UInt8] { mutator.mutate(bytes, focus: focus) }

    /// Writes what is about to be tried to the campaign's input file (with `BIOCAP_FUZZ_DIR`).
    public func save(_ bytes: [UInt8]) {
        guard inputFile >= 0 else { return }
        _ = ftruncate(inputFile, 0)
        _ = bytes.withUnsafeBytes { pwrite(inputFile, $0.baseAddress, $0.count, 0) }
    }

    /// The round's input was accepted (parsed, decoded) rather than refused.
    public mutating func accept() { accepted += 1 }

    /// Prints the summary line; closes the input file.
    public func finish() {
        if inputFile >= 0 { close(inputFile) }
        print("parser-fuzz: \(name) seed \(seed) rounds \(rounds) accepted \(accepted)")
    }
}

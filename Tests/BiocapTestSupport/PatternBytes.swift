/// Deterministic bodies for upload and storage tests, made in this optimised module: in a debug build, `(0..<n).map`
/// over the 10 MB body of a multipart test took seconds of CPU.
public enum PatternBytes {
    /// `count` bytes, byte `i` being `i × multiplier + i >> shift` truncated to 8 bits (`shift` nil: no second term).
    public static func make(count: Int, multiplier: Int, shift: Int? = nil) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: max(0, count)) { buffer, initialized in
            for index in 0..<buffer.count {
                let second = shift.map { index >> $0 } ?? 0
                buffer[index] = UInt8(truncatingIfNeeded: index &* multiplier &+ second)
            }
            initialized = buffer.count
        }
    }
}

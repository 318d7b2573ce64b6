/// A hid-recorder text recording (the format of hid-tools' `hid-recorder` and the shared recordings): `D: n` selects
/// a device, `R: <length> <bytes…>` is that device's report descriptor, `E: <seconds> <length> <bytes…>` one input
/// report (Report ID first when numbered); `N:`, `P:`, `I:` and `#` lines are names, paths, ids and comments.
/// Pure parsing: a malformed line is a `Failure` naming it, never a crash.
public struct HIDRecording: Sendable, Hashable {
    public struct Event: Sendable, Hashable {
        /// Seconds since the recording started.
        public var time: Double
        /// The device (`D:`) it came from; 0 in single-device recordings.
        public var device: Int
        public var bytes: [UInt8]
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case malformedLine(number: Int, reason: String)
        case noDescriptor

        public var description: String {
            switch self {
            case .malformedLine(let number, let reason): "line \(number): \(reason)"
            case .noDescriptor: "the recording has no report descriptor ('R:' line)"
            }
        }
    }

    /// Report descriptors by device number.
    public var descriptors: [Int: [UInt8]]
    public var events: [Event]

    public init(text: String) throws(Failure) {
        var descriptors: [Int: [UInt8]] = [:]
        var events: [Event] = []
        var device = 0
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = index + 1
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let tag = parts.first else { continue }
            func bytes(_ words: ArraySlice<Substring>, declared: Substring) throws(Failure) -> [UInt8] {
                guard let length = Int(declared), length >= 0 else { throw .malformedLine(number: number, reason: "length '\(declared)' is not a number") }
                var result: [UInt8] = []
                result.reserveCapacity(min(length, 65_536))
                for word in words {
                    guard word.count <= 2, let byte = UInt8(word, radix: 16) else { throw .malformedLine(number: number, reason: "'\(word)' is not a hex byte") }
                    result.append(byte)
                }
                guard result.count == length else {
                    throw .malformedLine(number: number, reason: "declares \(length) bytes, has \(result.count)")
                }
                return result
            }
            switch tag {
            case "D:":
                guard parts.count == 2, let selected = Int(parts[1]), selected >= 0 else { throw .malformedLine(number: number, reason: "bad device number") }
                device = selected
            case "R:":
                guard parts.count >= 2 else { throw .malformedLine(number: number, reason: "no descriptor length") }
                descriptors[device] = try bytes(parts.dropFirst(2), declared: parts[1])
            case "E:":
                guard parts.count >= 3, let time = Double(parts[1]), time.isFinite else {
                    throw .malformedLine(number: number, reason: "expected 'E: <seconds> <length> <bytes…>'")
                }
                events.append(Event(time: time, device: device, bytes: try bytes(parts.dropFirst(3), declared: parts[2])))
            default:
                continue
            }
        }
        guard !descriptors.isEmpty else { throw .noDescriptor }
        self.descriptors = descriptors
        self.events = events
    }
}

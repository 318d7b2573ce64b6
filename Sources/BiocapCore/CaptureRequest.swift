/// What a caller asks a device for.
public struct CaptureRequest: Sendable, Codable, Hashable {
    public var modality: Modality
    /// Positions wanted from this capture: one finger, one slap, one or both eyes, or the face.
    public var positions: [BiometricPosition]
    /// Quality (0–100) at which a frame is accepted at once.
    public var threshold: Int
    /// How long to wait before settling for the best frame seen.
    public var timeout: Duration
    /// Positions that will not be presented (e.g. an amputated finger inside a slap).
    public var exceptions: [BiometricException]
    /// Signatures: the capture ends when the pen has been lifted (out of contact) this long after writing; nil for
    /// `defaultPenUpTimeout`. Ignored by other modalities.
    public var penUpTimeout: Duration?

    /// How long a lifted pen ends a signature by default: long enough for the pause between a first and a last
    /// name, short enough that the signer is not left waiting.
    public static let defaultPenUpTimeout: Duration = .seconds(3)

    public init(
        modality: Modality, positions: [BiometricPosition], threshold: Int = 40,
        timeout: Duration = .seconds(20), exceptions: [BiometricException] = [], penUpTimeout: Duration? = nil
    ) {
        self.modality = modality
        self.positions = positions
        self.threshold = threshold
        self.timeout = timeout
        self.exceptions = exceptions
        self.penUpTimeout = penUpTimeout
    }

    /// Checks the request is self-consistent; the error names the offending field.
    public func validate() throws(BiocapError) {
        guard !positions.isEmpty else { throw .invalidRequest(field: "positions", reason: "at least one position is required") }
        for position in positions where position.modality != modality {
            throw .invalidRequest(field: "positions", reason: "'\(position.name)' is not a \(modality.rawValue) position")
        }
        guard Set(positions).count == positions.count else {
            throw .invalidRequest(field: "positions", reason: "a position is listed twice")
        }
        guard (0...100).contains(threshold) else { throw .invalidRequest(field: "threshold", reason: "must be 0–100") }
        guard timeout > .zero, timeout <= .seconds(600) else {
            throw .invalidRequest(field: "timeout", reason: "must be more than 0 and at most 600 seconds")
        }
        let slapFingers = positions.flatMap { position -> [BiometricPosition] in
            guard case .finger(let finger) = position, finger.isSlap else { return [] }
            return finger.fingers.map { .finger($0) }
        }
        for exception in exceptions {
            guard positions.contains(exception.position) || slapFingers.contains(exception.position) else {
                throw .invalidRequest(field: "exceptions",
                                      reason: "'\(exception.position.name)' is neither requested nor a finger of a requested slap")
            }
        }
        if let penUpTimeout, penUpTimeout < .milliseconds(300) || penUpTimeout > .seconds(60) {
            throw .invalidRequest(field: "penUpTimeout", reason: "must be 0.3–60 seconds")
        }
        _ = try BiometricException.consolidated(exceptions)
        let excepted = Set(exceptions.map(\.position))
        guard positions.contains(where: { !excepted.contains($0) }) else {
            throw .invalidRequest(field: "exceptions", reason: "every requested position is an exception: nothing to capture")
        }
        for case .finger(let slap) in positions where slap.isSlap && !excepted.contains(.finger(slap)) {
            // A slap of no fingers would be captured as an empty, score-0 record and packed as a capture.
            guard slap.fingers.contains(where: { !excepted.contains(.finger($0)) }) else {
                throw .invalidRequest(field: "exceptions",
                                      reason: "every finger of '\(slap.name)' is an exception: record '\(slap.name)' itself as the exception instead")
            }
        }
    }

    /// The single positions expected to be present: every requested position (slaps expanded to
    /// their fingers) minus the exceptions.
    public var expectedFingers: [FingerPosition] {
        let excepted = Set(exceptions.map(\.position))
        return positions.flatMap { position -> [FingerPosition] in
            guard case .finger(let finger) = position else { return [] }
            return finger.fingers
        }.filter { !excepted.contains(.finger($0)) }
    }
}

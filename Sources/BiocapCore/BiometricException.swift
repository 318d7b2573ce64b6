/// A position that will not be captured, with the reason, recorded in the packet instead of a capture.
public struct BiometricException: Sendable, Codable, Hashable {
    public var position: BiometricPosition
    public var reason: ExceptionReason
    /// Free text from the operator, e.g. "left hand in plaster".
    public var note: String?

    public init(position: BiometricPosition, reason: ExceptionReason, note: String? = nil) {
        self.position = position
        self.reason = reason
        self.note = note
    }
}

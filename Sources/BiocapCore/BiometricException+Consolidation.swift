extension BiometricException {
    /// The one check of a list of exceptions, used when a capture is requested and again when a packet is
    /// assembled from several captures: each position once (a repeat with the same reason is dropped, the
    /// first note kept), never two different reasons for one position.
    /// - Returns: the exceptions without repeats, in first-seen order.
    /// - Throws: `invalidRequest` on `field` naming the position with two reasons.
    public static func consolidated(_ exceptions: [BiometricException], field: String = "exceptions") throws(BiocapError) -> [BiometricException] {
        var kept: [BiometricException] = []
        for exception in exceptions {
            if let existing = kept.first(where: { $0.position == exception.position }) {
                guard existing.reason == exception.reason else {
                    throw .invalidRequest(field: field, reason: "'\(exception.position.name)' has two different exception reasons "
                                          + "(\(existing.reason.rawValue), \(exception.reason.rawValue))")
                }
                continue
            }
            kept.append(exception)
        }
        return kept
    }
}

import BiocapCore

/// The JSON body of `POST /v1/captures`; the daemon decodes it and clients (biocapctl) encode it.
public struct CaptureRequestBody: Codable, Sendable, Hashable {
    /// A device id; when absent the first ready device of the modality is used.
    public var device: String?
    /// Inferred from the positions when absent.
    public var modality: Modality?
    public var positions: [BiometricPosition]
    public var threshold: Int?
    public var timeoutSeconds: Double?
    public var exceptions: [BiometricException]?
    /// Signatures: seconds the pen must stay lifted after writing for the capture to end (default 3).
    public var penUpSeconds: Double?

    public init(
        device: String? = nil, modality: Modality? = nil, positions: [BiometricPosition], threshold: Int? = nil,
        timeoutSeconds: Double? = nil, exceptions: [BiometricException]? = nil, penUpSeconds: Double? = nil
    ) {
        self.device = device
        self.modality = modality
        self.positions = positions
        self.threshold = threshold
        self.timeoutSeconds = timeoutSeconds
        self.exceptions = exceptions
        self.penUpSeconds = penUpSeconds
    }

    /// The capture request this body asks for, with the API's defaults (threshold 40, 20 s).
    /// - Throws: `invalidRequest` naming the field that is wrong.
    public func captureRequest() throws(BiocapError) -> CaptureRequest {
        guard let first = positions.first else { throw .invalidRequest(field: "positions", reason: "at least one position is required") }
        let modality = modality ?? first.modality
        let timeout = timeoutSeconds ?? 20
        guard timeout.isFinite, timeout > 0, timeout <= 600 else {
            throw .invalidRequest(field: "timeoutSeconds", reason: "must be more than 0 and at most 600")
        }
        var penUp: Duration?
        if let penUpSeconds {
            guard penUpSeconds.isFinite, (0.3...60).contains(penUpSeconds) else {
                throw .invalidRequest(field: "penUpSeconds", reason: "must be 0.3–60")
            }
            penUp = .milliseconds(Int64(penUpSeconds * 1000))
        }
        let request = CaptureRequest(
            modality: modality, positions: positions, threshold: threshold ?? 40,
            timeout: .milliseconds(Int64(timeout * 1000)), exceptions: exceptions ?? [], penUpTimeout: penUp)
        try request.validate()
        return request
    }
}

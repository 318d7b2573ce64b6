import BiocapCore

/// The JSON body of `POST /v1/captures`.
struct CaptureRequestBody: Decodable, Sendable {
    /// A device id; when absent the first ready device of the modality is used.
    var device: String?
    /// Inferred from the positions when absent.
    var modality: Modality?
    var positions: [BiometricPosition]
    var threshold: Int?
    var timeoutSeconds: Double?
    var exceptions: [BiometricException]?

    func captureRequest() throws(APIError) -> CaptureRequest {
        guard let first = positions.first else { throw .invalid("positions", "at least one position is required") }
        let modality = modality ?? first.modality
        let timeout = timeoutSeconds ?? 20
        guard timeout.isFinite, timeout > 0, timeout <= 600 else {
            throw .invalid("timeoutSeconds", "must be more than 0 and at most 600")
        }
        let request = CaptureRequest(
            modality: modality, positions: positions, threshold: threshold ?? 40,
            timeout: .milliseconds(Int64(timeout * 1000)), exceptions: exceptions ?? [])
        do { try request.validate() } catch { throw APIError(biocap: error) }
        return request
    }
}

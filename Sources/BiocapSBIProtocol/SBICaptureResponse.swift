/// The body of an RCAPTURE answer: one entry per captured position, or a single error entry.
public struct SBICaptureResponse: Sendable, Codable, Hashable {
    public var biometrics: [SBIBiometricEntry]

    public init(biometrics: [SBIBiometricEntry]) { self.biometrics = biometrics }
}

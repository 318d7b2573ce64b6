/// One entry of an RCAPTURE answer's `biometrics`: a captured position (`data` a JWS, `hash` the chain's next link) or
/// an error (`data` and `hash` empty strings, as MOSIP's clients need).
public struct SBIBiometricEntry: Sendable, Codable, Hashable {
    public var specVersion: String
    public var data: String
    public var hash: String
    public var error: SBIErrorInfo

    public init(specVersion: String, data: String, hash: String, error: SBIErrorInfo) {
        self.specVersion = specVersion
        self.data = data
        self.hash = hash
        self.error = error
    }

    /// An error entry.
    public static func failure(_ error: SBIErrorInfo, specVersion: String = SBIConstants.specVersion) -> SBIBiometricEntry {
        SBIBiometricEntry(specVersion: specVersion, data: "", hash: "", error: error)
    }
}

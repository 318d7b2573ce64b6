/// The SBI device service's settings, validated (`biocapd --sbi`).
public struct SBIConfiguration: Sendable, Hashable {
    /// The port, or nil for the first free one in 4501–4600.
    public var port: Int?
    /// The devices' `env`.
    public var environment: String
    /// A device provider's key and certificate chain (PEM); nil for biocap's own key in the state directory.
    public var keyFile: String?
    public var certificateFile: String?

    public static let environments = ["Staging", "Developer", "Pre-Production", "Production"]

    public init(port: Int? = nil, environment: String = "Developer", keyFile: String? = nil, certificateFile: String? = nil) {
        self.port = port
        self.environment = environment
        self.keyFile = keyFile
        self.certificateFile = certificateFile
    }
}

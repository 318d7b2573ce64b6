/// How the SBI device service presents itself.
public struct SBISettings: Sendable {
    /// `env` of every device: `Staging`, `Developer`, `Pre-Production` or `Production`.
    public var environment: String
    /// The digital id's `deviceProvider` and `deviceProviderId`.
    public var deviceProvider: String
    public var deviceProviderID: String
    /// `serviceVersion` / `deviceServiceVersion`.
    public var serviceVersion: String

    public init(environment: String = "Developer", deviceProvider: String = "biocap", deviceProviderID: String = "biocap",
                serviceVersion: String) {
        self.environment = environment
        self.deviceProvider = deviceProvider
        self.deviceProviderID = deviceProviderID
        self.serviceVersion = serviceVersion
    }
}

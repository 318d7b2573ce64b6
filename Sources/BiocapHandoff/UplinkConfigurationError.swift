/// An uplink setting biocapd cannot start with: `setting` names the key, `reason` says what is wrong in words an
/// installer can act on. Never contains a secret.
public struct UplinkConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var setting: String
    public var reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    public var description: String { "uplink.\(setting): \(reason)" }
}

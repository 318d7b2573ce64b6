/// A setting biocapd cannot start with. `setting` names it as the person wrote it: the flag
/// (`--time-scale`), or the config-file key with its file (`timeScale in /etc/biocap/biocapd.json`).
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var setting: String
    public var reason: String

    public init(setting: String, reason: String) {
        self.setting = setting
        self.reason = reason
    }

    /// A config file that does not decode, naming the key when the decoder knows it.
    init(fileError error: DecodingError, path: String) {
        func key(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            self.init(setting: "\(key(context)) in \(path)", reason: "expected \(type)")
        case .valueNotFound(let type, let context):
            self.init(setting: "\(key(context)) in \(path)", reason: "expected \(type), found null")
        case .keyNotFound(let codingKey, _):
            self.init(setting: "\(codingKey.stringValue) in \(path)", reason: "missing")
        case .dataCorrupted(let context):
            let named = key(context)
            self.init(setting: named.isEmpty ? "config file \(path)" : "\(named) in \(path)",
                      reason: named.isEmpty ? "is not a JSON object of settings: \(context.debugDescription)" : context.debugDescription)
        @unknown default:
            self.init(setting: "config file \(path)", reason: "\(error)")
        }
    }

    public var description: String { "\(setting): \(reason)" }
}

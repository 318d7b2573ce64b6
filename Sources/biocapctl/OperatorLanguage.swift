import BiocapCore
import Foundation

/// The language guidance is printed in: `$BIOCAP_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`,
/// `LANG`, e.g. `id_ID.UTF-8` for Bahasa Indonesia), else English.
enum OperatorLanguage {
    static let current: GuidanceLanguage = {
        let environment = ProcessInfo.processInfo.environment
        for key in ["BIOCAP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[key], !value.isEmpty { return GuidanceLanguage(code: value) ?? .english }
        }
        return .english
    }()
}

extension Guidance {
    /// This advice in the operator's language.
    var localized: String { message(in: OperatorLanguage.current) }
}

import Foundation

/// Escapes ids typed by the technician for use as one URL path segment or query value.
enum PathComponent {
    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

import Foundation

/// Where the API's socket is, the same for the daemon (where it listens) and every client (where it
/// connects).
public enum SocketAddress {
    /// Where systemd's `biocapd.socket` puts it.
    public static let systemPath = "/run/biocap/biocapd.sock"

    /// `$RUNTIME_DIRECTORY/biocapd.sock` under systemd, else `$XDG_RUNTIME_DIR/biocap/biocapd.sock`,
    /// else `/tmp/biocap-UID/biocapd.sock`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let runtime = firstPath(environment["RUNTIME_DIRECTORY"]) { return runtime + "/biocapd.sock" }
        if let xdg = firstPath(environment["XDG_RUNTIME_DIR"]) { return xdg + "/biocap/biocapd.sock" }
        return "/tmp/biocap-\(getuid())/biocapd.sock"
    }

    /// systemd passes colon-separated lists when a unit names several directories; the first is ours.
    /// Empty and absent values are `nil`.
    public static func firstPath(_ value: String?) -> String? {
        guard let value, let first = value.split(separator: ":").first, !first.isEmpty else { return nil }
        return String(first)
    }
}

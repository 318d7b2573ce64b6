import BiocapAPI
import Foundation

/// Finds the daemon's socket and checks, before any HTTP, that something listens there, so the
/// technician gets "not running" or "permission denied" instead of a transport error.
enum SocketLocator {
    static let systemPath = SocketAddress.systemPath

    /// `$BIOCAP_SOCKET`, else the daemon's default for this user (`SocketAddress.defaultPath`),
    /// else the system socket when only that one exists.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["BIOCAP_SOCKET"], !explicit.isEmpty { return explicit }
        let userDefault = SocketAddress.defaultPath(environment: environment)
        let files = FileManager.default
        if !files.fileExists(atPath: userDefault), files.fileExists(atPath: systemPath) { return systemPath }
        return userDefault
    }

    /// Connects once with a plain socket and closes it.
    /// - Throws: `CLIError` `.unreachable` (missing socket, nobody listening) or `.forbidden` (EACCES).
    static func probe(_ path: String) throws(CLIError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else {
            throw CLIError(.usage, "socket path is longer than \(capacity - 1) bytes: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: pathBytes)
            raw[pathBytes.count] = 0
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CLIError(.unreachable, "cannot create a socket: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result != 0 else { return }
        throw failure(errno: errno, path: path)
    }

    /// The message for a failed connect.
    static func failure(errno code: Int32, path: String) -> CLIError {
        let startHints = [
            "Start it with 'sudo systemctl start biocapd' (or 'biocapd --simulate kit' for a simulated kit),",
            "or point biocapctl at a running daemon with --socket PATH or $BIOCAP_SOCKET.",
        ]
        switch code {
        case ENOENT, ENOTDIR:
            return CLIError(.unreachable, "biocapd is not running: no socket at \(path)", hints: startHints)
        case ECONNREFUSED:
            return CLIError(.unreachable, "biocapd is not running: nothing listens on \(path) (connection refused)", hints: startHints)
        case EACCES, EPERM:
            return CLIError(.forbidden, "permission denied on \(path)",
                            hints: ["Join group 'biocap' ('sudo usermod -aG biocap $USER'), then log out and in again."])
        default:
            return CLIError(.unreachable, "cannot connect to biocapd at \(path): \(String(cString: strerror(code)))", hints: startHints)
        }
    }
}

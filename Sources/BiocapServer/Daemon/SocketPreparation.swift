import BiocapCore
import Foundation

/// Gets the socket path ready before binding: its directory exists, no live daemon already owns the
/// path (a stale file from a crash is fine: the server replaces it), and new files are created 0660.
enum SocketPreparation {
    static func prepare(_ path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o750])
        }
        guard path.utf8.count < 108 else {
            throw BiocapError.invalidRequest(field: "--socket", reason: "socket path is longer than 107 bytes: \(path)")
        }
        if FileManager.default.fileExists(atPath: path), isAnswering(path) {
            throw BiocapError.invalidRequest(field: "--socket", reason: "another biocapd is already listening on \(path)")
        }
        // The socket is created by bind(); with this umask it is born 0660, so there is no window in which
        // other users could connect.
        umask(0o117)
    }

    /// Restores the group on the bound socket, so members of the allowed group can connect.
    static func assignGroup(_ path: String, group: String?) -> String? {
        guard let group else { return nil }
        guard let gid = AccessPolicy.groupID(named: group) else {
            return "group '\(group)' does not exist; only root and the daemon's user may connect"
        }
        if chown(path, UInt32.max, gid) != 0 {
            return "cannot give \(path) to group '\(group)': \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// True when something accepts connections on the socket.
    private static func isAnswering(_ path: String) -> Bool {
        #if os(Linux)
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_UNIX, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }
}

import Foundation

/// Who may use the socket: root, the daemon's own user, and members of one group (`biocap`).
public struct AccessPolicy: Sendable, Hashable {
    public var daemonUID: UInt32
    /// The allowed group's id; `nil` admits only root and the daemon's user.
    public var allowedGID: UInt32?
    public var allowedGroupName: String?

    public init(daemonUID: UInt32 = getuid(), allowedGID: UInt32?, allowedGroupName: String? = nil) {
        self.daemonUID = daemonUID
        self.allowedGID = allowedGID
        self.allowedGroupName = allowedGroupName
    }

    /// Resolves a group name (e.g. `biocap`); an unknown group admits only root and the daemon's user.
    public init(groupName: String?) {
        var gid: UInt32?
        if let groupName, let entry = getgrnam(groupName) { gid = entry.pointee.gr_gid }
        self.init(allowedGID: gid, allowedGroupName: groupName)
    }

    public func allows(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == daemonUID { return true }
        guard let allowedGID else { return false }
        return peer.gid == allowedGID || peer.supplementaryGroups().contains(allowedGID)
    }
}

import Foundation

/// Who may use the socket: root, the daemon's own user, and members of one group (`biocap`).
public struct AccessPolicy: Sendable, Hashable {
    public var daemonUID: UInt32
    /// The allowed group's id; `nil` admits only root and the daemon's user.
    public var allowedGID: UInt32?
    public var allowedGroupName: String?
    /// For in-process tests only: the caller assumed for a request whose channel is not a socket at all
    /// (Hummingbird's router test framework), where SO_PEERCRED has nothing to read. `nil` — the default and
    /// all the daemon uses — refuses such a request like any caller it cannot identify. It never applies to a
    /// socket: a socket whose SO_PEERCRED read fails is refused whatever this says. Set it only through
    /// `AccessPolicy.inProcessTesting(caller:)`.
    var inProcessCaller: PeerCredentials?

    public init(daemonUID: UInt32 = getuid(), allowedGID: UInt32?, allowedGroupName: String? = nil) {
        self.daemonUID = daemonUID
        self.allowedGID = allowedGID
        self.allowedGroupName = allowedGroupName
    }

    /// Resolves a group name (e.g. `biocap`) or a numeric gid; an unknown group admits only root and the
    /// daemon's user.
    public init(groupName: String?) {
        self.init(allowedGID: groupName.flatMap(Self.groupID(named:)), allowedGroupName: groupName)
    }

    /// A group's id: digits are a gid as they stand (as systemd takes them), else the name is looked up.
    public static func groupID(named name: String) -> UInt32? {
        if !name.isEmpty, name.allSatisfy(\.isASCII), let gid = UInt32(name) { return gid }
        return getgrnam(name).map { $0.pointee.gr_gid }
    }

    /// **Tests only.** A policy for requests sent straight to the router in process (no socket, so no
    /// SO_PEERCRED): they are taken to come from `caller` — by default this process, which the policy admits
    /// as the daemon's own user — and still go through `allows`. Requests on a real socket are unaffected.
    /// The daemon never uses this; it is SPI so that only code importing `@_spi(Testing)` can reach it.
    @_spi(Testing) public static func inProcessTesting(
        caller: PeerCredentials = PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid()),
        allowedGID: UInt32? = nil
    ) -> AccessPolicy {
        var policy = AccessPolicy(allowedGID: allowedGID)
        policy.inProcessCaller = caller
        return policy
    }

    public func allows(_ peer: PeerCredentials) -> Bool {
        if peer.uid == 0 || peer.uid == daemonUID { return true }
        guard let allowedGID else { return false }
        return peer.gid == allowedGID || peer.supplementaryGroups().contains(allowedGID)
    }
}

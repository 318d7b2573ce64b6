import Foundation
import NIOCore

/// The process on the other end of a Unix socket, as the kernel reports it (SO_PEERCRED).
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// The peer's supplementary groups as the kernel reports them for the socket (SO_PEERGROUPS, Linux
    /// 4.13+), read with the credentials; `nil` when the kernel did not say (then `/proc` is asked).
    public var groups: [UInt32]?

    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32]? = nil) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Room for the groups SO_PEERGROUPS returns; a peer in more groups falls back to `/proc`.
    typealias GroupBuffer = InlineArray<256, UInt32>
    /// SO_PEERGROUPS (asm-generic/socket.h); Glibc does not export it.
    static let peerGroupsOption: Int32 = 59

    /// Glibc does not import `struct ucred`; this is its 12-byte layout.
    struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// Reads the peer of a connected Unix-socket channel; `nil` when the channel is not a socket
    /// (e.g. an embedded test channel) or the kernel refuses.
    public static func read(from channel: any Channel) async -> PeerCredentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        #if os(Linux)
        let future: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        guard let credentials = try? await future.get() else { return nil }
        let groups: EventLoopFuture<GroupBuffer> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(peerGroupsOption))
        return PeerCredentials(pid: credentials.pid, uid: credentials.uid, gid: credentials.gid,
                               groups: (try? await groups.get()).map(Self.groupList))
        #else
        return nil
        #endif
    }

    /// The groups in a SO_PEERGROUPS buffer. The buffer is zero-filled before the kernel writes it and its
    /// length is not reported back, so zeros are dropped: gid 0 is never a group biocap admits by
    /// membership (root is admitted by uid).
    static func groupList(_ buffer: GroupBuffer) -> [UInt32] {
        var groups: [UInt32] = []
        for index in buffer.indices where buffer[index] != 0 { groups.append(buffer[index]) }
        return groups
    }

    /// Supplementary groups of the peer: what the socket reported, else `/proc/PID/status` (which a unit
    /// with `ProtectProc=invisible` hides; empty when unreadable).
    public func supplementaryGroups() -> [UInt32] {
        if let groups { return groups }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [] }
        for line in status.split(separator: "\n") where line.hasPrefix("Groups:") {
            return line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { UInt32($0) }
        }
        return []
    }
}

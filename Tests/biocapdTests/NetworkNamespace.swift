import BiocapTestSupport
import Foundation

/// A private network namespace with its own loopback, where the store and the daemon's uplink run so that a test can
/// limit its rate (`tbf`) and drop its packets (nftables) without touching the machine's network. Needs root,
/// `ip`, `tc` and `nft`; `make` says why not when they are missing.
final class NetworkNamespace: @unchecked Sendable {
    let name: String
    static let ip = "/usr/sbin/ip"

    /// Nil with the reason when this machine cannot do it (not root, tools missing, namespaces not allowed).
    static func make() -> (namespace: NetworkNamespace?, reason: String?) {
        guard getuid() == 0 else { return (nil, "needs root (CI runs as root)") }
        for tool in [ip, "/usr/sbin/tc", "/usr/sbin/nft"] where !FileManager.default.isExecutableFile(atPath: tool) {
            return (nil, "\(tool) is missing (apt-get install iproute2 nftables)")
        }
        let name = "biocap-\(UInt32.random(in: 0...UInt32.max))"
        guard let created = try? CLIHarness.tool(ip, ["netns", "add", name], timeout: 30), created.status == 0 else {
            return (nil, "ip netns add is not allowed here")
        }
        let namespace = NetworkNamespace(name: name)
        // Loopback up; MTU 1500, or 64 KiB loopback packets exceed tbf's burst and nothing passes (HANDOFF.md).
        guard (try? namespace.run(["ip", "link", "set", "lo", "up", "mtu", "1500"]))?.status == 0 else {
            return (nil, "cannot bring up loopback in a namespace")
        }
        return (namespace, nil)
    }

    private init(name: String) { self.name = name }

    /// `ip netns exec NAME` — the launcher that runs a program inside.
    var launcher: [String] { [Self.ip, "netns", "exec", name] }

    /// Runs a command inside (the program found on PATH inside, as `ip netns exec` does).
    @discardableResult
    func run(_ arguments: [String], timeout: Double = 30) throws -> CLIHarness.Result {
        try CLIHarness.tool(Self.ip, ["netns", "exec", name] + arguments, timeout: timeout)
    }

    /// Caps the loopback's rate (both directions pass through it).
    func limitRate(_ rate: String) throws {
        let result = try run(["tc", "qdisc", "add", "dev", "lo", "root", "tbf", "rate", rate, "burst", "64kb", "latency", "400ms"])
        guard result.status == 0 else { throw DaemonError("tc failed: \(result)") }
    }

    /// Drops `percent` % of TCP packets at random (table `biocap-loss`).
    func dropRandomly(percent: Int) throws {
        try nft("add table inet biocap-loss")
        try nft("add chain inet biocap-loss out { type filter hook output priority 0 ; policy accept ; }")
        try nft("add rule inet biocap-loss out meta l4proto tcp numgen random mod 100 < \(percent) drop")
    }

    /// Drops every TCP packet until `endOutage` (table `biocap-outage`): the link is gone.
    func startOutage() throws {
        try nft("add table inet biocap-outage")
        try nft("add chain inet biocap-outage out { type filter hook output priority 0 ; policy accept ; }")
        try nft("add rule inet biocap-outage out meta l4proto tcp drop")
    }

    func endOutage() throws { try nft("delete table inet biocap-outage") }

    /// Removes the rate limit and the random loss: the link is good again.
    func clearFaults() throws {
        let result = try run(["tc", "qdisc", "del", "dev", "lo", "root"])
        guard result.status == 0 else { throw DaemonError("tc failed: \(result)") }
        try nft("delete table inet biocap-loss")
    }

    private func nft(_ command: String) throws {
        let result = try run(["nft", command])
        guard result.status == 0 else { throw DaemonError("nft \(command) failed: \(result)") }
    }

    /// Removes the namespace (its processes must have stopped).
    func delete() {
        _ = try? CLIHarness.tool(Self.ip, ["netns", "del", name], timeout: 30)
    }

    deinit { delete() }
}

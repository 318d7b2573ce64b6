/// Checks a kit's packets form one unbroken chain: each manifest names the SHA-256 of the one stored before it.
/// What the receiving side runs to tell a packet is missing, replayed or out of order.
public enum ManifestChain {
    /// One link: a manifest's own SHA-256 and the predecessor it names (nil for the kit's first packet).
    public struct Link: Sendable, Equatable {
        public var packetID: String
        public var manifestSHA256: String
        public var previousManifestSHA256: String?

        public init(packetID: String, manifestSHA256: String, previousManifestSHA256: String?) {
            self.packetID = packetID
            self.manifestSHA256 = manifestSHA256
            self.previousManifestSHA256 = previousManifestSHA256
        }
    }

    /// Where the chain breaks, in order: each entry names the packet whose predecessor is not the packet before it.
    /// Empty when every link holds. The first link may name any predecessor (the chain may start mid-way).
    public static func breaks(in links: [Link]) -> [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        for (index, link) in links.enumerated() {
            if !seen.insert(link.manifestSHA256).inserted {
                problems.append("packet \(link.packetID) repeats an earlier manifest (replayed)")
            }
            guard index > 0 else { continue }
            let previous = links[index - 1]
            if link.previousManifestSHA256 != previous.manifestSHA256 {
                problems.append("packet \(link.packetID) does not follow packet \(previous.packetID): "
                    + "it names \(link.previousManifestSHA256 ?? "no predecessor") (a packet is missing or out of order)")
            }
        }
        return problems
    }
}

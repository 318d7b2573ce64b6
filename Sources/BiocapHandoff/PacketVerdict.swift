/// What the centre's check found about one delivered packet (or, with `packetID` nil, about a kit's chain).
public struct PacketVerdict: Sendable, Hashable, CustomStringConvertible {
    public var kitID: String
    /// Nil for a finding about the kit's chain of packets rather than one packet.
    public var packetID: String?
    public var problems: [String]

    public init(kitID: String, packetID: String?, problems: [String]) {
        self.kitID = kitID
        self.packetID = packetID
        self.problems = problems
    }

    public var isValid: Bool { problems.isEmpty }

    /// `<packet-id> valid`, `<packet-id> <problem>; <problem>`, or `kit <kit-id> chain: <problem>`.
    public var description: String {
        guard let packetID else { return "kit \(kitID) chain: " + problems.joined(separator: "; ") }
        return packetID + " " + (problems.isEmpty ? "valid" : problems.joined(separator: "; "))
    }
}

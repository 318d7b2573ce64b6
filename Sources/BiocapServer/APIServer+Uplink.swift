import BiocapAPI
import BiocapHandoff
import Hummingbird

extension APIServer {
    /// `GET /v1/uplink` (the operator's view of delivery to the centre) and `POST /v1/uplink/now` (try at once).
    func addUplinkRoutes(to v1: RouterGroup<BiocapRequestContext>) {
        v1.get("uplink") { _, _ in
            guard let uplink = self.uplink else {
                let waiting = try await self.packets.queue.waitingTotals()
                return try Self.json(UplinkStatus(configured: false, state: "off", waitingPackets: waiting.packets, waitingBytes: waiting.bytes))
            }
            return try Self.json(await uplink.status())
        }
        v1.post("uplink/now") { _, _ in
            guard let uplink = self.uplink else {
                throw APIError(status: .conflict, code: "uplink-not-configured",
                               message: "this daemon has no uplink; add an \"uplink\" object to its config file (docs/handoff.md)")
            }
            uplink.wake()
            return try Self.json(await uplink.status(), status: .accepted)
        }
    }
}

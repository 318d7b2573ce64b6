import BiocapAPI
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Per-request context: Hummingbird's core storage, the connection's channel (for SO_PEERCRED),
/// and the peer once the access middleware has read it.
public struct BiocapRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channel: any Channel
    public var peer: PeerCredentials?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// Request bodies are small JSON documents; anything larger is refused with 413.
    public var maxUploadSize: Int { APIServer.maximumBodySize }

    public var responseEncoder: JSONEncoder { APIJSON.encoder }
    public var requestDecoder: JSONDecoder { APIJSON.decoder }
}

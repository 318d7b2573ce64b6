import Hummingbird
import Logging
import NIOCore

/// Reads the caller's uid/gid from the socket, refuses callers the policy does not admit (403), and
/// logs every request with the caller's uid.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = BiocapRequestContext
    let policy: AccessPolicy

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.peer = await PeerCredentials.read(from: context.channel) ?? policy.inProcessCaller(on: context.channel)
        let uid = context.peer.map { String($0.uid) } ?? "?"
        context.logger.info("request", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "uid": "\(uid)"])
        guard let peer = context.peer else {
            throw APIError(status: .forbidden, code: "forbidden", message: "cannot identify the caller (SO_PEERCRED failed)")
        }
        if !policy.allows(peer) {
            let group = policy.allowedGroupName.map { " or a member of group '\($0)'" } ?? ""
            throw APIError(status: .forbidden, code: "forbidden",
                           message: "uid \(peer.uid) may not use biocapd: the caller must be root, the daemon's user\(group)")
        }
        return try await next(request, context)
    }
}

extension AccessPolicy {
    /// The in-process test caller, for a channel that is not a socket; `nil` for any socket and for every
    /// policy but `inProcessTesting`'s.
    func inProcessCaller(on channel: any Channel) -> PeerCredentials? {
        guard let inProcessCaller, !(channel is any SocketOptionProvider) else { return nil }
        return inProcessCaller
    }
}

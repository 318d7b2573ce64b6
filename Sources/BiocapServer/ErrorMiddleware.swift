import BiocapAPI
import BiocapCore
import BiocapQueue
import BiocapRecords
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1

/// Turns every error a route throws into the API's JSON error body with the right status, so no
/// caller ever sees a bare 500 or Hummingbird's own error format.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = BiocapRequestContext
    /// The routes' methods, to tell a wrong method (405) from an unknown path (404).
    let routeMethods: RouteMethods

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routeMethods.methods(for: request.uri.path)
            guard !allowed.isEmpty else { return Self.response(Self.apiError(for: error)) }
            var response = Self.response(APIError(
                status: .methodNotAllowed, code: "method-not-allowed",
                message: "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allowed.joined(separator: ", "))"))
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return Self.response(apiError)
        }
    }

    static func response(_ error: APIError) -> Response {
        let body = APIErrorDocument(code: error.code, message: error.message)
        let data = (try? APIJSON.encoder.encode(body)) ?? Data("{\"error\":{\"code\":\"internal\",\"message\":\"\"}}".utf8)
        return Response(status: error.status, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as BiocapError: return APIError(biocap: error)
        case let error as QueueError: return APIError(queue: error)
        case let error as RecordError: return APIError(record: error)
        case let error as DecodingError: return APIError(status: .badRequest, code: "malformed-request", message: describe(error))
        case let error as HTTPParserError:
            // Raised while the body is read (a request cut short, a malformed chunk): the client's fault.
            return APIError(status: .badRequest, code: "bad-request", message: ConnectionGuard.explain(error))
        case is NIOTooManyBytesError:
            return APIError(status: .contentTooLarge, code: "body-too-large",
                            message: "request body is larger than \(APIServer.maximumBodySize) bytes")
        case let error as HTTPError:
            switch error.status {
            case .contentTooLarge:
                return APIError(status: .contentTooLarge, code: "body-too-large",
                                message: "request body is larger than \(APIServer.maximumBodySize) bytes")
            case .notFound: return APIError(status: .notFound, code: "not-found", message: error.body ?? "no such route")
            case .methodNotAllowed: return APIError(status: .methodNotAllowed, code: "method-not-allowed", message: error.body ?? "method not allowed")
            default: return APIError(status: error.status, code: "http-\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
            }
        default:
            return APIError(status: .internalServerError, code: "internal", message: String(describing: error))
        }
    }

    /// Names the JSON field a decoding error is about.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "body" : path
        }
        switch error {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "malformed JSON: \(context.debugDescription)" }
            return "invalid '\(path(context))': \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field '\(parent == "body" ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(let type, let context): return "invalid '\(path(context))': expected \(type)"
        case .valueNotFound(let type, let context): return "invalid '\(path(context))': expected \(type), found null"
        @unknown default: return "malformed request body"
        }
    }
}

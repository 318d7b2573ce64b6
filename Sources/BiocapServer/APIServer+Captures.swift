import BiocapAPI
import BiocapCapture
import BiocapCore
import BiocapEngine
import BiocapImaging
import BiocapQuality
import Foundation
import Hummingbird

extension APIServer {
    func addCaptureRoutes(to group: RouterGroup<BiocapRequestContext>) {
        group.post("captures") { request, context in
            let body = try await Self.decode(CaptureRequestBody.self, from: request, context: context)
            let captureRequest = try body.captureRequest()
            let info = try await self.captures.start(deviceID: body.device, request: captureRequest,
                                                     caller: context.peer.map { String($0.uid) })
            return try Self.json(info, status: .accepted)
        }
        group.get("captures") { _, _ in
            try Self.json(CaptureList(captures: await self.captures.list()))
        }
        group.get("captures/:id") { _, context in
            try Self.json(try await self.captures.info(try context.parameters.require("id")))
        }
        group.post("captures/:id/cancel") { _, context in
            try Self.json(try await self.captures.cancel(try context.parameters.require("id")))
        }
        group.post("captures/:id/finish") { _, context in
            try Self.json(try await self.captures.finishSignature(try context.parameters.require("id")))
        }
        group.post("captures/:id/clear") { _, context in
            try Self.json(try await self.captures.clearSignature(try context.parameters.require("id")))
        }
        group.get("captures/:id/events") { _, context in
            try await self.events(captureID: try context.parameters.require("id"))
        }
        group.get("captures/:id/image") { request, context in
            let position = try await self.capturedPosition(request, captureID: try context.parameters.require("id"))
            let isSignature = position.result.position == .signature
            let format = request.uri.queryParameters.get("format") ?? (isSignature ? "png" : "jpeg")
            if isSignature, let trace = position.result.signature, let text = request.uri.queryParameters.get("pixelsPerMm") {
                return try Self.signatureImage(trace, pixelsPerMillimetre: text, format: format)
            }
            switch format {
            case "png":
                guard let png = position.companions.first(where: { $0.format == .png }) else {
                    throw APIError.invalid("format", "png is served for signatures; this is \(position.result.position.name)")
                }
                return Self.bytes(png.bytes, contentType: "image/png")
            case "jpeg", "jpg":
                return Self.bytes(try JPEGCodec.encode(position.result.image, quality: 92), contentType: "image/jpeg")
            case "pgm", "pnm":
                let bytes = NetPBM.encode(position.result.image)
                let type = if case .gray = position.result.image { "image/x-portable-graymap" } else { "image/x-portable-pixmap" }
                return Self.bytes(bytes, contentType: type)
            default:
                throw APIError.invalid("format", "'\(format)' is not one of jpeg, pgm\(isSignature ? ", png" : "")")
            }
        }
        group.get("captures/:id/record") { request, context in
            let position = try await self.capturedPosition(request, captureID: try context.parameters.require("id"))
            return Self.bytes(position.record.bytes, contentType: "application/octet-stream",
                              filename: "\(position.result.position.name).iso")
        }
        group.get("captures/:id/segments") { request, context in
            let position = try await self.capturedPosition(request, captureID: try context.parameters.require("id"))
            guard let segmentation = position.result.segmentation else {
                throw APIError.invalid("position", "\(position.result.position.name) is not a slap; only slaps have segments")
            }
            return try Self.json(SlapSegmentsDocument(position: position.result.position, segmentation: segmentation))
        }
        group.get("captures/:id/fingers/:finger/image") { request, context in
            let (slap, segment) = try await self.fingertip(captureID: try context.parameters.require("id"),
                                                           finger: try context.parameters.require("finger"))
            guard case .gray(let image) = slap.result.image else { throw APIError.invalid("finger", "the slap is not a grey image") }
            let fingertip = SlapSegmenter.crop(image, segment)
            switch request.uri.queryParameters.get("format") ?? "jpeg" {
            case "jpeg", "jpg": return Self.bytes(try JPEGCodec.encode(.gray(fingertip), quality: 92), contentType: "image/jpeg")
            case "pgm", "pnm": return Self.bytes(NetPBM.encode(fingertip), contentType: "image/x-portable-graymap")
            case let other: throw APIError.invalid("format", "'\(other)' is not one of jpeg, pgm")
            }
        }
        group.get("captures/:id/fingers/:finger/record") { _, context in
            let captureID = try context.parameters.require("id")
            let (slap, segment) = try await self.fingertip(captureID: captureID, finger: try context.parameters.require("finger"))
            guard let record = slap.companions.first(where: { $0.id == segment.position.name && $0.format == .isoFinger }) else {
                throw BiocapError.notFound(kind: "finger record in capture \(captureID)", id: segment.position.name)
            }
            return Self.bytes(record.bytes, contentType: "application/octet-stream", filename: "\(segment.position.name).iso")
        }
    }

    /// The slap of capture `captureID` in which fingertip `finger` (`left-index` …) was found, and its segment.
    private func fingertip(captureID: String, finger name: String) async throws -> (CapturedPosition, FingerSegment) {
        guard let finger = FingerPosition(name: name), !finger.isSlap, finger != .unknown else {
            throw APIError.invalid("finger", "'\(name)' is not a finger position (right-thumb … left-little)")
        }
        for position in try await captures.positions(captureID) {
            if let segment = position.result.segmentation?.fingers.first(where: { $0.position == finger }) {
                return (position, segment)
            }
        }
        throw BiocapError.notFound(kind: "fingertip in capture \(captureID)", id: name)
    }

    /// A signature drawn again at `?pixelsPerMm=` (1–40; the packed PNG is 8 per mm), as PNG with transparency or JPEG.
    private static func signatureImage(_ trace: SignatureTrace, pixelsPerMillimetre text: String, format: String) throws -> Response {
        guard let resolution = Double(text), resolution.isFinite, (1...40).contains(resolution) else {
            throw APIError.invalid("pixelsPerMm", "must be a number from 1 to 40")
        }
        var options = SignatureDrawing.options
        options.pixelsPerMillimetre = resolution
        options.widthWhenSizeUnknown = Int(resolution / SignatureRenderOptions.nominalPixelsPerMillimetre * Double(options.widthWhenSizeUnknown))
        let raster = try SignatureDrawing.raster(trace, options: options)
        switch format {
        case "png": return bytes(try raster.png(), contentType: "image/png")
        case "jpeg", "jpg": return bytes(try raster.jpeg(quality: 92), contentType: "image/jpeg")
        default: throw APIError.invalid("format", "'\(format)' is not one of png, jpeg for a redrawn signature")
        }
    }

    /// The result for `?position=` (optional when the capture has one position).
    private func capturedPosition(_ request: Request, captureID: String) async throws -> CapturedPosition {
        let positions = try await captures.positions(captureID)
        if let name = request.uri.queryParameters.get("position") {
            guard let position = BiometricPosition(name: name) else { throw APIError.invalid("position", "unknown position '\(name)'") }
            guard let match = positions.first(where: { $0.result.position == position }) else {
                throw BiocapError.notFound(kind: "position in capture \(captureID)", id: name)
            }
            return match
        }
        guard positions.count == 1, let only = positions.first else {
            throw APIError.invalid("position", "capture \(captureID) has \(positions.count) positions; name one with ?position=")
        }
        return only
    }

    /// Server-Sent Events: `progress` per scored frame, then one `finished` with the final capture state.
    func events(captureID: String) async throws -> Response {
        let stream = try await captures.events(captureID)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": biocap capture \(captureID)\n\n"))
            for await event in stream {
                let (name, data): (String, Data) = switch event {
                case .progress(let progress): ("progress", try APIJSON.encoder.encode(CaptureProgressEvent(progress)))
                case .finished(let info): ("finished", try APIJSON.encoder.encode(info))
                }
                try await writer.write(ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }
}

extension CaptureProgressEvent {
    init(_ progress: CaptureProgress) {
        self.init(frameIndex: progress.frameIndex, elapsedSeconds: progress.elapsed.seconds, views: progress.views,
                  bestScores: progress.bestScores)
    }
}

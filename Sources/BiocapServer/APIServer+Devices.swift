import BiocapAPI
import BiocapCore
import BiocapEngine
import BiocapImaging
import Hummingbird

extension APIServer {
    func addDeviceRoutes(to group: RouterGroup<BiocapRequestContext>) {
        group.get("devices") { _, _ in
            try Self.json(DeviceList(devices: await self.devices.statuses()))
        }
        group.get("devices/:id") { _, context in
            try Self.json(try await self.devices.status(try context.parameters.require("id")))
        }
        group.post("devices/:id/selftest") { _, context in
            let report = try await self.devices.selfTest(try context.parameters.require("id"))
            return try Self.json(SelfTestResult(report: report))
        }
        group.get("devices/:id/preview") { request, context in
            try await self.preview(request, deviceID: try context.parameters.require("id"))
        }
    }

    /// `multipart/x-mixed-replace` JPEG frames (`PreviewFrame` parts) of `CaptureManager.preview`.
    func preview(_ request: Request, deviceID: String) async throws -> Response {
        let count = try Self.integer(request, "frames", default: 50)
        let position: BiometricPosition? = try request.uri.queryParameters.get("position").map { name in
            guard let parsed = BiometricPosition(name: name) else {
                throw APIError.invalid("position", "'\(name)' is not a position name")
            }
            return parsed
        }
        let frames = try await captures.preview(deviceID: deviceID, position: position, count: count)
        let body = ResponseBody { writer in
            let encoder = try JPEGEncoder()
            var sent = 0
            for await frame in frames {
                guard let view = frame.views.first(where: { position == nil || $0.position == position }) else { continue }
                let part = PreviewFrame(index: frame.index, position: view.position, jpeg: try encoder.encode(view.image, quality: 80))
                try await writer.write(ByteBuffer(bytes: part.encoded()))
                sent += 1
                if sent >= count { break }
            }
            try await writer.write(ByteBuffer(bytes: PreviewFrame.closingDelimiter))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: PreviewFrame.contentType], body: body)
    }
}

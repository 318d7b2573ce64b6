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

    /// `multipart/x-mixed-replace` JPEG frames: the running capture's frames when there is one,
    /// otherwise a preview stream of its own (the device is busy meanwhile).
    func preview(_ request: Request, deviceID: String) async throws -> Response {
        let count = request.uri.queryParameters.get("frames", as: Int.self) ?? 50
        guard (1...1000).contains(count) else { throw APIError.invalid("frames", "must be 1–1000") }
        let status = try await devices.status(deviceID)
        let position: BiometricPosition? = try request.uri.queryParameters.get("position").map { name in
            guard let parsed = BiometricPosition(name: name), status.descriptor.capabilities.positions.contains(parsed) else {
                throw APIError.invalid("position", "'\(name)' is not a position device \(deviceID) captures")
            }
            return parsed
        }
        let frames: AsyncStream<Frame>
        if let tap = await captures.frames(onDevice: deviceID) {
            frames = tap
        } else {
            frames = try await ownPreviewStream(deviceID: deviceID, status: status, position: position, count: count)
        }
        let boundary = "biocapframe"
        let body = ResponseBody { writer in
            let encoder = try JPEGEncoder()
            var sent = 0
            for await frame in frames {
                guard let view = frame.views.first(where: { position == nil || $0.position == position }) else { continue }
                let jpeg = try encoder.encode(view.image, quality: 80)
                let header = "--\(boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: \(jpeg.count)\r\n"
                    + "X-Frame-Index: \(frame.index)\r\nX-Position: \(view.position.name)\r\n\r\n"
                var buffer = ByteBuffer(string: header)
                buffer.writeBytes(jpeg)
                buffer.writeString("\r\n")
                try await writer.write(buffer)
                sent += 1
                if sent >= count { break }
            }
            try await writer.write(ByteBuffer(string: "--\(boundary)--\r\n"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "multipart/x-mixed-replace; boundary=\(boundary)"], body: body)
    }

    private func ownPreviewStream(deviceID: String, status: DeviceStatus, position: BiometricPosition?, count: Int) async throws -> AsyncStream<Frame> {
        let positions = position.map { [$0] } ?? Array(status.descriptor.capabilities.positions.prefix(1))
        let request = CaptureRequest(modality: status.descriptor.modality, positions: positions, threshold: 100, timeout: .seconds(600))
        let device = try await devices.reserve(deviceID)
        let source: AsyncThrowingStream<Frame, any Error>
        do { source = try await device.frames(for: request) } catch {
            await devices.release(deviceID, error: error)
            throw error
        }
        let devices = self.devices
        return AsyncStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let pump = Task {
                var failure: BiocapError?
                do {
                    var delivered = 0
                    for try await frame in source {
                        continuation.yield(frame)
                        delivered += 1
                        if delivered >= count { break }
                    }
                } catch {
                    failure = error as? BiocapError ?? .deviceFailure(device: deviceID, reason: "\(error)")
                }
                continuation.finish()
                await devices.release(deviceID, error: failure)
            }
            continuation.onTermination = { _ in pump.cancel() }
        }
    }
}

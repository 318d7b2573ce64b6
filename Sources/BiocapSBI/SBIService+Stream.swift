import BiocapCore
import BiocapEngine
import BiocapImaging
import BiocapSBIProtocol
import Foundation

extension SBIService {
    /// The stream's default length when the client gives none (SBI: five minutes).
    static let defaultStreamMilliseconds = 300_000
    /// At most this many frames a second go out (SBI wants at least three); a faster device's frames are skipped.
    static let streamFramesPerSecond = 15.0
    static let streamJPEGQuality = 80

    /// STREAM: `multipart/x-mixed-replace` JPEG frames of the device until the stream's timeout, or until a capture
    /// started on the device during the stream ends. Without a capture the stream runs a preview of its own; a capture
    /// started through either interface takes the device over and the stream shows the capture's frames.
    func stream(_ body: [UInt8], port: Int, write: @escaping @Sendable ([UInt8]) async throws -> Void) async -> Answer {
        let request: SBIStreamRequest
        do { request = try SBIJSON.decode(SBIStreamRequest.self, from: body) } catch {
            return .response(.json(encode(SBIErrorDocument(error: SBIErrorInfo(.malformedRequest, "the body is not a STREAM request: \(Self.reason(error))")))))
        }
        guard let device = await offered().first(where: { $0.status.descriptor.id == request.deviceId }),
              [.ready, .busy].contains(device.status.state) else {
            return .response(.json(encode(SBIErrorDocument(error: SBIErrorInfo(.noDeviceConnected)))))
        }
        guard device.kind.subIDs(device.status.descriptor).contains(request.deviceSubId) else {
            return .response(.json(encode(SBIErrorDocument(error: SBIErrorInfo(.invalidDeviceSubID, "deviceSubId '\(request.deviceSubId.prefix(8))' is not one of this device's")))))
        }
        var milliseconds = Self.defaultStreamMilliseconds
        if let text = request.timeout {
            guard let value = Int(text), value > 0, value <= 3_600_000 else {
                return .response(.json(encode(SBIErrorDocument(error: SBIErrorInfo(.invalidTimeout, "timeout must be 1–3600000 milliseconds")))))
            }
            milliseconds = value
        }
        let head = SBIHTTPResponse(status: 200, headers: [
            ("Content-Type", "multipart/x-mixed-replace; boundary=\(SBIConstants.streamBoundary)"),
        ], body: [])
        do { try await write(head.serialized(port: port, keepAlive: false, streaming: true)) } catch { return .streamed }
        let deadline = ContinuousClock.now + .milliseconds(milliseconds)
        let position = Self.previewPosition(device.kind, subID: request.deviceSubId)
        await pump(deviceID: request.deviceId, position: position, until: deadline, write: write)
        return .streamed
    }

    /// Sends frames until the deadline, the client leaving (task cancelled or a failed write), or the end of a capture
    /// the stream was showing.
    private func pump(deviceID: String, position: BiometricPosition?, until deadline: ContinuousClock.Instant,
                      write: @escaping @Sendable ([UInt8]) async throws -> Void) async {
        let interval = Duration.seconds(1 / Self.streamFramesPerSecond)
        while !Task.isCancelled, ContinuousClock.now < deadline {
            let frames: AsyncStream<Frame>
            var followsCapture = false
            if let tap = await captures.frames(onDevice: deviceID) {
                frames = tap
                followsCapture = true
            } else {
                do {
                    frames = try await captures.preview(deviceID: deviceID, position: position, count: 1000)
                } catch {
                    // Another client's preview, or a capture about to start: look again shortly.
                    guard case .deviceBusy = error else { return }
                    try? await Task.sleep(for: .milliseconds(100))
                    continue
                }
            }
            let outcome = await withTaskGroup(of: Bool.self) { group -> Bool in
                group.addTask {
                    var lastSent: ContinuousClock.Instant?
                    for await frame in frames {
                        if ContinuousClock.now >= deadline || Task.isCancelled { return false }
                        let now = ContinuousClock.now
                        if let lastSent, now - lastSent < interval { continue }
                        guard let part = Self.part(frame) else { continue }
                        do { try await write(part) } catch { return false }
                        lastSent = now
                    }
                    return true
                }
                group.addTask {
                    // Ends the stream at its deadline even when the device sends nothing.
                    try? await Task.sleep(until: deadline)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            // The frames ended: a finished capture ends the stream; a preview ended (a capture took over) goes round again,
            // after a moment that lets the capture reserve the device first.
            if !outcome || followsCapture { break }
            try? await Task.sleep(for: .milliseconds(150))
        }
        await captures.endPreview(deviceID: deviceID)
    }

    /// One multipart part: the boundary line as SBI and MOSIP's mock write it (the declared boundary itself, not RFC
    /// 2046's `--` + boundary: no client reads it either way), the headers exactly as MOSIP's clients search for them, the JPEG.
    static func part(_ frame: Frame) -> [UInt8]? {
        guard let view = frame.views.first, let jpeg = try? JPEGCodec.encode(view.image, quality: streamJPEGQuality) else { return nil }
        let head = "\(SBIConstants.streamBoundary)\r\nContent-Type:image/jpeg\r\nContent-Length:\(jpeg.count)\r\n\r\n"
        return Array(head.utf8) + jpeg + [0x0D, 0x0A]
    }

    /// The position a preview shows for a sub-id (a slap's, the first eye, the face).
    static func previewPosition(_ kind: SBIDeviceKind, subID: String) -> BiometricPosition? {
        switch (kind, subID) {
        case (.slapScanner, "1"): .finger(.plainLeftFour)
        case (.slapScanner, "2"): .finger(.plainRightFour)
        case (.slapScanner, "3"): .finger(.plainThumbs)
        case (.irisDouble, "1"): .iris(.left)
        case (.irisDouble, "2"): .iris(.right)
        default: nil
        }
    }
}

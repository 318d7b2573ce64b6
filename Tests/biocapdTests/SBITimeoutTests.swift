import BiocapTestSupport
import Foundation
import Testing

/// The SBI rules that take real time: a capture that waits out its timeout while a second one is refused as busy, the
/// best frame at the timeout, and idle connections closed while a long capture is not. A suite of its own so these
/// waits run beside `SBIServiceTests` rather than after it; serialized like it (one simulated kit at a time).
@Suite(.serialized) struct SBITimeoutTests {
    @Test func timeoutsBusyAndTheBestFrame() async throws {
        // Simulated time at the real scanner's pace (10 frames a second), not faster: a capture that waits out its
        // timeout renders and scores frames for all of it, and at a fifth of the time it was the suite's largest use
        // of CPU.
        try await SBIServiceTests.withService("sbi-timeouts", extra: ["--scenario", "finger=missing-finger"], timeScale: "1") { port, _, client in
            // A finger never arrives: the documented error comes at the timeout, not before.
            // Sent from a thread started right here, not from a child task that a busy pool may start late.
            let missing = SBIWire.start {
                let started = ContinuousClock.now
                let reply = try SBIWire.sendBlocking(port: port, "RCAPTURE", "/capture",
                                                     body: SBIWire.capture(type: "Finger", device: "sim-finger-0", subID: "2", count: 4, timeoutMilliseconds: 20_000),
                                                     timeout: 180)
                return (reply, ContinuousClock.now - started)
            }
            // Once the capture holds the device, a second one is refused at once, and discovery and info still answer.
            let deadline = ContinuousClock.now + .seconds(30)
            var status = ""
            while status != "Busy", ContinuousClock.now < deadline {
                let found = try await SBIWire.send(port: port, "MOSIPDISC", "/device", body: #"{"type":"Finger"}"#, timeout: 60)
                status = (found.json as? [[String: Any]])?.first?["deviceStatus"] as? String ?? ""
                if status != "Busy" { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == "Busy")
            let busy = try await SBIWire.send(port: port, "RCAPTURE", "/capture",
                                              body: SBIWire.capture(transaction: "second-1", type: "Finger", device: "sim-finger-0", subID: "1", count: 4), timeout: 60)
            #expect(busy.captureCodes == ["111"], "\(String(decoding: busy.body, as: UTF8.self))")
            let info = try await SBIWire.send(port: port, "MOSIPDINFO", "/info", body: "{}", timeout: 60)
            let codes = (info.json as? [[String: Any]] ?? []).compactMap { ($0["error"] as? [String: Any])?["errorCode"] as? String }
            #expect(codes.contains("111"), "the capturing device reports Busy (111): \(codes)")
            // One device manager behind both interfaces: the socket API finds the device busy too.
            let socketCapture = try await client.post("/v1/captures", json: [
                "device": "sim-finger-0", "positions": ["plain-left-four"], "timeoutSeconds": 5,
            ])
            #expect(socketCapture.status == 409 && socketCapture.errorCode == "device-busy", "\(String(decoding: socketCapture.body, as: UTF8.self))")
            let (reply, elapsed) = try await missing.value()
            #expect(reply.captureCodes == ["101"], "\(String(decoding: reply.body, as: UTF8.self))")
            #expect(elapsed >= .milliseconds(20_000), "answered after \(elapsed), before the 20 s timeout")
            // Iris cannot reach 100: the best frame comes back at the timeout, not an error.
            let started = ContinuousClock.now
            let best = try await SBIWire.send(port: port, "RCAPTURE", "/capture",
                                        body: SBIWire.capture(transaction: "best-frame", type: "Iris", device: "sim-iris-0", subID: "3", count: 2, score: "100", timeoutMilliseconds: 2500))
            #expect(best.captureCodes == ["0", "0"], "\(String(decoding: best.body.prefix(400), as: UTF8.self))")
            #expect(ContinuousClock.now - started >= .milliseconds(2500))
            // And the finger scanner is usable again.
            let ready = try await SBIWire.send(port: port, "MOSIPDISC", "/device", body: #"{"type":"Finger"}"#)
            #expect((ready.json as? [[String: Any]])?.first?["deviceStatus"] as? String == "Ready")
        }
    }

    @Test func idleConnectionsAreClosedButALongCaptureIsNot() async throws {
        try await SBIServiceTests.withService("sbi-idle", extra: ["--idle-timeout", "1", "--scenario", "finger=missing-finger"], timeScale: "1") { port, _, _ in
            let silent = try RawConnection(tcpPort: port)
            let halfSent = try RawConnection(tcpPort: port)
            halfSent.send(bytes: Array("RCAPTURE /capture HTTP/1.1\r\nContent-Length: 100\r\n\r\n{".utf8))
            let closed = try await SBIWire.offload { (silent.receiveBytes(for: 15).closed, halfSent.receiveBytes(for: 15).closed) }
            #expect(closed.0, "a silent connection was not closed")
            #expect(closed.1, "a half-sent request was not closed")
            // A capture that runs three times the idle time is answered.
            let reply = try await SBIWire.send(port: port, "RCAPTURE", "/capture",
                                               body: SBIWire.capture(type: "Finger", device: "sim-finger-0", subID: "2", count: 4, timeoutMilliseconds: 3000))
            #expect(reply.captureCodes == ["101"])
        }
    }
}

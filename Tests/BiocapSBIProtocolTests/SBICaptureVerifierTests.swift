import BiocapSBIProtocol
import Crypto
import Foundation
import Testing

/// The client's check of an RCAPTURE answer, on answers built here with `SBIJWS.sign` as a device would build them:
/// a good one verifies and yields the chain's last hash (computed independently below); a broken link, a wrong
/// transactionId, an excepted position, bad formats, a forged signature and device errors are each reported.
@Suite struct SBICaptureVerifierTests {
    static let identity = Result { try SBIDeviceIdentity.generate(commonName: "biocap capture test") }
    static let positions = ["Left IndexFinger", "Left MiddleFinger", "Left RingFinger"]

    static let request = SBICaptureRequest(
        env: "Developer", purpose: "Registration", specVersion: "0.9.5", timeout: "10000", captureTime: "2026-12-02T14:07:26Z",
        transactionId: "txn-0001",
        bio: [SBICaptureRequest.Bio(type: "Finger", count: "3", exception: ["Left LittleFinger"], requestedScore: "40",
                                    deviceId: "slap-1", deviceSubId: "1")])

    /// A finger record's first bytes (ISO/IEC 19794-4:2011), then bytes that differ per position.
    static func record(_ index: Int) -> [UInt8] {
        Array("FIR\u{0}020\u{0}".utf8) + (0..<64).map { UInt8(($0 * 7 + index * 31) & 0xFF) }
    }

    /// SHA-256(previous ‖ SHA-256(record)), computed here without `SBIHashChain`.
    static func link(_ previous: [UInt8], _ record: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: previous + Array(SHA256.hash(data: record))))
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02X", $0) }.joined() }

    static func payload(_ index: Int, position: String) throws -> SBIBiometricData {
        let digitalID = SBIDigitalID(serialNo: "SN-7", make: "biocap", model: "slap", type: "Finger", deviceSubType: "Slap",
                                     deviceProvider: "biocap", deviceProviderId: "biocap", dateTime: "2026-12-02T14:07:20Z")
        return SBIBiometricData(
            digitalId: try SBIJWS.sign(digitalID, with: try identity.get()), deviceCode: "SN-7", deviceServiceVersion: "1.0",
            bioType: "Finger", bioSubType: position, purpose: "Registration", env: "Developer",
            bioValue: Base64URL.encode(record(index)), transactionId: "txn-0001", timestamp: "2026-12-02T14:07:30Z",
            requestedScore: "40", qualityScore: "87.5")
    }

    /// An answer for `positions`, chained from `start`; `change` may alter each payload before it is signed and
    /// `hashes` may replace the hash written (index → hex).
    static func answer(start: [UInt8] = Array(SHA256.hash(data: [UInt8]())),
                       change: (Int, inout SBIBiometricData) -> Void = { _, _ in },
                       hashes: [Int: String] = [:]) throws -> (body: [UInt8], lastHash: String) {
        var previous = start
        var entries: [SBIBiometricEntry] = []
        for (index, position) in positions.enumerated() {
            var data = try payload(index, position: position)
            change(index, &data)
            let hash = hashes[index] ?? hex(link(previous, Base64URL.decode(data.bioValue) ?? []))
            previous = SBIHashChain.bytes(hex: hash) ?? []
            entries.append(SBIBiometricEntry(specVersion: "0.9.5", data: try SBIJWS.sign(data, with: try identity.get()),
                                             hash: hash, error: .success))
        }
        return (try SBIJSON.encode(SBICaptureResponse(biometrics: entries)), hex(previous))
    }

    @Test func aGoodAnswerVerifiesAndGivesTheLastHash() throws {
        let (body, lastHash) = try Self.answer()
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: body)
        #expect(report.isVerified, "\(report.problems) \(report.entries.map(\.problems))")
        #expect(report.entries.map(\.verdict) == [.verified, .verified, .verified])
        #expect(report.entries.map(\.position) == Self.positions)
        #expect(report.entries.map(\.record) == (0..<3).map { Self.record($0) })
        #expect(report.entries.first?.digitalId?.serialNo == "SN-7")
        #expect(report.lastHash == lastHash)
        // MOSIP's clients send SHA-256("") in lowercase on a first capture: the same chain.
        let lowercase = Self.hex(Array(SHA256.hash(data: [UInt8]()))).lowercased()
        #expect(SBICaptureVerifier(request: Self.request, previousHash: lowercase).verify(responseBody: body).lastHash == lastHash)
    }

    @Test func aChainContinuedFromAPreviousCaptureVerifiesOnlyFromThatHash() throws {
        let previous = Self.link(Array(SHA256.hash(data: [UInt8]())), Self.record(99))
        let (body, lastHash) = try Self.answer(start: previous)
        let continued = SBICaptureVerifier(request: Self.request, previousHash: Self.hex(previous).lowercased()).verify(responseBody: body)
        #expect(continued.isVerified)
        #expect(continued.lastHash == lastHash)
        let fresh = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: body)
        #expect(!fresh.isVerified)
        #expect(fresh.lastHash == nil)
        #expect(fresh.entries.map(\.verdict) == [.failed, .verified, .verified])
        #expect(fresh.entries[0].problems.contains { $0.contains("the chain is broken here") })
    }

    @Test func aBrokenLinkIsReportedAtTheEntryThatHasIt() throws {
        // The device wrote a wrong hash for the second entry and chained the third from it.
        let wrong = String(repeating: "AB", count: 32)
        let (body, _) = try Self.answer(hashes: [1: wrong])
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: body)
        #expect(!report.isVerified)
        #expect(report.lastHash == nil)
        #expect(report.entries.map(\.verdict) == [.verified, .failed, .verified])
        let expected = Self.hex(Self.link(Self.link(Array(SHA256.hash(data: [UInt8]())), Self.record(0)), Self.record(1)))
        #expect(report.entries[1].expectedHash == expected)
        #expect(report.entries[1].problems == ["hash is '\(wrong)' but SHA-256(previous hash ‖ SHA-256(record)) is \(expected): the chain is broken here"])
    }

    @Test func aWrongTransactionIdIsReported() throws {
        let (body, _) = try Self.answer(change: { index, data in if index == 2 { data.transactionId = "txn-0002" } })
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: body)
        #expect(report.entries.map(\.verdict) == [.verified, .verified, .failed])
        #expect(report.entries[2].problems == ["transactionId is 'txn-0002', the request's is 'txn-0001'"])
    }

    @Test func anExceptedPositionBadFormatsAndAWrongRecordAreReported() throws {
        let (body, _) = try Self.answer(change: { index, data in
            switch index {
            case 0: data.bioSubType = "Left LittleFinger"
            case 1:
                data.timestamp = "2026-12-02T14:07:30.123Z"
                data.qualityScore = "101"
            default: data.bioValue = Base64URL.encode(Array("IIR\u{0}020\u{0}".utf8))
            }
        })
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: body)
        #expect(report.entries.map(\.verdict) == [.failed, .failed, .failed])
        #expect(report.entries[0].problems == ["'Left LittleFinger' was excepted in the request but returned"])
        #expect(report.entries[1].problems == ["timestamp '2026-12-02T14:07:30.123Z' is not yyyy-MM-ddTHH:mm:ssZ",
                                               "qualityScore '101' is not a score 0-100"])
        #expect(report.entries[2].problems == [#"bioValue is not an ISO/IEC 19794 Finger record: it starts 'IIR', expected 'FIR\0'"#])
    }

    @Test func aForgedSignatureIsReportedAndNoRecordIsTrusted() throws {
        let (body, _) = try Self.answer()
        var response = try SBIJSON.decode(SBICaptureResponse.self, from: body)
        var forged = try Self.payload(1, position: Self.positions[1])
        forged.qualityScore = "99"
        let parts = response.biometrics[1].data.split(separator: ".").map(String.init)
        response.biometrics[1].data = parts[0] + "." + Base64URL.encode(try SBIJSON.encode(forged)) + "." + parts[2]
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: try SBIJSON.encode(response))
        #expect(report.entries.map(\.verdict) == [.verified, .failed, .verified])
        #expect(report.entries[1].problems == ["data: \(SBIJWSError.badSignature)"])
        #expect(report.entries[1].record == nil)
        #expect(report.entries[1].data == nil)
    }

    @Test func deviceErrorsAndMalformedAnswersAreReported() throws {
        let failure = SBICaptureResponse(biometrics: [.failure(SBIErrorInfo(.countNotSupported))])
        let report = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: try SBIJSON.encode(failure))
        #expect(report.hasDeviceError && !report.isVerified)
        #expect(report.entries.map(\.verdict) == [.deviceError])
        #expect(report.entries[0].error == SBIErrorInfo(.countNotSupported))
        #expect(report.problems.isEmpty)

        let notJSON = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: Array("<html>".utf8))
        #expect(notJSON.problems.count == 1 && notJSON.problems[0].hasPrefix("the answer is not an RCAPTURE document"))
        let topLevel = SBICaptureVerifier(request: Self.request, previousHash: nil)
            .verify(responseBody: Array(#"{"error":{"errorCode":"101","errorInfo":"no finger"}}"#.utf8))
        #expect(topLevel.problems == ["the answer has no 'biometrics' list: error 101 no finger"])

        // Two of three positions with no error entry: the count does not match.
        var response = try SBIJSON.decode(SBICaptureResponse.self, from: try Self.answer().body)
        response.biometrics.removeLast()
        let short = SBICaptureVerifier(request: Self.request, previousHash: nil).verify(responseBody: try SBIJSON.encode(response))
        #expect(short.problems == ["2 position(s) returned, 3 requested (count excludes the exceptions)"])
        #expect(!short.isVerified)
    }
}

import BiocapAPI
import BiocapCore
@testable import BiocapSBI
import BiocapSBIProtocol
import Testing

/// RCAPTURE requests checked field by field: counts and exceptions as SBI 0.9.5 defines them, and the error code
/// each refusal carries.
@Suite struct SBICapturePlanTests {
    static let slapScanner = DeviceDescriptor(
        id: "finger-1", modality: .finger, vendor: "v", model: "m", driver: "d", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 1600, imageHeight: 1500, ppi: 500, framesPerSecond: 10,
                                         positions: [.finger(.rightIndex), .finger(.plainLeftFour), .finger(.plainRightFour), .finger(.plainThumbs)]))
    static let singleSensor = DeviceDescriptor(
        id: "finger-2", modality: .finger, vendor: "v", model: "m", driver: "d", simulated: false,
        capabilities: DeviceCapabilities(imageWidth: 256, imageHeight: 360, ppi: 500, framesPerSecond: 5,
                                         positions: FingerPosition.allCases.filter { !$0.isSlap && $0 != .unknown }.map { .finger($0) }))
    static let irisCamera = DeviceDescriptor(
        id: "iris-1", modality: .iris, vendor: "v", model: "m", driver: "d", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 640, imageHeight: 480, framesPerSecond: 10, positions: [.iris(.right), .iris(.left)]))
    static let faceCamera = DeviceDescriptor(
        id: "face-1", modality: .face, vendor: "v", model: "m", driver: "d", simulated: true,
        capabilities: DeviceCapabilities(imageWidth: 1280, imageHeight: 720, framesPerSecond: 30, positions: [.face], colour: true))
    static let statuses = [slapScanner, singleSensor, irisCamera, faceCamera].map { DeviceStatus(descriptor: $0, state: .ready) }

    private func body(type: String = "Finger", device: String = "finger-1", subID: String = "1", count: String = "4",
                      exceptions: [String] = [], subTypes: [String] = [], env: String? = "Developer",
                      transaction: String? = "txn-0001", timeout: String? = "10000") -> SBICaptureRequest {
        SBICaptureRequest(env: env, purpose: "Registration", specVersion: "0.9.5", timeout: timeout, captureTime: nil,
                          transactionId: transaction,
                          bio: [.init(type: type, count: count, bioSubType: subTypes, exception: exceptions, requestedScore: "40",
                                      deviceId: device, deviceSubId: subID, previousHash: nil)])
    }

    private func code(_ request: SBICaptureRequest, statuses: [DeviceStatus] = statuses) -> String? {
        do {
            _ = try SBICapturePlan.make(request, environment: "Developer", statuses: statuses)
            return nil
        } catch {
            return error.errorCode
        }
    }

    @Test func aLeftSlapWithOneExceptionCapturesTheOtherThree() throws {
        let plan = try SBICapturePlan.make(body(count: "3", exceptions: ["Left RingFinger"]), environment: "Developer", statuses: Self.statuses)
        #expect(plan.request.positions == [.finger(.plainLeftFour)])
        #expect(plan.request.exceptions.map(\.position) == [.finger(.leftRing)])
        #expect(plan.returned == [.finger(.leftLittle), .finger(.leftMiddle), .finger(.leftIndex)])
        #expect(plan.request.threshold == 40)
        #expect(plan.request.timeout == .milliseconds(10000))
    }

    @Test func countsThatDoNotFitAreRefusedWith109() {
        #expect(code(body(count: "4", exceptions: ["Left RingFinger"])) == "109")
        #expect(code(body(count: "3")) == "109")
        #expect(code(body(subID: "3", count: "3")) == "109")
        #expect(code(body(count: "0", exceptions: ["Left IndexFinger", "Left MiddleFinger", "Left RingFinger", "Left LittleFinger"])) == "109")
        #expect(code(body(type: "Iris", device: "iris-1", subID: "1", count: "2")) == "109")
        #expect(code(body(type: "Face", device: "face-1", subID: "0", count: "2")) == "109")
        #expect(code(body(device: "finger-2", subID: "0", count: "2")) == "109")
    }

    @Test func irisSubIDsAndExceptions() throws {
        let both = try SBICapturePlan.make(body(type: "Iris", device: "iris-1", subID: "3", count: "2"), environment: "Developer", statuses: Self.statuses)
        #expect(both.returned == [.iris(.right), .iris(.left)])
        let rightOnly = try SBICapturePlan.make(body(type: "Iris", device: "iris-1", subID: "3", count: "1", exceptions: ["Left"]),
                                                environment: "Developer", statuses: Self.statuses)
        #expect(rightOnly.request.positions == [.iris(.right)])
        #expect(code(body(type: "Iris", device: "iris-1", subID: "1", count: "1", exceptions: ["Right"])) == "508")
    }

    @Test func aSingleFingerSensorCapturesTheNamedFinger() throws {
        let plan = try SBICapturePlan.make(body(device: "finger-2", subID: "0", count: "1", subTypes: ["Right Thumb"]),
                                           environment: "Developer", statuses: Self.statuses)
        #expect(plan.returned == [.finger(.rightThumb)])
        #expect(code(body(device: "finger-2", subID: "1", count: "1")) == "507")
    }

    @Test func refusalsNameTheirCause() {
        #expect(code(body(env: "Production")) == "503")
        #expect(code(body(env: nil)) == "506")
        #expect(code(body(transaction: "ab")) == "112")
        #expect(code(body(transaction: "has space")) == "112")
        #expect(code(body(transaction: String(repeating: "a", count: 51))) == "112")
        #expect(code(body(timeout: "0")) == "509")
        #expect(code(body(timeout: "ten")) == "509")
        #expect(code(body(timeout: "600001")) == "509")
        #expect(code(body(device: "nope")) == "106")
        #expect(code(body(type: "Iris")) == "106")
        #expect(code(body(subID: "0")) == "507")
        #expect(code(body(count: "3", exceptions: ["Right RingFinger"])) == "508")
        #expect(code(body(count: "2", exceptions: ["Left RingFinger", "Left RingFinger"])) == "508")
        var wrongPurpose = body()
        wrongPurpose.purpose = "Auth"
        #expect(code(wrongPurpose) == "504")
        var wrongVersion = body()
        wrongVersion.specVersion = "1.0.0"
        #expect(code(wrongVersion) == "505")
        var badScore = body()
        badScore.bio?[0].requestedScore = "101"
        #expect(code(badScore) == "506")
        var badHash = body()
        badHash.bio?[0].previousHash = "abc"
        #expect(code(badHash) == "506")
    }

    @Test func aBusyOrVanishedDeviceIsRefused() {
        let busy = Self.statuses.map { DeviceStatus(descriptor: $0.descriptor, state: $0.descriptor.id == "finger-1" ? .busy : .ready) }
        #expect(code(body(), statuses: busy) == "111")
        let gone = Self.statuses.map { DeviceStatus(descriptor: $0.descriptor, state: $0.descriptor.id == "finger-1" ? .disconnected : .ready) }
        #expect(code(body(), statuses: gone) == "110")
    }

    @Test func lenientNumbersAndNullsDecode() throws {
        let json = #"{"env":"Developer","purpose":"Registration","specVersion":"0.9.5","timeout":10000,"transactionId":"abcd","#
            + #""bio":[{"type":"Finger","count":4,"bioSubType":null,"exception":[null],"requestedScore":40.5,"deviceId":"finger-1","deviceSubId":2,"previousHash":null}],"customOpts":null}"#
        let request = try SBIJSON.decode(SBICaptureRequest.self, from: Array(json.utf8))
        let plan = try SBICapturePlan.make(request, environment: "Developer", statuses: Self.statuses)
        #expect(plan.request.positions == [.finger(.plainRightFour)])
        #expect(plan.request.threshold == 41)
        #expect(plan.requestedScore == "40.5")
    }
}

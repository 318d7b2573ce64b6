import BiocapCore
import Foundation
import Testing

@Suite struct BiometricPositionTests {
    @Test func namesRoundTripThroughJSON() throws {
        for position in BiometricPosition.all {
            let data = try JSONEncoder().encode([position])
            #expect(String(decoding: data, as: UTF8.self) == "[\"\(position.name)\"]")
            #expect(try JSONDecoder().decode([BiometricPosition].self, from: data) == [position])
        }
    }

    @Test func unknownNameIsADecodingError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([BiometricPosition].self, from: Data("[\"left-toe\"]".utf8))
        }
    }

    @Test func slapsExpandToTheirFingersAndBack() {
        #expect(FingerPosition.plainRightFour.fingers == [.rightIndex, .rightMiddle, .rightRing, .rightLittle])
        #expect(FingerPosition.plainThumbs.fingers.count == 2)
        for slap in [FingerPosition.plainLeftFour, .plainRightFour, .plainThumbs] {
            #expect(slap.isSlap)
            for finger in slap.fingers { #expect(finger.slap == slap) }
        }
        #expect(FingerPosition.rightIndex.rawValue == 2 && FingerPosition.plainThumbs.rawValue == 15)
    }

    @Test func requestValidationNamesTheField() {
        let wrongModality = CaptureRequest(modality: .iris, positions: [.finger(.leftIndex)])
        #expect(throws: BiocapError.invalidRequest(field: "positions", reason: "'left-index' is not a iris position")) {
            try wrongModality.validate()
        }
        let badThreshold = CaptureRequest(modality: .face, positions: [.face], threshold: 101)
        #expect(throws: BiocapError.self) { try badThreshold.validate() }
        let slap = CaptureRequest(
            modality: .finger, positions: [.finger(.plainLeftFour)],
            exceptions: [BiometricException(position: .finger(.leftRing), reason: .amputated)])
        #expect(slap.expectedFingers == [.leftLittle, .leftMiddle, .leftIndex])
        let unrelated = CaptureRequest(modality: .finger, positions: [.finger(.plainLeftFour)],
                                       exceptions: [BiometricException(position: .finger(.rightThumb), reason: .missing)])
        #expect(throws: BiocapError.self) { try unrelated.validate() }
    }

    @Test func usbIDParsesAndPrints() {
        #expect(USBID("298d:1010") == USBID(vendorID: 0x298d, productID: 0x1010))
        #expect(USBID(vendorID: 0x08ff, productID: 0x5731).description == "08ff:5731")
        #expect(USBID("298d-1010") == nil && USBID("12345:1") == nil && USBID("zzzz:0000") == nil)
    }
}

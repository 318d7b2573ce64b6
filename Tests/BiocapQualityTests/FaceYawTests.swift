import BiocapCore
import BiocapImaging
import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

/// Yaw read from the nose between the eyes (`NoseYaw`): the background, hair and skin around a face do not change
/// it, and a grey frame (a near-infrared face camera: no skin colour to balance) has it too.
@Suite("Face: yaw from the nose")
struct FaceYawTests {
    /// `photo` with a band of `colour` from the top to the bottom of the frame, from `x0` to `x1`: a skin-coloured
    /// wall, door frame or curtain beside the head.
    static func band(_ photo: RGBImage, x0: Int, x1: Int, colour: (UInt8, UInt8, UInt8)) throws -> RGBImage {
        var pixels = photo.pixels
        for row in 0..<photo.height {
            for column in max(0, x0)..<min(photo.width, x1) {
                let index = (row * photo.width + column) * 3
                (pixels[index], pixels[index + 1], pixels[index + 2]) = colour
            }
        }
        return try RGBImage(width: photo.width, height: photo.height, pixels: pixels)
    }

    /// The mean colour of the face box's middle (cheeks, nose).
    static func skinColour(_ photo: RGBImage, x: Int, y: Int, width: Int) -> (UInt8, UInt8, UInt8) {
        var sums = [0, 0, 0], count = 0
        for row in (y + width * 2 / 5)..<(y + width * 3 / 5) {
            for column in (x + width * 3 / 10)..<(x + width * 7 / 10) {
                for channel in 0..<3 { sums[channel] += Int(photo.pixels[(row * photo.width + column) * 3 + channel]) }
                count += 1
            }
        }
        return (UInt8(sums[0] / count), UInt8(sums[1] / count), UInt8(sums[2] / count))
    }

    /// The skin finder's balance of features, which the nose's estimate replaces when both eyes are found, read a
    /// skin-coloured background joined to the face as a turn (`obama.jpg` of face_recognition's examples). The
    /// nose's band reaches 0.45 eye distances either side, so it sees a wall only where the cheek ends: with a wall
    /// from the face box's edge to 0.3 of its width beyond it, 3 of 33 frontal portraits here are told to look at the
    /// camera (the skin balance: 1); walls of 0.15–0.6 of the width, 1–4 of 24–36.
    @Test("A skin-coloured background beside a frontal face does not read as a turned head")
    func skinColouredWall() throws {
        let (from, to) = (1.0, 1.3)
        let assessor = QualityAssessor()
        var portraits = 0, told: [String] = []
        for (file, photo) in try PortraitPhotos.load() {
            let report = assessor.assess(.rgb(photo), position: .face)
            guard !report.guidance.contains(.lookAtCamera), report.metric(MetricName.eyesFound) == 2,
                  let x = report.metric(MetricName.faceBoxX), let y = report.metric(MetricName.faceBoxY),
                  let width = report.metric(MetricName.faceBoxWidth), Int(x + width * to) < photo.width else { continue }
            let colour = Self.skinColour(photo, x: Int(x), y: Int(y), width: Int(width))
            let walled = try Self.band(photo, x0: Int(x + width * from), x1: Int(x + width * to), colour: colour)
            let beside = assessor.assess(.rgb(walled), position: .face)
            guard beside.metric(MetricName.eyesFound) == 2 else { continue }
            portraits += 1
            if beside.guidance.contains(.lookAtCamera) { told.append(file) }
        }
        print("face yaw: \(portraits) frontal portraits with a skin-coloured wall beside the face, look-at-camera on \(told)")
        #expect(portraits >= 25)
        #expect(told.count <= portraits / 8, "\(told)")
    }

    @Test("A portrait and its mirror image, in grey, read opposite turns of the same size")
    func mirrored() throws {
        let assessor = QualityAssessor()
        var pairs = 0, apart: [String] = []
        // Every second photo, for the suite's time (all 44 with both eyes: 43 within 0.2).
        for (file, photo) in try PortraitPhotos.load(everySecond: true) {
            let grey = photo.luma()
            var mirror = grey.pixels
            for row in 0..<grey.height {
                for column in 0..<grey.width { mirror[row * grey.width + column] = grey.pixels[row * grey.width + grey.width - 1 - column] }
            }
            let report = assessor.assess(.gray(grey), position: .face)
            let mirrored = assessor.assess(.gray(try GrayImage(width: grey.width, height: grey.height, pixels: mirror)), position: .face)
            guard report.metric(MetricName.eyesFound) == 2, mirrored.metric(MetricName.eyesFound) == 2,
                  let yaw = report.metric(MetricName.faceFeatureOffset),
                  let mirroredYaw = mirrored.metric(MetricName.faceFeatureOffset) else { continue }
            pairs += 1
            if abs(yaw + mirroredYaw) > 0.2 { apart.append("\(file) \(yaw) \(mirroredYaw)") }
        }
        print("face yaw: \(pairs) grey portraits and their mirror images, apart by more than 0.2: \(apart)")
        #expect(pairs >= 18)
        #expect(apart.count <= pairs / 10, "\(apart)")
    }
}

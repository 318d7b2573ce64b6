import BiocapCore
import BiocapImaging
@testable import BiocapQuality
import BiocapTestSupport
import Foundation
import Testing

@Suite("Following a face between frames")
struct FaceTrackingTests {
    /// A real portrait (one whose face stays whole when the photo fills a wide frame) filling a 640×360 grey frame (the gate's size for a 720p camera), its crop
    /// moved `shiftX` pixels: the face moves the other way.
    static func frame(_ photo: RGBImage, shiftX: Int, width: Int = 640, height: Int = 360) -> [UInt8] {
        let scale = max(Double(width) / Double(photo.width), Double(height) / Double(photo.height))
        let offsetX = (Double(photo.width) * scale - Double(width)) / 2 + Double(shiftX)
        let offsetY = (Double(photo.height) * scale - Double(height)) / 2
        var luma = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let sourceY = min(photo.height - 1, max(0, Int((Double(y) + offsetY) / scale)))
            for x in 0..<width {
                let sourceX = min(photo.width - 1, max(0, Int((Double(x) + offsetX) / scale)))
                let index = (sourceY * photo.width + sourceX) * 3
                let r = Int(photo.pixels[index]), g = Int(photo.pixels[index + 1]), b = Int(photo.pixels[index + 2])
                luma[y * width + x] = UInt8((77 * r + 150 * g + 29 * b + 128) >> 8)
            }
        }
        return luma
    }

    static func portrait() throws -> RGBImage {
        let bytes = [UInt8](try Data(contentsOf: TestData.data("face/photos/img12.jpg")))
        guard case .rgb(let photo) = try JPEGCodec.decode(bytes) else { throw ImageError.unsupportedFormat("grey portrait") }
        return photo
    }

    @Test("A moving face is followed near where it was, the frame searched in full now and then, and when it is lost")
    func followsAndFallsBack() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var finder = HaarFaceFinder(cascades: cascades)
        let photo = try Self.portrait()
        var searches: [HaarFaceFinder.Search] = [], centres: [Int] = []
        for index in 0..<12 {
            let luma = Self.frame(photo, shiftX: index * 6)
            let faces = luma.withUnsafeBufferPointer { finder.find(luma: $0, width: 640, height: 360, tracking: true) }
            let face = try #require(faces.first, "frame \(index): the face is lost")
            searches.append(finder.lastSearch)
            centres.append((face.x0 + face.x1) / 2)
        }
        // First frame: nothing to follow. Then followed, and searched in full again after the refresh interval.
        #expect(searches[0] == .full)
        #expect(searches[1..<HaarFaceTrack.refreshInterval + 1].allSatisfy { $0 == .tracked })
        #expect(searches[HaarFaceTrack.refreshInterval + 1] == .full)
        // The crop moves right 6 px a frame, so the face moves left about as much: 66 px over the sequence.
        let moved = centres[0] - centres[11]
        #expect((40...90).contains(moved), "face centres \(centres)")

        // The face leaves (a blank frame): no face; it comes back elsewhere: found by a full search, then followed.
        let blank = [UInt8](repeating: 90, count: 640 * 360)
        let none = blank.withUnsafeBufferPointer { finder.find(luma: $0, width: 640, height: 360, tracking: true) }
        #expect(none.isEmpty && finder.lastSearch == .full)
        for (index, shift) in [-60, -60].enumerated() {
            let luma = Self.frame(photo, shiftX: shift)
            let faces = luma.withUnsafeBufferPointer { finder.find(luma: $0, width: 640, height: 360, tracking: true) }
            #expect(!faces.isEmpty)
            #expect(finder.lastSearch == (index == 0 ? .full : .tracked))
        }
    }

    @Test("A followed face gives the same box as a full search of the same frame")
    func trackedBoxMatchesFullSearch() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var tracker = HaarFaceFinder(cascades: cascades), searcher = HaarFaceFinder(cascades: cascades)
        let photo = try Self.portrait()
        for index in 0..<4 {
            let luma = Self.frame(photo, shiftX: index * 10)
            let tracked = luma.withUnsafeBufferPointer { tracker.find(luma: $0, width: 640, height: 360, tracking: true) }
            let full = luma.withUnsafeBufferPointer { searcher.find(luma: $0, width: 640, height: 360) }
            let a = try #require(tracked.first), b = try #require(full.first)
            // The same face: the tracked window starts the pyramid at other sizes, so the box may differ by
            // a pyramid step (1.2) in size and a little in place.
            let size = Double(b.x1 - b.x0)
            #expect(abs(Double(a.x0 + a.x1 - b.x0 - b.x1) / 2) <= 0.15 * size && abs(Double(a.y0 + a.y1 - b.y0 - b.y1) / 2) <= 0.15 * size,
                    "frame \(index): tracked \(a), full \(b)")
            #expect(abs(Double(a.x1 - a.x0) - size) <= 0.25 * size, "frame \(index): tracked \(a), full \(b)")
        }
    }

    @Test("A followed face's eyes are looked for near their last size, and land where a full search puts them")
    func trackedEyesMatchFullSearch() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var tracker = HaarFaceFinder(cascades: cascades), searcher = HaarFaceFinder(cascades: cascades)
        let photo = try Self.portrait()
        var narrowed = 0
        for index in 0..<6 {
            let luma = Self.frame(photo, shiftX: index * 8)
            let tracked = luma.withUnsafeBufferPointer { tracker.find(luma: $0, width: 640, height: 360, tracking: true) }
            let full = luma.withUnsafeBufferPointer { searcher.find(luma: $0, width: 640, height: 360) }
            #expect(searcher.lastEyeSearch == .allSizes)
            if tracker.lastEyeSearch == .nearLastSize { narrowed += 1 }
            #expect(index > 0 || tracker.lastEyeSearch == .allSizes, "nothing to follow in the first frame")
            let a = try #require(tracked.first), b = try #require(full.first)
            try #require(a.eyes.count == 2 && b.eyes.count == 2, "frame \(index): eyes \(a.eyes) / \(b.eyes)")
            // The face boxes may differ a little (see above); the eyes are the same eyes, a few pixels apart.
            let size = Double(b.x1 - b.x0)
            for (p, q) in zip(a.eyes, b.eyes) {
                #expect(abs(p.x - q.x) <= 0.06 * size && abs(p.y - q.y) <= 0.06 * size, "frame \(index): \(a.eyes) vs \(b.eyes)")
            }
        }
        // Every followed frame used the last frame's eye size.
        #expect(narrowed == 5)
    }

    @Test("Without tracking every frame is a full search")
    func noTrackingMeansFullSearch() throws {
        var finder = HaarFaceFinder(cascades: try HaarFaceFinder.systemCascades.get())
        let luma = Self.frame(try Self.portrait(), shiftX: 0)
        for _ in 0..<2 {
            _ = luma.withUnsafeBufferPointer { finder.find(luma: $0, width: 640, height: 360) }
            #expect(finder.lastSearch == .full)
        }
    }
}

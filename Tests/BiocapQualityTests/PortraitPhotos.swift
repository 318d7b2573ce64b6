import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation

/// The real portraits of `shared/data/face/photos`, and the per-pixel changes the face tests make to them.
enum PortraitPhotos {
    /// Each decodable photo with its file name, in name order; `everySecond` keeps every second one, for a suite's time.
    static func load(everySecond: Bool = false) throws -> [(name: String, photo: RGBImage)] {
        let folder = TestData.data("face/photos")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jpg") }.sorted()
            .enumerated().filter { !everySecond || $0.offset % 2 == 0 }.map(\.element)
        return try files.compactMap { file in
            guard case .rgb(let photo) = try? JPEGCodec.decode([UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))) else {
                return nil
            }
            return (file, photo)
        }
    }

    /// `photo` with each sample multiplied by `gain(column, channel)` (channel 0 red, 1 green, 2 blue), clamped.
    static func scaled(_ photo: RGBImage, gain: (_ column: Int, _ channel: Int) -> Double) throws -> RGBImage {
        var pixels = photo.pixels
        for row in 0..<photo.height {
            for column in 0..<photo.width {
                for channel in 0..<3 {
                    let index = (row * photo.width + column) * 3 + channel
                    pixels[index] = UInt8(min(255, (Double(pixels[index]) * gain(column, channel)).rounded()))
                }
            }
        }
        return try RGBImage(width: photo.width, height: photo.height, pixels: pixels)
    }
}

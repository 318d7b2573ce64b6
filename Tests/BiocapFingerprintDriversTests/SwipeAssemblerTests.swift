import BiocapCore
import BiocapDeviceKit
@testable import BiocapFingerprintDrivers
import Testing

@Suite("Swipe assembler: frames, lines, resize")
struct SwipeAssemblerTests {
    /// A reproducible texture (xorshift), `width × height`.
    static func texture(width: Int, height: Int, seed: UInt32 = 0x2545f491) -> [UInt8] {
        var state = seed
        return (0..<(width * height)).map { _ in
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return UInt8(truncatingIfNeeded: state >> 8)
        }
    }

    /// Frames of `geometry` cut from `source` (as wide as a frame) at the given first rows.
    static func frames(of source: [UInt8], geometry: SwipeFrameGeometry, at rows: [Int]) -> [SwipeFrame] {
        rows.map { top in
            SwipeFrame(pixels: Array(source[(top * geometry.frameWidth)..<((top + geometry.frameHeight) * geometry.frameWidth)]))
        }
    }

    static let geometry = SwipeFrameGeometry(frameWidth: 40, frameHeight: 16, imageWidth: 60)

    @Test("frames cut 5 rows apart are found 5 rows apart and pasted back into the source")
    func forwardSwipe() throws {
        let source = Self.texture(width: 40, height: 16 + 5 * 9)
        var frames = Self.frames(of: source, geometry: Self.geometry, at: (0..<10).map { $0 * 5 })
        SwipeAssembler.estimateMovement(&frames, geometry: Self.geometry)
        #expect(frames.dropFirst().allSatisfy { $0.deltaY == 5 && $0.deltaX == 0 })
        let image = try SwipeAssembler.assembleFrames(frames, geometry: Self.geometry)
        #expect(image.width == 60 && image.height == 16 + 45)
        #expect(image.flags == [.colorsInverted, .horizontallyFlipped, .verticallyFlipped])
        for y in 0..<image.height {
            #expect(Array(image.pixels[(y * 60 + 10)..<(y * 60 + 50)]) == Array(source[(y * 40)..<(y * 40 + 40)]))
        }
        let normal = image.normalizedPixels()
        #expect(normal[0] == 255 - image.pixels[image.pixels.count - 1], "turned both ways, then inverted")
    }

    @Test("a swipe the other way gives negative movement and an image that needs no flips")
    func reverseSwipe() throws {
        let source = Self.texture(width: 40, height: 16 + 4 * 7, seed: 77)
        var frames = Self.frames(of: source, geometry: Self.geometry, at: (0..<8).reversed().map { $0 * 4 })
        SwipeAssembler.estimateMovement(&frames, geometry: Self.geometry)
        #expect(frames.dropFirst().allSatisfy { $0.deltaY == -4 && $0.deltaX == 0 })
        let image = try SwipeAssembler.assembleFrames(frames, geometry: Self.geometry)
        #expect(image.flags == [.colorsInverted])
        #expect(image.height == 16 + 28)
        #expect(Array(image.pixels[10..<50]) == Array(source[0..<40]))
    }

    @Test("sideways movement is found and kept within the wider image")
    func sidewaysMovement() throws {
        let wide = Self.texture(width: 60, height: 16 + 3 * 6, seed: 9)
        // Each frame 3 rows further down and 2 columns further right in the source.
        let frames = (0..<7).map { index in
            SwipeFrame(pixels: (0..<16).flatMap { row in
                Array(wide[((index * 3 + row) * 60 + 4 + index * 2)..<((index * 3 + row) * 60 + 44 + index * 2)])
            })
        }
        var estimated = frames
        SwipeAssembler.estimateMovement(&estimated, geometry: Self.geometry)
        #expect(estimated.dropFirst().allSatisfy { $0.deltaY == 3 && $0.deltaX == 2 })
    }

    @Test("nothing to assemble, or frames of the wrong size, is an error, not a crash")
    func badInput() {
        #expect(throws: FingerprintDriverError.self) { try SwipeAssembler.assembleFrames([], geometry: Self.geometry) }
        #expect(throws: FingerprintDriverError.self) {
            try SwipeAssembler.assembleFrames([SwipeFrame(pixels: [1, 2, 3])], geometry: Self.geometry)
        }
        var odd = [SwipeFrame(pixels: [1]), SwipeFrame(pixels: [2])]
        SwipeAssembler.estimateMovement(&odd, geometry: Self.geometry)
        #expect(odd.allSatisfy { $0.deltaX == 0 && $0.deltaY == 0 })
    }

    @Test("line assembly interpolates in 16.16 fixed point exactly as libfprint (hand-computed)")
    func linesHandComputed() throws {
        let lines: [[UInt8]] = [[0], [100], [200], [250]]
        let geometry = SwipeLineGeometry(lineWidth: 1, maxHeight: 10, resolution: 2, medianFilterSize: 1, maxSearchOffset: 1)
        let image = try SwipeAssembler.assembleLines(lines, count: 4, geometry: geometry,
                                                     deviation: { a, b in abs(Int(a[0]) - Int(b[0])) }, pixel: { $0[$1] })
        #expect(image.pixels == [0, 50, 100, 150, 200, 225])
        #expect(image.flags == [.verticallyFlipped])
        let capped = try SwipeAssembler.assembleLines(lines, count: 4, geometry: SwipeLineGeometry(
            lineWidth: 1, maxHeight: 5, resolution: 2, medianFilterSize: 1, maxSearchOffset: 1),
            deviation: { a, b in abs(Int(a[0]) - Int(b[0])) }, pixel: { $0[$1] })
        #expect(capped.pixels == [0, 50, 100, 150, 200])
    }

    @Test("line assembly takes the best match ahead: a match two lines on halves the output lines per input line")
    func linesSpeed() throws {
        // Lines alternate A, B, A, B …: the best match for each is two ahead (offset 2), so resolution 4
        // gives 4 / 2 = 2 output lines per input line.
        let lines: [[UInt8]] = (0..<12).map { (index: Int) -> [UInt8] in index % 2 == 0 ? [10, 200] : [200, 10] }
        let geometry = SwipeLineGeometry(lineWidth: 2, maxHeight: 100, resolution: 4, medianFilterSize: 3, maxSearchOffset: 3)
        let deviation = Self.deviation
        let image = try SwipeAssembler.assembleLines(lines, count: 12, geometry: geometry, deviation: deviation, pixel: { $0[$1] })
        // The last even line can only be matched with its neighbour (offset 1: 4 lines), as in libfprint.
        #expect(image.height == 10 * 2 + 4)
        #expect(image.width == 2)
        #expect(throws: FingerprintDriverError.self) {
            try SwipeAssembler.assembleLines([[UInt8(1)]], count: 1, geometry: geometry, deviation: deviation, pixel: { $0[$1] })
        }
    }

    /// Sum of absolute differences of two lines.
    static func deviation(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var sum = 0
        for (x, y) in zip(a, b) { sum += abs(Int(x) - Int(y)) }
        return sum
    }

    @Test("the median filter takes the upper median of a window clipped at the ends")
    func medianFilter() {
        var data = [3, 1, 2, 5, 4, 9]
        SwipeAssembler.medianFilter(&data, size: 5, filterSize: 3)
        #expect(data == [3, 2, 2, 4, 5, 9], "the last value is outside `size` and stays")
    }

    @Test("the 2× bilinear resize truncates as pixman does: edges weigh ¾, corners 9⁄16, rounded down")
    func upscale() throws {
        let flat = [UInt8](repeating: 136, count: 16)
        let out = try #require(BilinearUpscaler.upscale(flat, width: 4, height: 4, widthFactor: 2, heightFactor: 2))
        #expect(out.count == 64)
        #expect(out[3 * 8 + 3] == 136)
        #expect(out[3 * 8] == 102, "¾ of 136")
        #expect(out[0] == 76, "136 × 9⁄16 = 76.5, truncated")
        #expect(BilinearUpscaler.upscale(flat, width: 5, height: 4, widthFactor: 2, heightFactor: 2) == nil)
    }
}

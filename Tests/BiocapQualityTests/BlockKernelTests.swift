@testable import BiocapQuality
import Foundation
import Testing

/// The SIMD block kernels of the finger score against plain scalar arithmetic: Sobel statistics
/// (`ImageKernels.measureBlocks`) and NFIQ 2's block orientation (`RidgeValleyBlocks.orientation`), on noise,
/// at block sizes the vector loops cover exactly and with columns left over, and on the steepest gradients
/// an image can hold at 4,000 ppi (256-pixel blocks, where 32-bit lane sums over a whole block overflow).
@Suite("Finger: SIMD block kernels equal scalar arithmetic")
struct BlockKernelTests {
    @Test("Block statistics equal a scalar Sobel, Laplacian and moments", arguments: [16, 32, 64, 256])
    func blockStatistics(blockSize: Int) {
        let side = 2 * blockSize + 10
        for image in [Self.noise(side: side), Self.checkerboard(side: side, tile: 1), Self.checkerboard(side: side, tile: 2),
                      Self.columns(side: side)] {
            let grid = BlockGrid(width: image.side, height: image.side, blockSize: blockSize)
            var stats = BlockStatistics()
            image.pixels.withUnsafeBufferPointer { stats.measure($0, width: image.side, grid: grid) }
            #expect(grid.count == 4)
            for index in 0..<grid.count {
                let expected = Self.scalarStatistics(image, grid: grid, index: index)
                let pixels = Double(blockSize * blockSize)
                #expect(stats.mean[index] == Double(expected.sum) / pixels)
                #expect(stats.gxx[index] == Double(expected.xx) / (64 * pixels))
                #expect(stats.gyy[index] == Double(expected.yy) / (64 * pixels))
                #expect(stats.gxy[index] == Double(expected.xy) / (64 * pixels))
                #expect(stats.laplacian[index] == Double(expected.laplacian) / pixels)
            }
        }
    }

    @Test("NFIQ 2's block orientation equals its formula in floating point", arguments: [32, 38, 64, 256])
    func orientation(blockSize: Int) {
        let side = blockSize + 8
        for image in [Self.noise(side: side), Self.checkerboard(side: side, tile: 2), Self.columns(side: side),
                      Self.stripes(side: side)] {
            let ours = image.pixels.withUnsafeBufferPointer {
                RidgeValleyBlocks.orientation($0.baseAddress!, width: image.side, top: 4, left: 4, size: blockSize)
            }
            let expected = Self.scalarOrientation(image, top: 4, left: 4, size: blockSize)
            #expect(abs(ours - expected) < 1e-9, "block \(blockSize): \(ours) against \(expected)")
        }
    }

    struct Image {
        var side: Int
        var pixels: [UInt8]
        subscript(x: Int, y: Int) -> Int { Int(pixels[y * side + x]) }
    }

    static func noise(side: Int) -> Image {
        Image(side: side, pixels: ImageTransforms.noise(count: side * side))
    }

    /// Black and white squares of `tile` pixels: with 1 the largest Laplacian there is, with 2 steep
    /// gradients both ways.
    static func checkerboard(side: Int, tile: Int) -> Image {
        Image(side: side, pixels: (0..<(side * side)).map { ($0 / side / tile + $0 % side / tile) % 2 == 0 ? 0 : 255 })
    }

    /// Black and white columns two pixels wide: every Sobel response ±1,020, the largest there is.
    static func columns(side: Int) -> Image {
        Image(side: side, pixels: (0..<(side * side)).map { $0 % side / 2 % 2 == 0 ? 0 : 255 })
    }

    /// Diagonal ridges, eight pixels apart.
    static func stripes(side: Int) -> Image {
        Image(side: side, pixels: (0..<(side * side)).map { index in
            let x = Double(index % side), y = Double(index / side)
            return UInt8(127.5 + 127 * sin((x + 0.6 * y) * 2 * Double.pi / 8))
        })
    }

    static func scalarStatistics(_ image: Image, grid: BlockGrid, index: Int)
        -> (sum: Int, xx: Int, yy: Int, xy: Int, laplacian: Int) {
        let size = grid.blockSize
        let x0 = grid.originX + (index % grid.columns) * size, y0 = grid.originY + (index / grid.columns) * size
        var sum = 0, xx = 0, yy = 0, xy = 0, laplacian = 0
        for y in y0..<(y0 + size) {
            for x in x0..<(x0 + size) {
                let gx = image[x + 1, y - 1] - image[x - 1, y - 1] + 2 * (image[x + 1, y] - image[x - 1, y])
                    + image[x + 1, y + 1] - image[x - 1, y + 1]
                let gy = image[x - 1, y + 1] - image[x - 1, y - 1] + 2 * (image[x, y + 1] - image[x, y - 1])
                    + image[x + 1, y + 1] - image[x + 1, y - 1]
                let lap = 4 * image[x, y] - image[x - 1, y] - image[x + 1, y] - image[x, y - 1] - image[x, y + 1]
                sum += image[x, y]
                xx += gx * gx; yy += gy * gy; xy += gx * gy; laplacian += lap * lap
            }
        }
        return (sum, xx, yy, xy, laplacian)
    }

    /// NFIQ 2's `covcoef` on the block alone (centred differences inside, one-sided at its edges) and its
    /// `ridgeorient` formula.
    static func scalarOrientation(_ image: Image, top: Int, left: Int, size: Int) -> Double {
        func value(_ x: Int, _ y: Int) -> Double { Double(image[left + x, top + y]) }
        func gradient(_ at: Int, _ read: (Int) -> Double) -> Double {
            if at == 0 { return read(1) - read(0) }
            if at == size - 1 { return read(size - 1) - read(size - 2) }
            return (read(at + 1) - read(at - 1)) / 2
        }
        var a = 0.0, b = 0.0, c = 0.0
        for y in 0..<size {
            for x in 0..<size {
                let gx = gradient(x) { value($0, y) }, gy = gradient(y) { value(x, $0) }
                a += gx * gx; b += gy * gy; c += gx * gy
            }
        }
        let n = Double(size * size)
        let difference = a / n - b / n, meanC = c / n
        let denominator = meanC * meanC + difference * difference + Double.ulpOfOne
        return atan2(meanC / denominator, difference / denominator) / 2
    }
}

/// The "Tanda tangan di sini / Sign here" screen of a Wacom STU pad, drawn here (no font library): the text in a
/// small 5 × 7 pixel font scaled to the screen, and the signing box under it.
public struct WacomSTUPromptImage: Sendable {
    public static let text = "Tanda tangan di sini / Sign here"

    public let width: Int
    public let height: Int
    /// Row-major, true = ink.
    public private(set) var pixels: [Bool]

    /// Draws the prompt for a `width` × `height` screen (each side clamped to 1…4096).
    public init(width: Int, height: Int) {
        self.width = min(4096, max(1, width))
        self.height = min(4096, max(1, height))
        pixels = Array(repeating: false, count: self.width * self.height)
        let glyphWidth = 6  // 5 columns and a space
        let scale = max(1, min((self.width - 8) / (Self.text.count * glyphWidth), self.height / 40))
        let textWidth = Self.text.count * glyphWidth * scale
        let textTop = max(2, self.height / 12)
        var left = max(0, (self.width - textWidth) / 2)
        for character in Self.text {
            drawGlyph(character, left: left, top: textTop, scale: scale)
            left += glyphWidth * scale
        }
        let boxTop = textTop + 9 * scale
        box(left: self.width / 16, top: boxTop, right: self.width - 1 - self.width / 16, bottom: self.height - 1 - self.height / 12)
    }

    /// The signing box, in screen pixels.
    public var signingBox: (left: Int, top: Int, right: Int, bottom: Int) {
        let scale = max(1, min((width - 8) / (Self.text.count * 6), height / 40))
        let textTop = max(2, height / 12)
        return (width / 16, textTop + 9 * scale, width - 1 - width / 16, height - 1 - height / 12)
    }

    public func isInk(x: Int, y: Int) -> Bool {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return false }
        return pixels[y * width + x]
    }

    /// One bit per pixel, rows top to bottom, each row padded to whole bytes, the leftmost pixel in the high bit,
    /// 1 = ink. (The pads' polarity and padding are not proven: see README.md.)
    public func monochrome() -> [UInt8] {
        let rowBytes = (width + 7) / 8
        var bytes = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            for x in 0..<width where pixels[y * width + x] {
                bytes[y * rowBytes + x / 8] |= 0x80 >> UInt8(x % 8)
            }
        }
        return bytes
    }

    /// Three bytes per pixel, blue-green-red, white paper and dark-blue ink.
    public func bgr() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * height * 3)
        for ink in pixels { bytes += ink ? [0x80, 0x20, 0x10] : [0xFF, 0xFF, 0xFF] }
        return bytes
    }

    private mutating func set(_ x: Int, _ y: Int) {
        guard (0..<width).contains(x), (0..<height).contains(y) else { return }
        pixels[y * width + x] = true
    }

    private mutating func box(left: Int, top: Int, right: Int, bottom: Int) {
        guard left < right, top < bottom else { return }
        for x in left...right { set(x, top); set(x, bottom) }
        for y in top...bottom { set(left, y); set(right, y) }
    }

    private mutating func drawGlyph(_ character: Character, left: Int, top: Int, scale: Int) {
        guard let rows = Self.font[character] else { return }
        for (row, bits) in rows.enumerated() {
            for (column, bit) in bits.enumerated() where bit == "#" {
                for dy in 0..<scale {
                    for dx in 0..<scale { set(left + column * scale + dx, top + row * scale + dy) }
                }
            }
        }
    }

    /// 5 × 7 glyphs of the prompt's characters.
    static let font: [Character: [String]] = [
        "T": ["#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#.."],
        "S": [".####", "#....", "#....", ".###.", "....#", "....#", "####."],
        "a": [".....", ".....", ".###.", "....#", ".####", "#...#", ".####"],
        "d": ["....#", "....#", ".####", "#...#", "#...#", "#...#", ".####"],
        "e": [".....", ".....", ".###.", "#...#", "#####", "#....", ".###."],
        "g": [".....", ".####", "#...#", "#...#", ".####", "....#", ".###."],
        "h": ["#....", "#....", "#.##.", "##..#", "#...#", "#...#", "#...#"],
        "i": ["..#..", ".....", ".##..", "..#..", "..#..", "..#..", ".###."],
        "n": [".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#"],
        "r": [".....", ".....", "#.##.", "##..#", "#....", "#....", "#...."],
        "s": [".....", ".....", ".####", "#....", ".###.", "....#", "####."],
        "t": [".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##."],
        "/": ["....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."],
        " ": [".....", ".....", ".....", ".....", ".....", ".....", "....."],
    ]
}

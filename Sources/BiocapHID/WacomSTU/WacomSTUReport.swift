/// The Wacom STU vendor protocol over HID reports, as far as public projects show it (see README.md here for where
/// each fact comes from and what is proven). Byte offsets count from byte 0 = the Report ID.
public enum WacomSTUReport {
    /// Input: pen data, 7 bytes.
    public static let penData: UInt8 = 0x01
    /// Feature: capabilities (tablet maximum X/Y/pressure, screen size, report rate, resolution).
    public static let capability: UInt8 = 0x09
    /// Feature: clear the LCD.
    public static let clearScreen: UInt8 = 0x20
    /// Feature: begin an image (one byte: encoding).
    public static let startImageData: UInt8 = 0x25
    /// Feature: one block of image data (16-bit little-endian length, then up to `imageBlockSize` bytes).
    public static let imageDataBlock: UInt8 = 0x26
    /// Feature: end the image (one byte, 0).
    public static let endImageData: UInt8 = 0x27
    /// Feature: which pen data report the pad sends (`PenDataOptionMode`).
    public static let penDataOptionMode: UInt8 = 0x32
    /// Input: pen data with the pad's 16-bit time count (ms) and sequence number, 11 bytes.
    public static let penDataTimeCountSequence: UInt8 = 0x34

    /// `PenDataOptionMode` value that selects report 0x34.
    public static let timeCountSequenceMode: UInt8 = 0x03
    /// Image encodings of report 0x25: 1 bit per pixel (monochrome pads), 24-bit BGR (colour pads).
    public static let monochromeEncoding: UInt8 = 0x00
    public static let colourBGREncoding: UInt8 = 0x04
    /// Bytes of image data per 0x26 report.
    public static let imageBlockSize = 253

    /// One decoded pen report.
    public struct Pen: Sendable, Hashable {
        /// The pen is in proximity ("rdy").
        public var ready: Bool
        /// The switch field ("sw"): non-zero while the tip touches.
        public var switches: UInt8
        /// 12 bits.
        public var pressure: Int
        public var x: Int
        public var y: Int
        /// Milliseconds of the pad's clock (16 bits, wraps), report 0x34 only.
        public var timeCount: Int?
        /// Report 0x34's sequence number (16 bits, wraps).
        public var sequence: Int?

        public var touching: Bool { switches != 0 }
    }

    /// Decodes report 0x01 or 0x34 (Report ID first); nil for any other report or one too short.
    ///
    /// Byte 1: bit 7 rdy, bits 4–6 sw, bits 0–3 pressure bits 11–8; byte 2 pressure bits 7–0; bytes 3–4 X and 5–6 Y,
    /// big-endian; report 0x34 adds bytes 7–8 time count and 9–10 sequence, big-endian.
    public static func decodePen(_ report: [UInt8]) -> Pen? {
        guard let id = report.first, id == penData || id == penDataTimeCountSequence else { return nil }
        guard report.count >= (id == penData ? 7 : 11) else { return nil }
        func word(_ at: Int) -> Int { Int(report[at]) << 8 | Int(report[at + 1]) }
        var pen = Pen(ready: report[1] & 0x80 != 0, switches: (report[1] >> 4) & 0x07, pressure: Int(report[1] & 0x0F) << 8 | Int(report[2]),
                      x: word(3), y: word(5))
        if id == penDataTimeCountSequence {
            pen.timeCount = word(7)
            pen.sequence = word(9)
        }
        return pen
    }

    /// The 0x20 report that clears the screen.
    public static func clearScreenReport() -> [UInt8] { [clearScreen, 0x00] }

    /// The 0x32 report that selects timed pen data (0x34).
    public static func timedPenDataReport() -> [UInt8] { [penDataOptionMode, timeCountSequenceMode] }

    /// The reports that send an encoded image: start (0x25), data blocks (0x26), end (0x27).
    public static func imageReports(_ image: [UInt8], encoding: UInt8) -> [[UInt8]] {
        var reports: [[UInt8]] = [[startImageData, encoding]]
        var offset = 0
        while offset < image.count {
            let block = image[offset..<min(image.count, offset + imageBlockSize)]
            reports.append([imageDataBlock, UInt8(block.count & 0xFF), UInt8(block.count >> 8)] + block)
            offset += imageBlockSize
        }
        reports.append([endImageData, 0x00])
        return reports
    }
}

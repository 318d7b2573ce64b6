import BiocapCore
import BiocapDeviceKit
import BiocapUVC

/// Builds the configuration descriptor of a plausible UVC 1.1 camera: a VideoControl interface with
/// a camera terminal, a processing unit and an output terminal, and a VideoStreaming interface with
/// isochronous alternate settings of 192 B to 3 × 1024 B per microframe.
enum SimulatedUVCDescriptors {
    static let controlInterface: UInt8 = 0
    static let streamingInterface: UInt8 = 1
    static let endpoint: UInt8 = 0x81
    static let cameraTerminalID: UInt8 = 1
    static let processingUnitID: UInt8 = 2
    static let outputTerminalID: UInt8 = 3
    /// wMaxPacketSize of alternate settings 1…: 192, 512, 1024, 2 × 1024, 3 × 1024.
    static let packetSizes: [UInt16] = [0x00c0, 0x0200, 0x0400, 0x0c00, 0x1400]
    /// Camera terminal: auto-exposure mode, exposure time, focus, auto focus.
    static let cameraControls: UInt32 = 1 << 1 | 1 << 3 | 1 << 5 | 1 << 17
    /// Processing unit: white balance temperature, gain, auto white balance.
    static let processingControls: UInt16 = 1 << 6 | 1 << 9 | 1 << 12

    static func make(_ model: SimulatedUVCModel) -> [UInt8] {
        var control: [UInt8] = []
        control += [18, 0x24, 0x02, cameraTerminalID, 0x01, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 3] + le(cameraControls, 3)
        control += [12, 0x24, 0x05, processingUnitID, cameraTerminalID, 0, 0, 2] + le(UInt32(processingControls), 2) + [0, 0]
        control += [9, 0x24, 0x03, outputTerminalID, 0x01, 0x01, 0, processingUnitID, 0]
        let header: [UInt8] = [13, 0x24, 0x01, 0x10, 0x01] + le(UInt32(13 + control.count), 2) + le(48_000_000, 4) + [1, streamingInterface]

        var streaming: [UInt8] = []
        for (offset, entry) in model.formats.enumerated() {
            let index = UInt8(offset + 1)
            let count = UInt8(entry.frames.count)
            if entry.format == .mjpeg {
                streaming += [11, 0x24, 0x06, index, count, 0x01, 1, 0, 0, 0, 0]
            } else {
                streaming += [27, 0x24, 0x04, index, count] + entry.format.guid + [UInt8(entry.format.bitsPerPixel ?? 16), 1, 0, 0, 0, 0]
            }
            for (frameOffset, size) in entry.frames.enumerated() {
                let bytesPerFrame = size.width * size.height * (entry.format.bitsPerPixel ?? 16) / 8
                let rate = UInt32(clamping: bytesPerFrame * 8 * 30)
                streaming += [UInt8(26 + 4 * SimulatedUVCModel.intervals.count), 0x24, entry.format == .mjpeg ? 0x07 : 0x05, UInt8(frameOffset + 1), 0]
                streaming += le(UInt32(size.width), 2) + le(UInt32(size.height), 2) + le(rate / 10, 4) + le(rate, 4)
                streaming += le(UInt32(bytesPerFrame), 4) + le(SimulatedUVCModel.defaultInterval, 4) + [UInt8(SimulatedUVCModel.intervals.count)]
                for interval in SimulatedUVCModel.intervals { streaming += le(interval, 4) }
            }
            let stills = model.stillSizes(format: index)
            if !stills.isEmpty {
                // VS_STILL_IMAGE_FRAME: endpoint 0 (method 2), the sizes, one compression pattern.
                streaming += [UInt8(6 + 4 * stills.count + 1), 0x24, 0x03, 0, UInt8(stills.count)]
                for size in stills { streaming += le(UInt32(size.width), 2) + le(UInt32(size.height), 2) }
                streaming += [1, 1]
            }
            streaming += [6, 0x24, 0x0d, 1, 1, 4]
        }
        let formatCount = UInt8(model.formats.count)
        let inputHeaderLength = 13 + Int(formatCount)
        let inputHeader: [UInt8] = [UInt8(inputHeaderLength), 0x24, 0x01, formatCount]
            + le(UInt32(inputHeaderLength + streaming.count), 2)
            + [endpoint, 0, outputTerminalID, model.stillMethod, 0, 0, 1] + [UInt8](repeating: 0, count: Int(formatCount))

        var body: [UInt8] = []
        body += [8, 0x0b, controlInterface, 2, 0x0e, 0x03, 0, 0]  // interface association
        body += interface(controlInterface, alternate: 0, endpoints: 0, subclass: 0x01) + header + control
        body += interface(streamingInterface, alternate: 0, endpoints: 0, subclass: 0x02) + inputHeader + streaming
        for (offset, size) in packetSizes.enumerated() {
            body += interface(streamingInterface, alternate: UInt8(offset + 1), endpoints: 1, subclass: 0x02)
            body += [7, 0x05, endpoint, 0x05] + le(UInt32(size), 2) + [1]
        }
        return [9, 0x02] + le(UInt32(9 + body.count), 2) + [2, 1, 0, 0x80, 0xfa] + body
    }

    static func interface(_ number: UInt8, alternate: UInt8, endpoints: UInt8, subclass: UInt8) -> [UInt8] {
        [9, 0x04, number, alternate, endpoints, 0x0e, subclass, 0, 0]
    }

    static func le(_ value: UInt32, _ size: Int) -> [UInt8] {
        [UInt8].bytes(of: value, size: size, .littleEndian)
    }
}

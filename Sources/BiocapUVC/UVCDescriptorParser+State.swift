import BiocapDeviceKit

extension UVCDescriptorParser {
    /// The walk's position: the interface being described and what has been collected so far.
    struct ParseState {
        var interfaceNumber = -1
        var alternateSetting = 0
        var interfaceClass: UInt8 = 0
        var interfaceSubclass: UInt8 = 0

        var uvcVersion: UInt16?
        var controlInterface: Int?
        var cameraTerminal: UVCCameraTerminal?
        var processingUnit: UVCProcessingUnit?
        var outputTerminals: [UVCOutputTerminal] = []
        /// Streaming interfaces by number, in order of appearance.
        var streaming: [UVCStreamingInterface] = []

        var isVideoControl: Bool { interfaceClass == videoClass && interfaceSubclass == videoControlSubclass }
        var isVideoStreaming: Bool { interfaceClass == videoClass && interfaceSubclass == videoStreamingSubclass }

        mutating func consume(_ reader: UVCByteReader, offset: Int) throws(UVCDescriptorError) {
            switch try reader.u8(1) {
            case 0x04: try interface(named(reader, "interface"))
            case 0x05: try endpoint(named(reader, "endpoint"))
            case 0x24 where isVideoControl: try videoControl(reader)
            case 0x24 where isVideoStreaming: try videoStreaming(reader)
            default: break
            }
        }

        private func named(_ reader: UVCByteReader, _ what: String) -> UVCByteReader {
            UVCByteReader(bytes: reader.bytes, offset: reader.offset, what: what)
        }

        private mutating func interface(_ reader: UVCByteReader) throws(UVCDescriptorError) {
            try reader.require(9)
            interfaceNumber = Int(try reader.u8(2))
            alternateSetting = Int(try reader.u8(3))
            interfaceClass = try reader.u8(5)
            interfaceSubclass = try reader.u8(6)
            if isVideoControl, controlInterface == nil { controlInterface = interfaceNumber }
            if isVideoStreaming {
                let index = streamingIndex()
                streaming[index].alternateSettings.append(
                    UVCAlternateSetting(setting: alternateSetting, endpoint: nil, transferType: 0, rawMaxPacketSize: 0))
            }
        }

        private mutating func endpoint(_ reader: UVCByteReader) throws(UVCDescriptorError) {
            try reader.require(7)
            guard isVideoStreaming else { return }
            let index = streamingIndex()
            guard let last = streaming[index].alternateSettings.indices.last else { return }
            // Only the first endpoint of a setting is the video endpoint (a still-image bulk endpoint may follow).
            guard streaming[index].alternateSettings[last].endpoint == nil else { return }
            streaming[index].alternateSettings[last].endpoint = try reader.u8(2)
            streaming[index].alternateSettings[last].transferType = try reader.u8(3) & 0x3
            streaming[index].alternateSettings[last].rawMaxPacketSize = try reader.u16(4)
        }

        /// The entry for the current streaming interface, made on first sight.
        private mutating func streamingIndex() -> Int {
            if let index = streaming.firstIndex(where: { $0.interfaceNumber == interfaceNumber }) { return index }
            streaming.append(UVCStreamingInterface(interfaceNumber: interfaceNumber, endpoint: 0, formats: [], alternateSettings: []))
            return streaming.count - 1
        }

        private mutating func videoControl(_ reader: UVCByteReader) throws(UVCDescriptorError) {
            switch try reader.u8(2) {
            case 0x01:  // VC_HEADER
                let header = named(reader, "VC header")
                try header.require(12)
                uvcVersion = try header.u16(3)
            case 0x02:  // VC_INPUT_TERMINAL
                let terminal = named(reader, "input terminal")
                try terminal.require(8)
                guard try terminal.u16(4) == 0x0201 else { return }  // ITT_CAMERA
                let controlSize = Int(try terminal.u8(14))
                let controls = try terminal.bitmap(15, size: controlSize)
                if cameraTerminal == nil { cameraTerminal = UVCCameraTerminal(terminalID: try terminal.u8(3), controls: controls) }
            case 0x03:  // VC_OUTPUT_TERMINAL
                let terminal = named(reader, "output terminal")
                try terminal.require(9)
                outputTerminals.append(UVCOutputTerminal(
                    terminalID: try terminal.u8(3), terminalType: try terminal.u16(4), sourceID: try terminal.u8(7)))
            case 0x05:  // VC_PROCESSING_UNIT
                let unit = named(reader, "processing unit")
                let controlSize = Int(try unit.u8(7))
                let controls = try unit.bitmap(8, size: controlSize)
                if processingUnit == nil {
                    processingUnit = UVCProcessingUnit(unitID: try unit.u8(3), sourceID: try unit.u8(4), controls: controls)
                }
            default:
                break  // selector and extension units carry nothing biocap uses
            }
        }

        private mutating func videoStreaming(_ reader: UVCByteReader) throws(UVCDescriptorError) {
            let index = streamingIndex()
            switch try reader.u8(2) {
            case 0x01:  // VS_INPUT_HEADER
                let header = named(reader, "VS input header")
                try header.require(13)
                streaming[index].endpoint = try header.u8(6)
                streaming[index].stillCaptureMethod = UVCStillCaptureMethod(byte: try header.u8(9))
                streaming[index].triggerSupport = try header.u8(10) != 0
            case 0x04, 0x10:  // VS_FORMAT_UNCOMPRESSED, VS_FORMAT_FRAME_BASED
                let format = named(reader, "format")
                try format.require(23)
                let guid = try format.slice(5, 16)
                streaming[index].formats.append(UVCFormatDescriptor(
                    index: try format.u8(3), pixelFormat: UVCPixelFormat(guid: guid),
                    bitsPerPixel: Int(try format.u8(21)), frames: []))
            case 0x06:  // VS_FORMAT_MJPEG
                let format = named(reader, "MJPEG format")
                try format.require(11)
                streaming[index].formats.append(UVCFormatDescriptor(
                    index: try format.u8(3), pixelFormat: .mjpeg, bitsPerPixel: 0, frames: []))
            case 0x05, 0x07:  // VS_FRAME_UNCOMPRESSED, VS_FRAME_MJPEG
                try appendFrame(frame(named(reader, "frame"), intervalTypeAt: 25, bufferSizeAt: 17), to: index)
            case 0x03:  // VS_STILL_IMAGE_FRAME
                let still = try stillFrame(named(reader, "still image frame"))
                guard let last = streaming[index].formats.indices.last else {
                    throw .inconsistent("still image frame descriptor before any format descriptor")
                }
                streaming[index].formats[last].stillFrame = still
            case 0x11:  // VS_FRAME_FRAME_BASED
                try appendFrame(frame(named(reader, "frame-based frame"), intervalTypeAt: 21, bufferSizeAt: nil), to: index)
            default:
                break
            }
        }

        /// A still image frame descriptor: n size patterns of 4 bytes from offset 5, then m compressions.
        private func stillFrame(_ reader: UVCByteReader) throws(UVCDescriptorError) -> UVCStillImageFrame {
            let sizeCount = Int(try reader.u8(4))
            guard sizeCount > 0 else { throw .inconsistent("still image frame descriptor at offset \(reader.offset) lists no sizes") }
            try reader.require(6 + 4 * sizeCount)
            var sizes: [UVCStillImageFrame.Size] = []
            for slot in 0..<sizeCount {
                sizes.append(.init(width: Int(try reader.u16(5 + 4 * slot)), height: Int(try reader.u16(7 + 4 * slot))))
            }
            let compressionAt = 5 + 4 * sizeCount
            let compressionCount = Int(try reader.u8(compressionAt))
            let compressions = try reader.slice(compressionAt + 1, compressionCount)
            return UVCStillImageFrame(endpointAddress: try reader.u8(3), sizes: sizes, compressions: compressions)
        }

        private mutating func appendFrame(_ frame: UVCFrameDescriptor, to index: Int) throws(UVCDescriptorError) {
            guard let last = streaming[index].formats.indices.last else {
                throw .inconsistent("frame descriptor \(frame.index) before any format descriptor")
            }
            streaming[index].formats[last].frames.append(frame)
        }

        /// A frame descriptor; `intervalTypeAt` is the offset of bFrameIntervalType. The intervals
        /// themselves start at offset 26 in every frame descriptor type.
        private func frame(_ reader: UVCByteReader, intervalTypeAt: Int, bufferSizeAt: Int?) throws(UVCDescriptorError) -> UVCFrameDescriptor {
            let count = Int(try reader.u8(intervalTypeAt))
            let intervals: UVCFrameIntervals
            if count == 0 {
                intervals = .continuous(minimum: try reader.u32(26), maximum: try reader.u32(30), step: try reader.u32(34))
            } else {
                try reader.require(26 + 4 * count)
                var values: [UInt32] = []
                for slot in 0..<count { values.append(try reader.u32(26 + 4 * slot)) }
                intervals = .discrete(values)
            }
            var bufferSize = 0
            var defaultAt = 17
            if let bufferSizeAt {
                bufferSize = Int(try reader.u32(bufferSizeAt))
                defaultAt = bufferSizeAt + 4
            }
            return UVCFrameDescriptor(
                index: try reader.u8(3), width: Int(try reader.u16(5)), height: Int(try reader.u16(7)),
                maxFrameBufferSize: bufferSize, defaultInterval: try reader.u32(defaultAt), intervals: intervals)
        }

        func finish() throws(UVCDescriptorError) -> UVCDeviceDescription {
            guard let controlInterface, let uvcVersion else { throw .notUVC }
            let usable = streaming.filter { !$0.formats.isEmpty && $0.endpoint != 0 }
            guard !usable.isEmpty else { throw .notUVC }
            return UVCDeviceDescription(
                uvcVersion: uvcVersion, controlInterface: controlInterface, cameraTerminal: cameraTerminal,
                processingUnit: processingUnit, outputTerminals: outputTerminals, streamingInterfaces: usable)
        }
    }
}

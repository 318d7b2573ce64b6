import BiocapCore
import BiocapDeviceKit
@testable import BiocapSimulation
@testable import BiocapUVC
import Testing

@Suite struct UVCDescriptorTests {
    @Test func parsesTheRealC310() throws {
        let description = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())
        #expect(description.uvcVersion == 0x0100)
        #expect(description.versionString == "1.00")
        #expect(description.probeLength == 26)
        #expect(description.controlInterface == 0)
        #expect(description.cameraTerminal == UVCCameraTerminal(terminalID: 1, controls: 0x0e))
        #expect(description.processingUnit == UVCProcessingUnit(unitID: 2, sourceID: 1, controls: 0x175b))
        #expect(description.outputTerminals == [UVCOutputTerminal(terminalID: 5, terminalType: 0x0101, sourceID: 4)])
        #expect(UVCControl.supported(by: description) == [.autoExposureMode, .exposureTime, .gain, .whiteBalanceTemperature, .autoWhiteBalance])

        let streaming = try #require(description.streamingInterfaces.first)
        #expect(description.streamingInterfaces.count == 1)
        #expect(streaming.interfaceNumber == 1)
        #expect(streaming.endpoint == 0x81)
        #expect(streaming.formats.map(\.pixelFormat) == [.yuy2, .mjpeg])
        #expect(streaming.formats.map(\.frames.count) == [19, 19])
        #expect(streaming.alternateSettings.count == 12)
        #expect(streaming.isochronousSettings.map(\.bytesPerInterval) == [192, 384, 512, 640, 800, 944, 1280, 1600, 1984, 2688, 3060])

        let yuy2 = streaming.formats[0]
        #expect(yuy2.bitsPerPixel == 16)
        let vga = yuy2.frames[0]
        #expect((vga.index, vga.width, vga.height, vga.maxFrameBufferSize, vga.defaultInterval) == (1, 640, 480, 614_400, 333_333))
        #expect(vga.intervals == .discrete([333_333, 400_000, 500_000, 666_666, 1_000_000, 2_000_000]))
        #expect(yuy2.uncompressedSize(of: vga) == 614_400)
        let last = try #require(yuy2.frames.last)
        #expect((last.width, last.height, last.intervals) == (1280, 960, .discrete([1_333_333, 2_000_000])))
        #expect(streaming.formats[1].frames[17].width == 1280 && streaming.formats[1].frames[17].height == 720)
    }

    @Test func theDeviceDescriptorInFrontIsSkipped() throws {
        let withDevice = try UVCDescriptorParser.parse(try UVCRecording.c310Descriptors())
        #expect(withDevice == (try UVCDescriptorParser.parse(try UVCRecording.c310Configuration())))
    }

    @Test func alternateSettingIsTheSmallestCarryingThePayload() throws {
        let streaming = try #require(try UVCDescriptorParser.parse(try UVCRecording.c310Configuration()).streamingInterfaces.first)
        #expect(streaming.isochronousSetting(forPayload: 3060)?.setting == 11)
        #expect(streaming.isochronousSetting(forPayload: 1000)?.setting == 7)
        #expect(streaming.isochronousSetting(forPayload: 100)?.setting == 1)
        #expect(streaming.isochronousSetting(forPayload: 9000)?.setting == 11)
        #expect(streaming.bulkSetting == nil)
    }

    @Test func profilesChooseTheirFormat() throws {
        let interfaces = try UVCDescriptorParser.parse(try UVCRecording.c310Configuration()).streamingInterfaces
        let face = try #require(UVCProfile.face.choose(from: interfaces))
        #expect((face.format.pixelFormat, face.frame.width, face.frame.height) == (.mjpeg, 1280, 720))
        let iris = try #require(UVCProfile.iris.choose(from: interfaces))
        #expect((iris.format.pixelFormat, iris.frame.width, iris.frame.height) == (.yuy2, 640, 480))
        #expect(UVCProfile.profile(for: USBID(vendorID: 0x046d, productID: 0x081b)) == .face)
        #expect(UVCProfile.profile(for: USBID(vendorID: 0x1234, productID: 0x5678)) == .face)
        #expect(UVCProfile.profile(for: USBID(vendorID: 0x1234, productID: 0x5678), overrides: [USBID(vendorID: 0x1234, productID: 0x5678): .iris]) == .iris)
    }

    @Test func recognisesVideoClassDevices() throws {
        #expect(UVCDriver.isUVC(configurationDescriptor: try UVCRecording.c310Configuration()))
        #expect(UVCDriver.isUVC(configurationDescriptor: SimulatedUVCDescriptors.make(.iris)))
        // A vendor-specific fingerprint sensor: one interface of class 0xff with two bulk endpoints.
        let sensor: [UInt8] = [9, 2, 32, 0, 1, 1, 0, 0x80, 50, 9, 4, 0, 0, 2, 0xff, 0, 0, 0, 7, 5, 0x02, 2, 64, 0, 0, 7, 5, 0x83, 2, 64, 0, 0]
        #expect(!UVCDriver.isUVC(configurationDescriptor: sensor))
        #expect(throws: UVCDescriptorError.notUVC) { try UVCDescriptorParser.parse(sensor) }
        #expect(!UVCDriver.isUVC(configurationDescriptor: [9, 2, 200, 0]))
    }

    @Test func zeroOrLyingLengthsThrow() throws {
        var bytes = try UVCRecording.c310Configuration()
        var zero = bytes
        zero[9] = 0  // the interface association descriptor's bLength
        #expect(throws: UVCDescriptorError.badLength(offset: 9, length: 0)) { try UVCDescriptorParser.parse(zero) }
        bytes[bytes.count - 7] = 200  // the last descriptor claims to run past the end
        #expect(throws: UVCDescriptorError.self) { try UVCDescriptorParser.parse(bytes) }
        #expect(throws: UVCDescriptorError.self) { try UVCDescriptorParser.parse([]) }
    }

    @Test func everyTruncationThrowsOrParses() throws {
        let bytes = try UVCRecording.c310Configuration()
        var parsed = 0
        for cut in 0..<bytes.count {
            // Cut with wTotalLength left as sent (always an error), and patched to the cut (inner
            // descriptors end early).
            #expect(throws: UVCDescriptorError.self) { try UVCDescriptorParser.parse(Array(bytes.prefix(cut))) }
            var patched = Array(bytes.prefix(cut))
            if patched.count >= 4 {
                patched[2] = UInt8(cut & 0xff)
                patched[3] = UInt8(cut >> 8)
            }
            if (try? UVCDescriptorParser.parse(patched)) != nil { parsed += 1 }
        }
        // Cuts at a descriptor boundary after the streaming interface's first frame still describe a
        // usable camera (there are 90 such boundaries); cuts inside a descriptor throw.
        #expect(parsed == 90)
    }

    @Test func seededMutationsThrowOrParse() throws {
        let original = try UVCRecording.c310Configuration()
        var random: UInt64 = 0x5eed_1234
        func next(_ bound: Int) -> Int {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            return Int((random >> 33) % UInt64(bound))
        }
        var outcomes = (parsed: 0, thrown: 0)
        for _ in 0..<1000 {
            var bytes = original
            for _ in 0..<(1 + next(4)) {
                let position = next(bytes.count)
                switch next(4) {
                case 0: bytes[position] = 0
                case 1: bytes[position] = 0xff
                case 2: bytes[position] ^= UInt8(1 << next(8))
                default: bytes[position] = UInt8(next(256))
                }
            }
            do {
                let description = try UVCDescriptorParser.parse(bytes)
                // Whatever parses is usable without crashing.
                _ = UVCProfile.face.choose(from: description.streamingInterfaces)
                _ = description.streamingInterfaces.first?.isochronousSetting(forPayload: 3060)
                outcomes.parsed += 1
            } catch {
                outcomes.thrown += 1
            }
        }
        #expect(outcomes.parsed + outcomes.thrown == 1000)
        #expect(outcomes.parsed > 0 && outcomes.thrown > 0)
    }

    @Test func simulatedDescriptorsParse() throws {
        let face = try UVCDescriptorParser.parse(SimulatedUVCDescriptors.make(.face))
        #expect(face.uvcVersion == 0x0110 && face.probeLength == 34)
        let streaming = try #require(face.streamingInterfaces.first)
        #expect(streaming.formats.map(\.pixelFormat) == [.mjpeg, .yuy2])
        #expect(streaming.isochronousSettings.last?.bytesPerInterval == 3072)
        #expect(UVCControl.supported(by: face) == UVCControl.allCases)
        let iris = try UVCDescriptorParser.parse(SimulatedUVCDescriptors.make(.iris))
        #expect(iris.streamingInterfaces.first?.formats.first?.pixelFormat == .gray8)
        #expect(UVCPixelFormat(guid: UVCPixelFormat.gray16.guid) == .gray16)
        #expect(UVCPixelFormat(guid: Array("GREY".utf8) + UVCPixelFormat.guidSuffix) == .gray8)
        #expect(UVCPixelFormat(guid: Array("Y8  ".utf8) + UVCPixelFormat.guidSuffix) == .gray8)
        #expect(UVCPixelFormat(guid: UVCPixelFormat.nv12.guid) == .nv12)
    }
}

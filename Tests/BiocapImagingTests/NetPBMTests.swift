import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Testing

@Suite struct NetPBMTests {
    @Test func readsRealFingerprintPGM() throws {
        let image = try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db2/101_1.pgm"))
        #expect(image.width == 256 && image.height == 364)
        #expect(Set(image.pixels).count > 50)
    }

    @Test func roundTripsGreyAndColour() throws {
        let gray = try GrayImage(width: 3, height: 2, pixels: [0, 1, 2, 253, 254, 255])
        #expect(try NetPBM.decode(NetPBM.encode(gray)) == .gray(gray))
        let rgb = try RGBImage(width: 2, height: 1, pixels: [1, 2, 3, 4, 5, 6])
        #expect(try NetPBM.decode(NetPBM.encode(rgb)) == .rgb(rgb))
    }

    @Test func acceptsCommentsAndScalesSmallMaxval() throws {
        let bytes = Array("P5\n# made by hand\n2 1\n15\n".utf8) + [0, 15]
        #expect(try NetPBM.decodeGray(bytes).pixels == [0, 255])
    }

    @Test func rejectsBadInputWithoutCrashing() {
        let cases: [[UInt8]] = [
            [], Array("P5".utf8), Array("P2\n1 1\n255\n0".utf8), Array("P5\n2 2\n255\n".utf8) + [1, 2, 3],
            Array("P5\n-1 2\n255\n".utf8), Array("P5\n1 1\n65535\n".utf8) + [0, 0],
            Array("P5\n99999999 99999999\n255\n".utf8) + [0],
        ]
        for bytes in cases {
            #expect(throws: ImageError.self) { try NetPBM.decode(bytes) }
        }
    }
}

@testable import BiocapQuality
import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

@Suite("Haar cascade face detection")
struct HaarCascadeTests {
    static let directory = HaarCascade.systemDirectory

    @Test("OpenCV's cascades parse into their stages, classifiers and features")
    func parsesSystemCascades() throws {
        let alt2 = try HaarCascade.load(path: Self.directory + "/haarcascade_frontalface_alt2.xml")
        #expect(alt2.windowWidth == 20 && alt2.windowHeight == 20)
        #expect(alt2.stages.count == 20)
        #expect(alt2.nodes.count == 2 * alt2.classifiers.count)
        let frontal = try HaarCascade.load(path: Self.directory + "/haarcascade_frontalface_default.xml")
        #expect(frontal.windowWidth == 24 && frontal.stages.count == 25)
        #expect(frontal.classifiers.count == frontal.nodes.count)
    }

    @Test("A missing, non-XML or wrong file is a clear error")
    func badFiles() throws {
        #expect(throws: HaarCascadeError.unreadable("/nonexistent/cascade.xml")) {
            try HaarCascade.load(path: "/nonexistent/cascade.xml")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("haar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let garbage = folder.appendingPathComponent("garbage.xml")
        try Data("not <xml at all".utf8).write(to: garbage)
        #expect(throws: HaarCascadeError.self) { try HaarCascade.load(path: garbage.path) }
        let empty = folder.appendingPathComponent("empty.xml")
        try Data("<?xml version=\"1.0\"?><opencv_storage><cascade><width>20</width></cascade></opencv_storage>".utf8)
            .write(to: empty)
        #expect(throws: HaarCascadeError.self) { try HaarCascade.load(path: empty.path) }
        let badIndex = folder.appendingPathComponent("bad-index.xml")
        try Data("""
            <opencv_storage><cascade><width>20</width><height>20</height><stages><_><stageThreshold>0</stageThreshold>
            <weakClassifiers><_><internalNodes>0 -1 7 0.5</internalNodes><leafValues>1 -1</leafValues></_>
            </weakClassifiers></_></stages><features><_><rects><_>0 0 4 4 -1.</_><_>0 0 2 4 2.</_></rects></_>
            </features></cascade></opencv_storage>
            """.utf8).write(to: badIndex)
        #expect(throws: HaarCascadeError.self) { try HaarCascade.load(path: badIndex.path) }
        if case .failure(let error) = HaarFaceFinder.loadCascades(directory: folder.path) {
            print("haar: missing cascades → \(error)")
        } else {
            Issue.record("cascades loaded from an empty folder")
        }
    }

    @Test("No face on blank, noise, fingerprint or iris frames; timing of a 1280×720 frame")
    func nonFaces() throws {
        let cascades = try HaarFaceFinder.systemCascades.get()
        var finder = HaarFaceFinder(cascades: cascades)
        var frames: [(String, GrayImage)] = [
            ("grey", GrayImage(width: 1280, height: 720, fill: 128)),
            ("black", GrayImage(width: 1280, height: 720, fill: 0)),
            ("fingerprint", try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db1/101_1.pgm"))),
            ("fingerprint", try NetPBM.decodeGray(try TestData.bytes("fingerprints/fvc2000-db3/101_1.pgm"))),
            ("iris", try NetPBM.decodeGray(try TestData.bytes("iris/casia1/001_1_1.pgm"))),
            ("iris", try NetPBM.decodeGray(try TestData.bytes("iris/casia1/005_2_2.pgm"))),
        ]
        var noise = GrayImage(width: 1280, height: 720, fill: 0)
        noise.pixels = ImageTransforms.noise(count: 1280 * 720)
        frames.append(("noise", noise))
        for (name, frame) in frames {
            let faces = frame.pixels.withUnsafeBufferPointer { finder.find(luma: $0, width: frame.width, height: frame.height) }
            #expect(faces.isEmpty, "\(name): \(faces)")
        }
        // A portrait resampled to a 1280 × 720 frame, for the timing figure (printed, not asserted).
        let photo = try JPEGCodec.decode([UInt8](try Data(contentsOf: TestData.data("face/photos/img2.jpg"))))
        guard case .rgb(let rgb) = photo else { Issue.record("not colour"); return }
        let luma = rgb.luma()
        var frame = GrayImage(width: 1280, height: 720, fill: 0)
        for y in 0..<720 {
            for x in 0..<1280 { frame.pixels[y * 1280 + x] = luma.pixels[(y * luma.height / 720) * luma.width + x * luma.width / 1280] }
        }
        let clock = ContinuousClock()
        var faces: [HaarFaceFinder.Face] = []
        let elapsed = clock.measure {
            faces = frame.pixels.withUnsafeBufferPointer { finder.find(luma: $0, width: 1280, height: 720) }
        }
        #expect(faces.count == 1)
        print("haar: one 1280×720 frame took \(elapsed), faces \(faces)")
    }
}

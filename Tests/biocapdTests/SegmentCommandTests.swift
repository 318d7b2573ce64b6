import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation
import Testing

/// `biocapctl segment` end to end: the real binary on slap files composed from real FVC2000 prints.
@Suite("biocapctl segment")
struct SegmentCommandTests {
    /// A 1600 × 1500 right-hand slap of four real DB3 prints (upright ellipses, middle highest, little lowest),
    /// leaving out the fingers in `without`, written as PGM; returns the path.
    static func writeSlap(to directory: URL, name: String, without: Set<Int> = []) throws -> String {
        var image = GrayImage(width: 1600, height: 1500, fill: 230, ppi: 500)
        // Whole prints of normal contrast; the smallest for the little finger.
        let places: [(x: Int, top: Int, file: String)] = [(330, 330, "101_1"), (700, 200, "102_1"), (1060, 300, "106_1"), (1380, 560, "109_1")]
        for (index, place) in places.enumerated() where !without.contains(index) {
            let print = try NetPBM.decodeGray(TestData.bytes("fingerprints/fvc2000-db3/\(place.file).pgm"))
            let semiX = Double(print.width) * 0.34, semiY = Double(print.height) * 0.42
            for dy in -Int(semiY)...Int(semiY) {
                for dx in -Int(semiX)...Int(semiX) where pow(Double(dx) / semiX, 2) + pow(Double(dy) / semiY, 2) <= 1 {
                    let value = print[print.width / 2 + dx, print.height / 2 + dy]
                    image[place.x + dx, place.top + Int(semiY) + dy] = min(230, value)
                }
            }
        }
        let url = directory.appendingPathComponent(name)
        try Data(NetPBM.encode(image)).write(to: url)
        return url.path
    }

    @Test("--json prints one object per file with each fingertip's position, box, angle and score; --out writes the crops")
    func json() throws {
        let directory = try TestData.temporaryDirectory("biocapctl-segment")
        defer { try? FileManager.default.removeItem(at: directory) }
        let whole = try Self.writeSlap(to: directory, name: "whole.pgm")
        let noRing = try Self.writeSlap(to: directory, name: "no-ring.pgm", without: [2])
        let crops = directory.appendingPathComponent("crops")
        let result = try CLIHarness.ctl(["segment", "--position", "plain-right-four", "--json", "--out", crops.path, whole, noRing])
        #expect(result.status == 0, "\(result)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "\(result)")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)") }
        guard objects.count == 2 else { return }
        #expect(objects[0]["file"] as? String == whole && objects[0]["position"] as? String == "plain-right-four")
        let fingers = try #require(objects[0]["fingers"] as? [[String: Any]], "\(objects[0])")
        #expect(fingers.compactMap { $0["position"] as? String } == ["right-index", "right-middle", "right-ring", "right-little"],
                "\(objects[0])")
        for finger in fingers {
            let box = try #require(finger["box"] as? [String: Int], "\(finger)")
            #expect(Set(box.keys) == ["x", "y", "width", "height"])
            #expect(finger["angle"] is Double && (0...100).contains(finger["score"] as? Int ?? -1), "\(finger)")
            let name = try #require(finger["position"] as? String)
            let crop = try NetPBM.decodeGray(Array(Data(contentsOf: crops.appendingPathComponent("whole-\(name).pgm"))))
            #expect(crop.width == box["width"] && crop.height == box["height"], "\(name): \(crop.width)×\(crop.height) vs \(box)")
        }
        #expect((objects[0]["guidance"] as? [String])?.isEmpty == true, "\(objects[0])")
        let missingRing = try #require(objects[1]["fingers"] as? [[String: Any]])
        #expect(missingRing.compactMap { $0["position"] as? String } == ["right-index", "right-middle", "right-little"], "\(objects[1])")
        #expect(objects[1]["missing"] as? [String] == ["right-ring"] && objects[1]["guidance"] as? [String] == ["finger-missing"],
                "\(objects[1])")
    }

    @Test("--except keeps the other fingers' names; the table names them for a person")
    func exceptAndTable() throws {
        let directory = try TestData.temporaryDirectory("biocapctl-segment")
        defer { try? FileManager.default.removeItem(at: directory) }
        let noRing = try Self.writeSlap(to: directory, name: "no-ring.pgm", without: [2])
        let result = try CLIHarness.ctl(["segment", "--position", "plain-right-four", "--except", "right-ring:amputated", noRing])
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout.contains("POSITION") && result.stdout.contains("right-little"), "\(result)")
        #expect(!result.stdout.contains("missing") && !result.stdout.contains("guidance"), "\(result)")
        #expect(!result.stdout.contains("right-ring"), "\(result)")
    }

    @Test("A position that is not a slap, an unknown exception and an unreadable file are reported")
    func errors() throws {
        let notSlap = try CLIHarness.ctl(["segment", "--position", "right-index", "/nonexistent.pgm"])
        #expect(notSlap.status == 2, "\(notSlap)")
        let badException = try CLIHarness.ctl(["segment", "--position", "plain-thumbs", "--except", "left-ring:amputated", "/x.pgm"])
        #expect(badException.status == 2, "\(badException)")
        let unreadable = try CLIHarness.ctl(["segment", "--position", "plain-thumbs", "--json", "/nonexistent/slap.pgm"])
        #expect(unreadable.status == 1 && unreadable.stdout.contains("\"error\""), "\(unreadable)")
    }
}

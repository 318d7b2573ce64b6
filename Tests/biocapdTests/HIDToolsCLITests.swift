import BiocapTestSupport
import Foundation
import Testing

/// `biocapctl hid describe` and `hid decode`, run as the real binary on the shared descriptors and recordings and
/// compared with their reference parse (`index.json`) and decoded values (`.csv`).
@Suite struct HIDToolsCLITests {
    static let folder = TestData.sharedRoot.appendingPathComponent("devices/hid")

    static func index() throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("descriptors/index.json")))
        return (json as? [String: Any])?["descriptors"] as? [[String: Any]] ?? []
    }

    @Test func describeAgreesWithTheReferenceParse() throws {
        // One of each family: Wacom 0xFF0D vendor page, XP-Pen with Push/Pop, n-trig, Huion with a byte exponent.
        let files = ["wacom-intuos-pro-m-pth-660-fw-v1-50_056a-0357.hex", "xp-pen-deco-01-v2-rev-b-if1_28bd-0905.hex",
                     "n-trig-1b96-0c01_1b96-0c01.hex", "huion-hs610_256c-0064.hex"]
        let entries = try Self.index()
        for file in files {
            let entry = try #require(entries.first { $0["file"] as? String == file }, "\(file) in index.json")
            let reference = try #require((entry["pen_reports"] as? [[String: Any]])?.first)
            let result = try CLIHarness.ctl(["hid", "describe", Self.folder.appendingPathComponent("descriptors/" + file).path, "--json"])
            #expect(result.status == 0, "\(result)")
            let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result)")
            #expect(ours["reportID"] as? Int == reference["report_id"] as? Int, "\(file)")
            #expect(ours["reportBytes"] as? Int == reference["report_bytes_incl_id"] as? Int, "\(file)")
            let fields = ours["fields"] as? [String: [String: Any]] ?? [:]
            let names = ["x": "X", "y": "Y", "pressure": "TipPressure", "tip": "TipSwitch", "inRange": "InRange"]
            for (mine, theirs) in names {
                guard let expected = (reference["fields"] as? [String: [String: Any]])?[theirs] else {
                    #expect(fields[mine] == nil, "\(file) \(mine): not in the reference")
                    continue
                }
                let field = try #require(fields[mine], "\(file) \(mine)")
                let pairs = [("bitOffset", "bit_offset"), ("bitSize", "bit_size"), ("logicalMinimum", "logical_min"),
                             ("logicalMaximum", "logical_max"), ("physicalMinimum", "physical_min"), ("physicalMaximum", "physical_max")]
                for (key, referenceKey) in pairs {
                    #expect(field[key] as? Int == expected[referenceKey] as? Int, "\(file) \(mine) \(key)")
                }
                if let exponent = expected["unit_exponent"] as? Int {
                    #expect(field["unitExponent"] as? Int == (exponent > 15 ? Int(Int8(truncatingIfNeeded: exponent)) : exponent),
                            "\(file) \(mine) unit exponent")
                }
            }
        }
        let table = try CLIHarness.ctl(["hid", "describe", Self.folder.appendingPathComponent("descriptors/" + files[1]).path])
        #expect(table.status == 0 && table.stdout.contains("pen report id 7") && table.stdout.contains("pressure"), "\(table)")
    }

    @Test func describeWithoutAPenReportOrWithGarbageFails() throws {
        let entries = try Self.index()
        let noPen = try #require(entries.first { $0["kind"] as? String == "no-pen-fields" }?["file"] as? String)
        let result = try CLIHarness.ctl(["hid", "describe", Self.folder.appendingPathComponent("descriptors/" + noPen).path, "--json"])
        #expect(result.status == 1 && result.stderr.contains("no pen report") && result.stdout.isEmpty, "\(result)")
        let directory = try TestData.temporaryDirectory("hid-describe")
        defer { try? FileManager.default.removeItem(at: directory) }
        let garbage = directory.appendingPathComponent("garbage.hex")
        try Data("05 0d a1 01 zz".utf8).write(to: garbage)
        let bad = try CLIHarness.ctl(["hid", "describe", garbage.path])
        #expect(bad.status == 1 && bad.stderr.contains("not a hex byte"), "\(bad)")
        let truncated = directory.appendingPathComponent("truncated.hex")
        try Data("05 0d 09 02 a1 01 26 ff".utf8).write(to: truncated)
        let cut = try CLIHarness.ctl(["hid", "describe", truncated.path])
        #expect(cut.status == 1 && cut.stderr.contains("ends inside the item"), "\(cut)")
    }

    @Test(arguments: ["xp-pen-g640s_28bd-0906", "xp-pen-deco-01-v2-revb_28bd-0905"])
    func decodeAgreesWithTheReferenceValues(_ name: String) throws {
        let result = try CLIHarness.ctl(["hid", "decode", Self.folder.appendingPathComponent("recordings/\(name).hid").path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        let rows = try String(contentsOf: Self.folder.appendingPathComponent("recordings/\(name).csv"), encoding: .utf8)
            .split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.count == rows.count && rows.count > 1000)
        var mismatches = 0
        for (line, row) in zip(lines, rows) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                mismatches += 1
                continue
            }
            let same = object["x"] as? Int == Int(row[2]) && object["y"] as? Int == Int(row[3]) && object["pressure"] as? Int == Int(row[4])
                && object["tip"] as? Bool == (row[5] == "1") && object["inRange"] as? Bool == (row[6] == "1")
                && object["reportID"] as? Int == Int(row[1])
                && abs((object["time"] as? Double ?? -1) - (Double(row[0]) ?? 0)) < 1e-6
            if !same { mismatches += 1 }
        }
        #expect(mismatches == 0, "\(mismatches) of \(rows.count) reports differ")
    }

    @Test func decodeRefusesABrokenRecording() throws {
        let directory = try TestData.temporaryDirectory("hid-decode")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.hid")
        try Data("R: 4 05 0d 09\nE: 0.1 3 07 00\n".utf8).write(to: file)
        let result = try CLIHarness.ctl(["hid", "decode", file.path, "--json"])
        #expect(result.status == 1 && result.stderr.contains("line 1"), "\(result)")
    }
}

import BiocapTestSupport
import Foundation
import Testing

@testable import BiocapHID

/// The parser against 121 real descriptors of pen tablets, displays, touch screens and vendor interfaces: every pen
/// field where the reference parse puts it, with its ranges; and malformed descriptors as errors.
@Suite struct HIDReportDescriptorTests {
    @Test func everyRealDescriptorParsesWithThePenFieldsWhereTheReferenceHasThem() throws {
        let entries = try HIDCorpus.entries()
        #expect(entries.count >= 100)
        var problems: [String] = []
        var checkedFields = 0
        for entry in entries {
            let descriptor: HIDReportDescriptor
            do { descriptor = try HIDReportDescriptor(bytes: entry.bytes) } catch {
                problems.append("\(entry.file): \(error)")
                continue
            }
            for report in entry.penReports {
                let id = (report["report_id"] as? Int).map { UInt8($0) }
                let fields = descriptor.inputReports[id] ?? []
                if let length = report["report_bytes_incl_id"] as? Int, descriptor.inputReportLengths[id] != length {
                    problems.append("\(entry.file) report \(id.map(String.init) ?? "-"): \(descriptor.inputReportLengths[id] ?? -1) bytes, reference \(length)")
                }
                for (name, value) in report["fields"] as? [String: [String: Any]] ?? [:] {
                    guard let usage = HIDCorpus.usage(value["usage"]) else { continue }
                    guard let field = fields.first(where: { $0.usage.rawValue == usage }) else {
                        problems.append("\(entry.file) report \(id.map(String.init) ?? "-"): no \(name)")
                        continue
                    }
                    checkedFields += 1
                    let ours: [String: Int64] = [
                        "bit_offset": Int64(field.bitOffset), "bit_size": Int64(field.bitSize), "logical_min": field.logicalMinimum,
                        "logical_max": field.logicalMaximum, "physical_min": field.physicalMinimum, "physical_max": field.physicalMaximum,
                    ]
                    for (key, mine) in ours.sorted(by: { $0.key < $1.key }) {
                        if let reference = value[key] as? Int, Int64(reference) != mine {
                            problems.append("\(entry.file) report \(id.map(String.init) ?? "-") \(name) \(key): \(mine), reference \(reference)")
                        }
                    }
                    if let millimetres = value["physical_mm"] as? Double, let mine = field.physicalExtentMillimetres,
                       abs(mine - millimetres) > max(0.01, millimetres * 0.001) {
                        problems.append("\(entry.file) \(name) physical extent: \(mine) mm, reference \(millimetres)")
                    }
                    if let millimetres = value["physical_mm"] as? Double, millimetres > 0, field.physicalExtentMillimetres == nil {
                        problems.append("\(entry.file) \(name): no physical extent, reference \(millimetres) mm")
                    }
                    // hid-tools reports a signed-byte exponent (0xFD) as 237; the kernel and we read -3.
                    if let reference = value["unit_exponent"] as? Int {
                        let expected = reference > 15 ? Int(Int8(truncatingIfNeeded: reference)) : reference
                        if expected != field.unitExponent {
                            problems.append("\(entry.file) \(name) unit exponent: \(field.unitExponent), reference \(reference)")
                        }
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(40).joined(separator: "\n"))")
        #expect(checkedFields > 800, "compared \(checkedFields) fields")
    }

    @Test func penReportsAreFoundWhereTheyAreAndNowhereElse() throws {
        var problems: [String] = []
        for entry in try HIDCorpus.entries() {
            let found = PenReport.find(in: try HIDReportDescriptor(bytes: entry.bytes))
            let penIDs = Set(entry.penReports.filter { $0["pen_application"] as? Bool == true }.map { ($0["report_id"] as? Int).map { UInt8($0) } })
            let mouseWithPressure = entry.penReports.filter {
                $0["application_name"] as? String == "Mouse" && ($0["fields"] as? [String: Any])?["TipPressure"] != nil
            }
            switch entry.kind {
            case "pen":
                if let first = found.first, penIDs.contains(first.reportID) { break }
                problems.append("\(entry.file): pen report \(penIDs) not found first (found \(found.map(\.reportID)))")
            case "xy-but-not-pen-app" where !mouseWithPressure.isEmpty:
                // VEIKK and XP-Pen send the pen in a Mouse application with Tip Pressure: offered as a pen too.
                let ids = Set(mouseWithPressure.map { ($0["report_id"] as? Int).map { UInt8($0) } })
                if found.first.map({ ids.contains($0.reportID) }) != true { problems.append("\(entry.file): mouse pen report not found") }
            default:
                if !found.isEmpty { problems.append("\(entry.file) (\(entry.kind)): found a pen report \(found.map(\.reportID))") }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func theTrapsOfRealDevicesAreHandled() throws {
        // Report Count beyond the usages (the last repeats), Push/Pop, a signed-byte unit exponent, 0x00FF maxima.
        let bytes: [UInt8] = [
            0x05, 0x0D, 0x09, 0x02, 0xA1, 0x01, 0x85, 0x07, 0x09, 0x20, 0xA1, 0x00,
            0x09, 0x42, 0x09, 0x44, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x04, 0x81, 0x02,  // 2 usages, 4 bits
            0x95, 0x04, 0x81, 0x03,  // padding
            0xA4, 0x05, 0x01, 0x09, 0x30, 0x55, 0xFD, 0x65, 0x11, 0x35, 0x00, 0x46, 0xFF, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x10, 0x95, 0x01,
            0x81, 0x02, 0xB4,  // X in a pushed scope
            0x05, 0x01, 0x09, 0x31, 0x75, 0x10, 0x95, 0x01, 0x81, 0x02,
            0x05, 0x0D, 0x09, 0x30, 0x81, 0x02,
            0xC0, 0xC0,
        ]
        let descriptor = try HIDReportDescriptor(bytes: bytes)
        let fields = try #require(descriptor.inputReports[7])
        #expect(fields.map(\.usage) == [.tipSwitch, .barrelSwitch, .barrelSwitch, .barrelSwitch, .x, .y, .tipPressure])
        let x = try #require(fields.first { $0.usage == .x })
        #expect(x.bitOffset == 16 && x.logicalMaximum == 255 && x.physicalMaximum == 255 && x.unitExponent == -3)
        // After Pop the X scope's ranges are gone again: Y has the Tip/Barrel ranges (0…1) restored.
        #expect(fields.first { $0.usage == .y }?.logicalMaximum == 1)
        #expect(descriptor.inputReportLengths[7] == 8)
        let pen = try #require(PenReport.find(in: descriptor).first)
        let sample = try #require(pen.decode([0x07, 0b0000_0011, 0x34, 0x12, 0x01, 0x00, 0x00, 0x00]))
        #expect(sample.tip && sample.barrel && sample.x == 0x1234 && sample.y == 1)
        #expect(pen.decode([0x08, 0, 0, 0, 0, 0, 0, 0]) == nil, "another report id")
        #expect(pen.decode([0x07, 0, 0]) == nil, "a short report")
    }

    @Test func malformedDescriptorsAreErrorsNotCrashes() throws {
        #expect(throws: HIDDescriptorError.truncated(offset: 0)) { try HIDReportDescriptor(bytes: [0x26, 0xFF]) }
        #expect(throws: HIDDescriptorError.unbalancedPushPop(offset: 0)) { try HIDReportDescriptor(bytes: [0xB4]) }
        #expect(throws: HIDDescriptorError.unbalancedCollection(offset: 0)) { try HIDReportDescriptor(bytes: [0xC0]) }
        #expect(throws: HIDDescriptorError.reservedReportID(offset: 0)) { try HIDReportDescriptor(bytes: [0x85, 0x00]) }
        #expect(throws: HIDDescriptorError.reportTooLarge(offset: 7)) {
            try HIDReportDescriptor(bytes: [0x75, 0x20, 0x97, 0xFF, 0xFF, 0xFF, 0x7F, 0x81, 0x02])
        }
        #expect(throws: HIDDescriptorError.unbalancedCollection(offset: 64)) {
            try HIDReportDescriptor(bytes: Array([UInt8](repeating: 0, count: 33).map { _ in [UInt8(0xA1), 0x00] }.joined()))
        }
        // Every real descriptor cut short or with bytes flipped: an error or a parse, never a crash.
        var generator = SystemRandomNumberGenerator()
        for entry in try HIDCorpus.entries() {
            for cut in stride(from: 0, to: entry.bytes.count, by: max(1, entry.bytes.count / 16)) {
                _ = try? HIDReportDescriptor(bytes: Array(entry.bytes.prefix(cut)))
            }
            for _ in 0..<20 {
                var mutated = entry.bytes
                for _ in 0..<4 where !mutated.isEmpty {
                    mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                if let parsed = try? HIDReportDescriptor(bytes: mutated) {
                    for pen in PenReport.find(in: parsed) { _ = pen.decode([UInt8](repeating: 0xFF, count: 64)) }
                }
            }
        }
    }
}

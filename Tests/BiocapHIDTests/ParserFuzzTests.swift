@testable import BiocapHID
import BiocapTestSupport
import Testing

/// A mutation campaign over report descriptors (`FuzzCampaign`; `scripts/fuzz-parsers` runs it for longer), beside
/// `HIDDescriptorFuzzTests`' byte changes: fields inserted, removed and duplicated too. Each damaged descriptor is
/// refused or parsed, and the pens found in it decode reports of any length without a crash.
@Suite("Parser fuzz: HID report descriptors")
struct HIDParserFuzzTests {
    @Test("report descriptors of real devices, damaged: refused, or parsed with usable pens")
    func descriptors() throws {
        let seeds = try HIDCorpus.entries().map(\.bytes)
        var campaign = FuzzCampaign("hid-descriptors", rounds: 750)
        while campaign.nextRound() {
            guard let descriptor = try? HIDReportDescriptor(bytes: campaign.input(from: seeds, focus: 100_000)) else { continue }
            campaign.accept()
            for pen in PenReport.find(in: descriptor) {
                for length in [0, 1, pen.length - 1, pen.length, pen.length + 3] where length >= 0 {
                    for fill: UInt8 in [0xA5, 0xFF] {
                        var report = [UInt8](repeating: fill, count: length)
                        if let id = pen.reportID, !report.isEmpty { report[0] = id }
                        _ = pen.decode(report)
                    }
                }
            }
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }
}

import BiocapCore
import BiocapTestSupport
import Foundation

/// The real online signatures of SVC2004 in `shared/devices/signatures/svc2004` as traces: `X Y TimeStamp ButtonStatus
/// Azimuth Altitude Pressure` per line, 100 Hz, on a WACOM Intuos tablet (taken here as 2540 lines per inch, 100 counts
/// per mm, pressure 0…1023), with a signing box 10 mm around the ink.
enum SVC2004Signature {
    static let folder = TestData.sharedRoot.appendingPathComponent("devices/signatures/svc2004")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".TXT") }.sorted()
    }

    static func load(_ name: String) throws -> SignatureTrace {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).dropFirst()
        var rows: [[Int]] = []
        for line in lines {
            let fields = line.split(separator: " ").compactMap { Int($0) }
            guard fields.count >= 4 else { continue }
            rows.append(fields)
        }
        guard let first = rows.first else { throw CocoaError(.fileReadCorruptFile) }
        let minX = rows.map { $0[0] }.min() ?? 0, maxX = rows.map { $0[0] }.max() ?? 0
        let minY = rows.map { $0[1] }.min() ?? 0, maxY = rows.map { $0[1] }.max() ?? 0
        let margin = 1000
        let samples = rows.map { row in
            PenPoint(x: row[0] - minX + margin, y: maxY - row[1] + margin, pressure: row.count >= 7 ? row[6] : (row[3] == 1 ? 512 : 0),
                     tip: row[3] == 1, time: .milliseconds(row[2] - first[2]))
        }
        let width = maxX - minX + 2 * margin, height = maxY - minY + 2 * margin
        return SignatureTrace(
            geometry: PadGeometry(width: width, height: height, xCountsPerMillimetre: 100, yCountsPerMillimetre: 100,
                                  pressureMaximum: 1023, samplesPerSecond: 100),
            samples: samples)
    }
}

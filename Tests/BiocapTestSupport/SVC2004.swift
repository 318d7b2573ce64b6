import BiocapCore
import Foundation

/// The real online signatures of `shared/devices/signatures/svc2004/` (SVC2004 training data): line 1 the number of
/// points, then one point per line, `X Y TimeStamp ButtonStatus [Azimuth Altitude Pressure]` (Task 1 files have the
/// first four columns only). Timestamps are milliseconds; button status 1 = pen down.
public enum SVC2004 {
    public static let folder = TestData.sharedRoot.appendingPathComponent("devices/signatures/svc2004")
    public static let files = ["Task1_U1S1.TXT", "Task2_U1S1.TXT", "Task2_U1S2.TXT", "Task2_U1S21.TXT",
                               "Task2_U1S22.TXT", "Task2_U1S3.TXT", "Task2_U2S1.TXT"]

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The file as a trace: times relative to the first point, pressure 0 for Task 1 files (no pressure column),
    /// azimuth and altitude dropped (a `PenPoint` has tilt, not azimuth/altitude); the pad is the smallest one
    /// holding every point, 100 samples per second, resolution unknown.
    public static func trace(_ name: String) throws -> SignatureTrace {
        let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map { $0.split(separator: " ").compactMap { Int($0) } }
        guard let count = lines.first?.first, lines.count == count + 1 else {
            throw ParseError(description: "\(name): the first line does not count the points")
        }
        lines.removeFirst()
        guard let columns = lines.first?.count, columns == 4 || columns == 7, lines.allSatisfy({ $0.count == columns }) else {
            throw ParseError(description: "\(name): every point needs 4 or 7 numbers")
        }
        let start = lines[0][2]
        let points = lines.map { values in
            PenPoint(x: values[0], y: values[1], pressure: columns == 7 ? values[6] : 0, tip: values[3] == 1,
                     time: .milliseconds(values[2] - start))
        }
        let geometry = PadGeometry(
            width: (points.map(\.x).max() ?? 0) + 1, height: (points.map(\.y).max() ?? 0) + 1,
            pressureMaximum: columns == 7 ? 1023 : 0, samplesPerSecond: 100)
        return SignatureTrace(geometry: geometry, samples: points)
    }
}

import BiocapCore
import BiocapImaging
import BiocapSynthesis
import Foundation

/// What every section measures on: the 500 ppi fingerprints of `shared/data` (FVC 2000 DB1 and DB3, the two
/// 500 dpi databases; DB2 is 569 dpi) and a 1600×1500 synthetic four-finger slap.
struct FormatsBenchInputs: Sendable {
    /// A real fingerprint and the file it came from (relative to `fingerprints/`).
    struct Finger: Sendable {
        let file: String
        let image: GrayImage
    }

    let fingers: [Finger]
    let slap: GrayImage
    let repeats: Int

    init(dataRoot: URL, repeats: Int) throws {
        self.repeats = repeats
        let root = dataRoot.appendingPathComponent("fingerprints")
        var fingers: [Finger] = []
        for database in ["fvc2000-db1", "fvc2000-db3"] {
            let folder = root.appendingPathComponent(database)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pgm") }.sorted()
            for name in names {
                var image = try NetPBM.decodeGray(Array(try Data(contentsOf: folder.appendingPathComponent(name))))
                image.ppi = 500
                fingers.append(Finger(file: "\(database)/\(name)", image: image))
            }
        }
        guard !fingers.isEmpty else { throw FormatsBenchError.data("no fingerprints under \(root.path)") }
        self.fingers = fingers
        let position = FingerPosition.plainRightFour
        let planes = FingerprintSynthesizer.slap(seed: 7, slap: position, present: Set(position.fingers))
        let contact = FingerContact(coverage: 1, contrast: 1, shiftX: 0, shiftY: 0, motionBlur: 0)
        var slap = FingerprintRenderer(planes: planes, seed: 7).render(contact, frameIndex: 0)
        slap.ppi = 500
        self.slap = slap
    }

    /// Saves the inputs as PGM files (`fingers/<database>/<name>`, `slap.pgm`) for the baseline script.
    func write(to directory: URL) throws {
        for finger in fingers {
            let url = directory.appendingPathComponent("fingers/" + finger.file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(NetPBM.encode(finger.image)).write(to: url)
        }
        try Data(NetPBM.encode(slap)).write(to: directory.appendingPathComponent("slap.pgm"))
    }

    /// Median of `repeats` timed runs of `body` in milliseconds, after one untimed warm-up.
    func medianMilliseconds(_ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        let middle = samples.count / 2
        return samples.count % 2 == 1 ? samples[middle] : (samples[middle - 1] + samples[middle]) / 2
    }
}

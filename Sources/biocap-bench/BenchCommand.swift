import BiocapCore
import BiocapImaging
import BiocapQuality
import Foundation

/// Quality benchmark: scores the real images of `shared/data` and a synthetic slap, and prints one
/// JSON object (timings, throughput, agreement with NFIQ 2). Build and run in release:
/// `swift build -c release --product biocap-bench && .build/release/biocap-bench [--data DIR] [--repeats N]`.
/// `--write-slap FILE` saves the synthetic slap and `--write-camera-frames DIR` the 720p camera frames (for the
/// OpenCV baselines); `--dump-finger-features` prints every fingerprint's metrics as CSV instead (input of
/// `scripts/fit-finger-quality.py`; it reads only `fingerprints/` of the data directory, so `scripts/finger-check`
/// stages any sensor's images there); `--portraits` prints only the portrait check of the face score (`PortraitBench`),
/// with each photo's score and guidance (`--photos DIR`: the JPEG photos of any directory instead of the data set's, to
/// check the score on portraits it was not tuned on); `--eyes DIR` scores the PGM eyes of a directory as taken, blurred and
/// squeezed (`EyeBench`: the iris score on eyes it was not tuned on); `--camera` only the camera path (`CameraBench`, for profiling it).
@main
struct BenchCommand {
    static func main() async {
        do {
            var arguments = Array(CommandLine.arguments.dropFirst())
            var dataRoot = defaultDataRoot()
            var repeats = 7
            var dump = false, portraits = false, cameraOnly = false
            var slapPath: String?
            var cameraFrames: URL?
            var photos: URL?
            var eyes: URL?
            while !arguments.isEmpty {
                let argument = arguments.removeFirst()
                switch argument {
                case "--data":
                    guard !arguments.isEmpty else { throw BenchError.usage("--data needs a directory") }
                    dataRoot = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                case "--repeats":
                    guard let value = arguments.first.flatMap({ Int($0) }), value > 0 else {
                        throw BenchError.usage("--repeats needs a positive number")
                    }
                    arguments.removeFirst()
                    repeats = value
                case "--dump-finger-features": dump = true
                case "--portraits": portraits = true
                case "--photos":
                    guard !arguments.isEmpty else { throw BenchError.usage("--photos needs a directory") }
                    photos = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                    portraits = true
                case "--eyes":
                    guard !arguments.isEmpty else { throw BenchError.usage("--eyes needs a directory") }
                    eyes = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                case "--camera": cameraOnly = true
                case "--write-camera-frames":
                    guard !arguments.isEmpty else { throw BenchError.usage("--write-camera-frames needs a directory") }
                    cameraFrames = URL(fileURLWithPath: arguments.removeFirst(), isDirectory: true)
                case "--write-slap":
                    guard !arguments.isEmpty else { throw BenchError.usage("--write-slap needs a file") }
                    slapPath = arguments.removeFirst()
                default:
                    throw BenchError.usage(
                        "usage: biocap-bench [--data DIR] [--repeats N] [--write-slap FILE.pgm] [--write-camera-frames DIR] [--dump-finger-features] [--portraits [--photos DIR]] [--eyes DIR] [--camera]")
                }
            }
            if let eyes {
                let check = EyeBench(eyes: try BenchDataSet.eyes(in: eyes))
                let json = try JSONSerialization.data(withJSONObject: check.run(), options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: json, as: UTF8.self))
                return
            }
            if let photos {
                let named = try BenchDataSet.photos(in: photos)
                let check = PortraitBench(faces: named.map(\.image), names: named.map(\.name), detail: true)
                let json = try JSONSerialization.data(withJSONObject: check.run(), options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: json, as: UTF8.self))
                return
            }
            if dump {
                FingerFeatureDump.print(try BenchDataSet.fingerprints(in: dataRoot))
                return
            }
            let data = try BenchDataSet(root: dataRoot)
            if portraits {
                let json = try JSONSerialization.data(withJSONObject: PortraitBench(faces: data.faces, detail: true).run(),
                                                      options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: json, as: UTF8.self))
                return
            }
            if cameraOnly {
                let json = try JSONSerialization.data(withJSONObject: CameraBench(faces: data.faces, repeats: repeats).run(),
                                                      options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: json, as: UTF8.self))
                return
            }
            let slap = SyntheticSlap.make()
            if let slapPath {
                // The same slap for scripts/bench_baseline.py.
                try Data(NetPBM.encode(slap)).write(to: URL(fileURLWithPath: slapPath))
            }
            if let cameraFrames {
                try FileManager.default.createDirectory(at: cameraFrames, withIntermediateDirectories: true)
            }
            let results = try QualityBench(data: data, slap: slap, repeats: repeats, cameraFrames: cameraFrames).run()
            let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: json, as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("biocap-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// `$BIOCAP_SHARED/data`, else `../shared/data` from the working directory (the repository root).
    static func defaultDataRoot() -> URL {
        if let shared = ProcessInfo.processInfo.environment["BIOCAP_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared, isDirectory: true).appendingPathComponent("data")
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            .deletingLastPathComponent().appendingPathComponent("shared/data")
    }
}

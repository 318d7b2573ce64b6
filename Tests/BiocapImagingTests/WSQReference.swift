import BiocapCore
import BiocapImaging
import BiocapTestSupport
import Foundation

/// NIST's NBIS WSQ codec, the independent reference, through the format tools' Python (PyPI `wsq` 0.9).
///
/// Decoding goes through the package's Pillow plugin (`import wsq`; `Image.open`), the resolution through its C
/// extension (`_wsq.decompress`). Encoding calls NBIS's `wsq_encode_mem` in that same extension with ctypes, because
/// the plugin's `save` hard-codes 0.75 bpp and 500 ppi (`_wsq.c`: `ratio = 0.75`); the script checks that its
/// ctypes route gives byte for byte what the plugin's `save` gives at 0.75 bpp.
enum WSQReference {
    struct Results {
        /// NBIS's decoding of each decoded file, by its name.
        var decoded: [String: GrayImage] = [:]
        /// The resolution NBIS read from each decoded file.
        var ppi: [String: Int] = [:]
        /// NBIS's encoding of each encoded image, by name.
        var encoded: [String: [UInt8]] = [:]
        /// Whether the ctypes encoder matched the plugin's own `save` at 0.75 bpp.
        var pluginMatches = false
    }

    static let script = #"""
    import ctypes, io, json, os, sys
    import numpy
    from PIL import Image
    import wsq  # registers NBIS as Pillow's WSQ plugin
    import _wsq

    lib = ctypes.CDLL(_wsq.__file__)
    lib.wsq_encode_mem.argtypes = [ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)), ctypes.POINTER(ctypes.c_int),
                                   ctypes.c_float, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                   ctypes.c_int, ctypes.c_char_p]
    libc = ctypes.CDLL(None)

    def nbis_encode(pixels, width, height, rate, ppi):
        out = ctypes.POINTER(ctypes.c_ubyte)()
        length = ctypes.c_int()
        status = lib.wsq_encode_mem(ctypes.byref(out), ctypes.byref(length), rate, pixels, width, height, 8, ppi, None)
        if status != 0:
            raise RuntimeError("wsq_encode_mem failed: %d" % status)
        data = ctypes.string_at(out, length.value)
        libc.free(out)
        return data

    directory = sys.argv[1]
    jobs = json.load(open(os.path.join(directory, "jobs.json")))
    result = {"ppi": {}, "plugin_matches": None}
    for job in jobs["encode"]:
        image = Image.open(os.path.join(directory, job["in"]))
        pixels = numpy.array(image).tobytes()
        data = nbis_encode(pixels, image.size[0], image.size[1], job["rate"], 500)
        open(os.path.join(directory, job["out"]), "wb").write(data)
        if job["rate"] == 0.75 and result["plugin_matches"] is None:
            saved = io.BytesIO()
            image.save(saved, "WSQ")
            result["plugin_matches"] = saved.getvalue() == data
    for job in jobs["decode"]:
        path = os.path.join(directory, job["in"])
        image = Image.open(path)
        image.load()
        image.save(os.path.join(directory, job["out"]))
        result["ppi"][job["in"]] = _wsq.decompress(open(path, "rb").read())[3]
    print(json.dumps(result))
    """#

    /// Encodes `images` (name → image) with NBIS at `bitRate` and decodes `files` (name → WSQ bytes) with it.
    /// Nil when the format tools are missing (the caller skips or, on CI, fails).
    static func run(encoding images: [String: GrayImage], bitRate: Double, decoding files: [String: [UInt8]]) throws -> Results? {
        guard FormatTools.python != nil else { return nil }
        let directory = try TestData.temporaryDirectory("wsq-nbis")
        defer { try? FileManager.default.removeItem(at: directory) }
        var encodeJobs: [[String: Any]] = [], decodeJobs: [[String: Any]] = []
        for (name, image) in images {
            try Data(NetPBM.encode(image)).write(to: directory.appendingPathComponent("\(name).pgm"))
            encodeJobs.append(["in": "\(name).pgm", "out": "\(name).nbis.wsq", "rate": bitRate])
        }
        for (name, bytes) in files {
            try Data(bytes).write(to: directory.appendingPathComponent("\(name).wsq"))
            decodeJobs.append(["in": "\(name).wsq", "out": "\(name).decoded.pgm"])
        }
        try JSONSerialization.data(withJSONObject: ["encode": encodeJobs, "decode": decodeJobs])
            .write(to: directory.appendingPathComponent("jobs.json"))
        let (status, output) = try FormatTools.run(script: script, arguments: [directory.path], timeout: 300)
        guard status == 0, let line = output.split(separator: "\n").last,
              let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw ReferenceFailure(output: output)
        }
        var results = Results()
        results.pluginMatches = json["plugin_matches"] as? Bool ?? false
        for name in images.keys {
            results.encoded[name] = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).nbis.wsq")))
        }
        for name in files.keys {
            results.decoded[name] = try NetPBM.decodeGray([UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).decoded.pgm"))))
        }
        for (name, value) in json["ppi"] as? [String: Int] ?? [:] { results.ppi[String(name.dropLast(4))] = value }
        return results
    }

    struct ReferenceFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "the NBIS reference script failed:\n\(output)" }
    }
}

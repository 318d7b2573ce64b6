import ArgumentParser
import BiocapHID
import Foundation

/// `biocapctl hid decode RECORDING.hid`: the pen samples of a hid-recorder recording.
struct HIDDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Decode a hid-recorder recording (R: descriptor, E: reports) into pen samples; no daemon needed.",
        discussion: """
            With --json, one JSON object per line per report: {"time", "reportID", "x", "y", "pressure", "tip", "inRange"} \
            (pressure and inRange null when the report has none), or {"time", "reportID", "skipped"} for a report that is \
            not a pen report or is too short. Exit 1 when the file does not parse or its descriptor has no pen report.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The recording (.hid, hid-recorder text format).")
    var file: String

    /// Recordings of minutes of pen are a few MB.
    static let maximumFileBytes = 64 << 20

    struct Sample: Encodable {
        var time: Double
        var reportID: Int?
        var x: Int64?
        var y: Int64?
        var pressure: Int64?
        var tip: Bool?
        var inRange: Bool?
        var skipped: String?

        enum Key: String, CodingKey {
            case time, reportID, x, y, pressure, tip, inRange, skipped
        }

        /// Explicit nulls for a pen report's missing values; only time, report id and reason for a skipped one.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(time, forKey: .time)
            try container.encode(reportID, forKey: .reportID)
            if let skipped {
                try container.encode(skipped, forKey: .skipped)
                return
            }
            try container.encode(x, forKey: .x)
            try container.encode(y, forKey: .y)
            try container.encode(pressure, forKey: .pressure)
            try container.encode(tip, forKey: .tip)
            try container.encode(inRange, forKey: .inRange)
        }
    }

    func run() throws {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError(.failed, "cannot read \(file)") }
        let data = (try? handle.read(upToCount: Self.maximumFileBytes + 1)) ?? Data()
        try? handle.close()
        guard data.count <= Self.maximumFileBytes else { throw CLIError(.failed, "\(file): larger than \(Self.maximumFileBytes) bytes") }
        let recording: HIDRecording
        do { recording = try HIDRecording(text: String(decoding: data, as: UTF8.self)) } catch {
            throw CLIError(.failed, "\(file): \(error.description)")
        }
        var pens: [Int: [PenReport]] = [:]
        for (device, bytes) in recording.descriptors {
            do { pens[device] = PenReport.find(in: try HIDReportDescriptor(bytes: bytes)) } catch {
                throw CLIError(.failed, "\(file): the report descriptor of device \(device) does not parse: \(error.description)")
            }
        }
        guard pens.values.contains(where: { !$0.isEmpty }) else { throw CLIError(.failed, "\(file): its report descriptor has no pen report") }
        var samples: [Sample] = []
        samples.reserveCapacity(recording.events.count)
        for event in recording.events {
            let id = event.bytes.first.map(Int.init)
            let candidates = pens[event.device] ?? []
            guard let sample = candidates.lazy.compactMap({ $0.decode(event.bytes) }).first else {
                let numbered = candidates.contains { $0.reportID != nil }
                samples.append(Sample(time: event.time, reportID: numbered ? id : nil, skipped: "not a pen report, or too short"))
                continue
            }
            let numbered = candidates.contains { $0.reportID != nil && $0.reportID == event.bytes.first }
            samples.append(Sample(time: event.time, reportID: numbered ? id : nil, x: sample.x, y: sample.y, pressure: sample.pressure,
                                  tip: sample.tip, inRange: sample.inRange))
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            var output: [UInt8] = []
            for sample in samples {
                output += [UInt8]((try? encoder.encode(sample)) ?? Data())
                output.append(0x0A)
            }
            Console.out(bytes: output)
            return
        }
        var table = Table(["TIME", "REPORT", "X", "Y", "PRESSURE", "TIP", "IN-RANGE"])
        for sample in samples {
            let time = String(format: "%.6f", sample.time), report = sample.reportID.map(String.init) ?? "-"
            if let skipped = sample.skipped {
                table.add([time, report, skipped, "", "", "", ""])
                continue
            }
            func flag(_ value: Bool?) -> String { value.map { $0 ? "1" : "0" } ?? "-" }
            table.add([time, report, sample.x.map(String.init) ?? "-", sample.y.map(String.init) ?? "-",
                       sample.pressure.map(String.init) ?? "-", flag(sample.tip), flag(sample.inRange)])
        }
        Console.out(table.render())
    }
}

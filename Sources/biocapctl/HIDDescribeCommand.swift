import ArgumentParser
import BiocapHID
import Foundation

/// `biocapctl hid describe DESCRIPTOR.hex`: the pen report a HID report descriptor declares.
struct HIDDescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Print the pen report of a HID report descriptor (a .hex file); no daemon needed.",
        discussion: """
            The file holds the descriptor's bytes as hex, separated by spaces or newlines (0x prefixes and commas allowed). \
            Prints the report id, its length and, for X, Y, pressure, tip and in-range (and tilt and scan time when present), \
            the bit offset counted from byte 0 of the report including the report id, the bit size, logical and physical \
            ranges, unit and exponent. Exit 1 when the descriptor does not parse or has no pen report.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The report descriptor (.hex).")
    var file: String

    /// The largest descriptor read: HID descriptors are at most a few KiB; USB caps them at 65,535 bytes.
    static let maximumFileBytes = 1 << 20

    func run() throws {
        let bytes = try Self.readHex(file)
        let descriptor: HIDReportDescriptor
        do { descriptor = try HIDReportDescriptor(bytes: bytes) } catch {
            throw CLIError(.failed, "\(file): not a usable report descriptor: \(error.description)")
        }
        let pens = PenReport.find(in: descriptor)
        guard !pens.isEmpty else {
            let ids = descriptor.inputReports.keys.map { $0.map { String($0) } ?? "unnumbered" }.sorted()
            throw CLIError(.failed, "\(file): no pen report (no input report with X, Y and a tip in a pen, digitizer or mouse application)",
                           hints: ["input reports: \(ids.isEmpty ? "none" : ids.joined(separator: ", "))"])
        }
        let report = HIDPenReportJSON(pens)
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.out(bytes: [UInt8]((try? encoder.encode(report)) ?? Data()))
            return
        }
        var lines = ["pen report \(report.reportID.map { "id \($0)" } ?? "unnumbered"), \(report.reportBytes) bytes with the id, "
            + "application \(report.application ?? "none")"]
        var table = Table(["FIELD", "BIT", "SIZE", "LOGICAL", "PHYSICAL", "UNIT", "EXP"])
        for name in ["x", "y", "pressure", "tip", "inRange", "xTilt", "yTilt", "scanTime"] {
            guard let field = report.fields[name] else { continue }
            table.add([name, String(field.bitOffset), String(field.bitSize), "\(field.logicalMinimum)…\(field.logicalMaximum)",
                       "\(field.physicalMinimum)…\(field.physicalMaximum)", field.unit ?? "-", String(field.unitExponent)])
        }
        lines.append(table.render())
        if let area = report.activeAreaMillimetres {
            lines.append(String(format: "active area %.1f × %.1f mm", area[0], area[1]))
        } else {
            lines.append("active area: not given or not believable in the descriptor")
        }
        if !report.otherPenReportIDs.isEmpty {
            lines.append("also pen reports: " + report.otherPenReportIDs.map { $0.map(String.init) ?? "unnumbered" }.joined(separator: ", "))
        }
        Console.out(lines.joined(separator: "\n"))
    }

    /// The bytes of a hex text file.
    static func readHex(_ path: String) throws -> [UInt8] {
        let text = try readText(path)
        var bytes: [UInt8] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," || $0.isNewline || $0 == "\t" }) {
            let digits = word.hasPrefix("0x") || word.hasPrefix("0X") ? word.dropFirst(2) : word[...]
            guard digits.count <= 2, let byte = UInt8(digits, radix: 16) else {
                throw CLIError(.failed, "\(path): '\(word.prefix(20))' is not a hex byte")
            }
            bytes.append(byte)
        }
        guard !bytes.isEmpty else { throw CLIError(.failed, "\(path): no bytes") }
        return bytes
    }

    /// A text file of at most `maximumFileBytes`.
    static func readText(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError(.failed, "cannot read \(path)") }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: maximumFileBytes + 1)) ?? Data()
        guard data.count <= maximumFileBytes else { throw CLIError(.failed, "\(path): larger than \(maximumFileBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError(.failed, "\(path): not text") }
        return text
    }
}

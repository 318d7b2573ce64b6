import BiocapCore
import BiocapRecords
import BiocapTestSupport
import Foundation
import Testing

/// IDEMIA's `nistitl` (an independent ANSI/NIST-ITL implementation, in the pinned format tools) reads what we
/// write, field for field, and we read what it writes.
@Suite struct ANSINISTInteropTests {
    /// Prints every record of a transaction as nistitl parsed it: type, and each field's value (text as nistitl
    /// holds it; binary as its length and SHA-256).
    static let dumpScript = """
        import hashlib, json, sys
        import nistitl
        message = nistitl.Message()
        message.parse(open(sys.argv[1], 'rb').read())
        records = []
        for record in message:
            fields = {}
            for field in record._fields:
                if isinstance(field, nistitl.BinaryField):
                    fields[str(field.tag)] = {'bytes': len(field.value), 'sha256': hashlib.sha256(field.value).hexdigest()}
                else:
                    fields[str(field.tag)] = field.value
            records.append({'type': record.type, 'fields': fields})
        print(json.dumps(records))
        """

    /// Writes a transaction with nistitl's own writer: Type-1, a Type-2 and a Type-14 of a real fingerprint.
    static let writeScript = """
        import sys
        import nistitl
        from PIL import Image
        image = Image.open(sys.argv[1])
        width, height = image.size
        message = nistitl.Message()
        message.TOT = 'BIO'
        header = message[0]
        header.DAT = '20260102'
        header.DAI = 'REGISTRY'
        header.ORI = 'NISTITL'
        header.TCN = 'nistitl-1'
        text = nistitl.AsciiRecord(2)
        text.IDC = 0
        text._9 = 'ENR-9'
        message += text
        finger = nistitl.AsciiRecord(14)
        finger.IDC = 1
        for name, value in [('IMP', '0'), ('SRC', 'NISTITL'), ('FCD', '20260102'), ('HLL', str(width)), ('VLL', str(height)),
                            ('SLC', '1'), ('THPS', '500'), ('TVPS', '500'), ('CGA', 'NONE'), ('BPX', '8'), ('FGP', '2')]:
            setattr(finger, name, value)
        finger.DATA = image.tobytes()
        message += finger
        open(sys.argv[2], 'wb').write(message.NIST)
        """

    /// A field as nistitl holds it: one item alone as a string (LEN and IDC as numbers), otherwise a list of
    /// subfields, each a string or a list of items.
    static func expected(_ field: NISTField, record: Int) -> Any? {
        switch field.content {
        case .binary(let bytes): return ["bytes": bytes.count, "sha256": RecordDigest.hex(of: bytes)]
        case .text(let subfields):
            if subfields.count == 1, subfields[0].count == 1 {
                return field.number == 2 && record != 1 ? (Int(subfields[0][0]) ?? -1) as Any : subfields[0][0]
            }
            return subfields.map { $0.count == 1 ? $0[0] as Any : $0 as Any }
        }
    }

    static func same(_ left: Any?, _ right: Any?) -> Bool {
        switch (left, right) {
        case (let a as String, let b as String): a == b
        case (let a as Int, let b as Int): a == b
        case (let a as NSNumber, let b as Int): a.intValue == b
        case (let a as Int, let b as NSNumber): a == b.intValue
        case (let a as [Any], let b as [Any]): a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (let a as [String: Any], let b as [String: Any]): Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { same(a[$0], b[$0]) }
        default: false
        }
    }

    @Test func nistitlReadsOurTransactionFieldForField() throws {
        guard FormatTools.python != nil else {
            if ExternalTool.required { Issue.record(Comment(rawValue: FormatTools.missingReason)) }
            return
        }
        let directory = try TestData.temporaryDirectory("an2-nistitl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (packet, segments, _) = try ANSINISTFixtures.enrolment()
        for (name, bytes) in [
            ("enrolment", try PacketTransaction.encode(packet, segments: segments)),
            ("mosip", try PacketTransaction.encode(try SamplePackets.packet(id: "mosip", createdAt: ANSINISTFixtures.createdAt),
                                                    options: PacketTransactionOptions(version: .update2013))),
        ] {
            let file = directory.appendingPathComponent("\(name).an2")
            try Data(bytes).write(to: file)
            let result = try FormatTools.run(script: Self.dumpScript, arguments: [file.path])
            try #require(result.status == 0, "nistitl could not parse our \(name) transaction: \(result.output)")
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
            let ours = try NISTTransaction.decode(bytes)
            #expect(parsed.count == ours.records.count)
            var lengths = 0
            for (theirs, record) in zip(parsed, ours.records) {
                let fields = theirs["fields"] as? [String: Any] ?? [:]
                #expect(theirs["type"] as? Int == record.type)
                lengths += (fields["1"] as? Int) ?? 0
                let ignored: Set<String> = record.type == 1 ? ["1", "3"] : ["1"]
                #expect(Set(fields.keys).subtracting(ignored) == Set(record.fields.map { String($0.number) }),
                        "\(name) Type-\(record.type): the same fields")
                for field in record.fields {
                    #expect(Self.same(fields[String(field.number)], Self.expected(field, record: record.type)),
                            "\(name) \(record.type).\(field.number): nistitl read \(String(describing: fields[String(field.number)]))")
                }
                if record.type == 1 {
                    let content = (fields["3"] as? [[String]]) ?? []
                    #expect(content == [["1", String(ours.records.count - 1)]] + ours.records.dropFirst().map { [String($0.type), String($0.idc ?? -1)] })
                }
            }
            #expect(lengths == bytes.count, "\(name): nistitl's LEN values add up to the file")
        }
    }

    @Test func weReadWhatNistitlWrites() throws {
        guard FormatTools.python != nil else {
            if ExternalTool.required { Issue.record(Comment(rawValue: FormatTools.missingReason)) }
            return
        }
        let directory = try TestData.temporaryDirectory("an2-nistitl-writes")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = TestData.data("fingerprints/fvc2000-db1/101_1.pgm")
        let file = directory.appendingPathComponent("nistitl.an2")
        let result = try FormatTools.run(script: Self.writeScript, arguments: [source.path, file.path])
        try #require(result.status == 0, "nistitl could not write: \(result.output)")
        let read = try NISTTransaction.decode([UInt8](try Data(contentsOf: file)))
        #expect(read.records.map(\.type) == [1, 2, 14])
        let header = try NISTTransactionInformation(read.records[0])
        #expect(header.version == "0400" && header.controlNumber == "nistitl-1" && header.originatingAgency == "NISTITL")
        #expect(try NISTDescriptiveText(read.records[1]).enrolmentID == "ENR-9")
        let finger = try NISTFingerprintImage(read.records[2])
        #expect(finger.positions == [.rightIndex] && finger.geometry?.compression == NISTCompression.none)
        #expect(finger.imageData == (try RecordFixtures.fingerprint("fvc2000-db1/101_1.pgm")).pixels)
    }
}

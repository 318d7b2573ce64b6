import BiocapCore
import BiocapRecords
import BiocapTestSupport
import Testing

/// Mutation campaigns over the record readers (`FuzzCampaign`; `scripts/fuzz-parsers` runs them for longer): every
/// damaged input is refused with a `RecordError` or read, never a crash, and whatever is read writes back the same.
@Suite("Parser fuzz: records")
struct RecordParserFuzzTests {
    @Test("ISO/IEC 19794-4, -5 and -6 records: refused, or read and written back byte for byte")
    func isoRecords() throws {
        var seeds = try RecordCorruptionTests.smallRecords().map(\.1)
        seeds += try ["Left_Index.iso", "Face.iso", "Auth_Left_Iris.iso"].map { try RecordFixtures.mosip($0) }
        var campaign = FuzzCampaign("iso-records", rounds: 750)
        while campaign.nextRound() {
            let input = campaign.input(from: seeds)
            guard let written = try? RecordCorruptionTests.decodeAny(input) else { continue }
            campaign.accept()
            #expect(written == input, "\(campaign.name) seed \(campaign.seed) round \(campaign.rounds) writes back differently")
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }

    @Test("ISO/IEC 19794-7 signature records: refused, or read, written back byte for byte and traced")
    func signatureRecords() throws {
        let seeds = try SignatureRecordCorruptionTests.records()
        var campaign = FuzzCampaign("signature-records", rounds: 750)
        while campaign.nextRound() {
            let input = campaign.input(from: seeds)
            guard let record = try? SignatureRecord.decode(input) else { continue }
            campaign.accept()
            #expect(try record.encode() == input, "\(campaign.name) seed \(campaign.seed) round \(campaign.rounds)")
            _ = try? record.trace()
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }

    @Test("ANSI/NIST-ITL transactions: refused, or read and read again from what they write")
    func nistTransactions() throws {
        let (packet, segments, _) = try ANSINISTFixtures.enrolment()
        let seeds = [try PacketTransaction.encode(packet, segments: segments)]
        var campaign = FuzzCampaign("ansi-nist", rounds: 100)
        while campaign.nextRound() {
            guard let read = try? NISTTransaction.decode(campaign.input(from: seeds, focus: 4096)) else { continue }
            campaign.accept()
            #expect(throws: Never.self, "\(campaign.name) seed \(campaign.seed) round \(campaign.rounds)") {
                _ = try NISTTransaction.decode(try read.encode())
            }
        }
        campaign.finish()
        #expect(campaign.accepted > 0 && campaign.accepted < campaign.rounds)
    }

    @Test("packet manifests (JSON): refused or read")
    func manifests() throws {
        let (packet, _, _) = try ANSINISTFixtures.enrolment()
        let seeds = [try packet.manifest.jsonBytes()]
        var campaign = FuzzCampaign("packet-manifests", rounds: 250)
        while campaign.nextRound() {
            if (try? PacketManifest.decode(json: campaign.input(from: seeds, focus: 100_000))) != nil { campaign.accept() }
        }
        campaign.finish()
        #expect(campaign.rounds > 0)
    }
}

import ArgumentParser
import BiocapHandoff
import Foundation

/// `biocap-center verify`: one line per delivered packet, `<packet-id> valid` or what is wrong; exit 0 only when all
/// are valid and every kit's chain is whole.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every packet a kit (or every kit) delivered: signatures, checksums, seals, ISO records, the chain.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Check this kit only.")
    var kit: String?

    func run() async throws {
        if let kit, !DeliveryLayout.isSafeSegment(kit) { throw ValidationError("--kit '\(kit)' is not a kit id") }
        let verdicts: [PacketVerdict]
        do {
            verdicts = try await store.verifier().verify(kitID: kit)
        } catch let error as CenterError {
            throw ValidationError(error.description)
        } catch {
            FileHandle.standardError.write(Data("biocap-center: cannot list the store: \(error)\n".utf8))
            throw ExitCode(2)
        }
        for verdict in verdicts { print(verdict.description) }
        let packets = verdicts.filter { $0.packetID != nil }
        let bad = verdicts.filter { !$0.isValid }
        FileHandle.standardError.write(Data("\(packets.count) packet(s), \(packets.filter(\.isValid).count) valid, \(bad.count) problem line(s)\n".utf8))
        if !bad.isEmpty { throw ExitCode(1) }
    }
}

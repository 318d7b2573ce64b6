import ArgumentParser
import BiocapHandoff
import Foundation

/// `biocap-center fetch`: checks one packet and writes its opened records and manifests into a folder.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Check one packet and write its records (<record-id>.<format>.bin), packet-manifest.json and manifest.json into a folder.")

    @OptionGroup var store: StoreOptions

    @Option(help: "The kit that delivered the packet.")
    var kit: String

    @Option(help: "The packet's id.")
    var packet: String

    @Option(help: "Folder to write into (created if missing).")
    var out: String

    func run() async throws {
        guard DeliveryLayout.isSafeSegment(kit), DeliveryLayout.isSafeSegment(packet) else {
            throw ValidationError("--kit and --packet must be ids (letters, digits, '-', '_', '.')")
        }
        let verdict: PacketVerdict
        do {
            verdict = try await store.verifier().fetch(kitID: kit, packetID: packet, into: URL(fileURLWithPath: out))
        } catch let error as CenterError {
            throw ValidationError(error.description)
        } catch {
            FileHandle.standardError.write(Data("biocap-center: cannot read the store: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print(verdict.description)
        guard verdict.isValid else { throw ExitCode(1) }
        FileHandle.standardError.write(Data("written to \(out)\n".utf8))
    }
}
